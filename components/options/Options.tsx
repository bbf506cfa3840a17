import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../utils/i18n';
import { useTheme } from '../log/use-theme';
import { ReadingHealthSection } from './ReadingHealthSection';
import { RecordingSection } from './RecordingSection';
import { RedactionSection } from './RedactionSection';
import { RetentionSection } from './RetentionSection';
import { SitesSection } from './SitesSection';
import { StudySection } from './StudySection';
import { SyncSection } from './SyncSection';
import { ShadowSection } from './shadow/ShadowSection';
import { TaughtSitesSection } from './TaughtSitesSection';
import { ThemeSection } from './ThemeSection';
import { useSettings } from './use-settings';

export function Options() {
  useTheme();
  useEffect(() => {
    document.title = t('optionsTitle');
  }, []);
  const [settings, update] = useSettings();
  return (
    <main className="options">
      <header className="page-header">
        <h1>{t('optionsTitle')}</h1>
        <a href={browser.runtime.getURL('/log.html')} target="_blank" rel="noreferrer">
          {t('optionsOpenLog')}
        </a>
      </header>
      <p>{t('optionsIntro')}</p>
      {settings && (
        <>
          <RecordingSection settings={settings} update={update} />
          <SitesSection settings={settings} update={update} />
          <ReadingHealthSection />
          <TaughtSitesSection />
          <RedactionSection />
          <StudySection />
          <SyncSection />
          <ShadowSection />
          <RetentionSection settings={settings} update={update} />
          <ThemeSection settings={settings} update={update} />
        </>
      )}
    </main>
  );
}
