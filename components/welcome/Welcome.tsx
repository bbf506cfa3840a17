import { browser } from 'wxt/browser';
import { t, tParts } from '../../utils/i18n';
import { useTheme } from '../log/use-theme';
import { PassiveChoice } from './PassiveChoice';
import { Shortcuts } from './Shortcuts';
import { StagesPicture } from './StagesPicture';

/** The page that opens on install: what Stageback records and where it stays, how to use it, and one question. */
export function Welcome() {
  useTheme();
  const isFirefox = browser.runtime.getURL('/').startsWith('moz-extension:');
  return (
    <main className="welcome">
      <header>
        <img src="/icon/128.png" alt="" width={64} height={64} />
        <h1>{t('welcomeTitle')}</h1>
      </header>
      <p className="lead">{t('welcomeLead')}</p>

      <section aria-labelledby="what-heading">
        <h2 id="what-heading">{t('welcomeRecordsHeading')}</h2>
        <ul>
          <li>{t('welcomeRecordsAnswer')}</li>
          <li>{t('welcomeRecordsFeedback')}</li>
          <li>{t('welcomeRecordsPassive')}</li>
          <li>
            {tParts('welcomeRecordsStays', 1).map((part) =>
              typeof part === 'string' ? part : <strong key="stays">{t('welcomeRecordsStaysBold')}</strong>,
            )}
          </li>
          <li>{t('welcomeRecordsPrivate')}</li>
        </ul>
        <p>
          {tParts('welcomeRecordsLog', 1).map((part) =>
            typeof part === 'string' ? (
              part
            ) : (
              <a key="log" href={browser.runtime.getURL('/log.html')} target="_blank" rel="noreferrer">
                {t('welcomeRecordsLogLink')}
              </a>
            ),
          )}
        </p>
      </section>

      <section aria-labelledby="stages-heading">
        <h2 id="stages-heading">{t('welcomeStagesHeading')}</h2>
        <StagesPicture />
        <dl className="stages-list">
          <dt>{t('welcomeStageSubqueries')}</dt>
          <dd>{t('welcomeStageSubqueriesText')}</dd>
          <dt>{t('welcomeStageSources')}</dt>
          <dd>{t('welcomeStageSourcesText')}</dd>
          <dt>{t('welcomeStageAnswer')}</dt>
          <dd>{t('welcomeStageAnswerText')}</dd>
          <dt>{t('welcomeStageOverall')}</dt>
          <dd>{t('welcomeStageOverallText')}</dd>
        </dl>
        <p>{t('welcomeStagesBar')}</p>
      </section>

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t('welcomeKeysHeading')}</h2>
        <Shortcuts />
        <p className="hint">
          {isFirefox ? t('welcomeShortcutsFirefox') : t('welcomeShortcutsChrome', 'chrome://extensions/shortcuts')}
        </p>
      </section>

      <section aria-labelledby="passive-heading">
        <h2 id="passive-heading">{t('welcomePassiveHeading')}</h2>
        <PassiveChoice />
      </section>

      <section aria-labelledby="pin-heading">
        <h2 id="pin-heading">{t('welcomePinHeading')}</h2>
        <p>{isFirefox ? t('welcomePinFirefox') : t('welcomePinChrome')}</p>
        <p>
          <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
            {t('welcomeOpenOptions')}
          </button>
        </p>
      </section>
    </main>
  );
}
