import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useLayoutEffect } from 'react';
import { createPortal } from 'react-dom';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { type Origin, STAGES } from '../../storage/labels';
import { type DashboardCounts, readDashboardCounts, readRecentFeedback } from '../../storage/queries/dashboard';
import { describeEvent, labelName, stageName } from '../../utils/describe-event';
import { type MessageKey, t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { useTheme } from '../log/use-theme';
import { CountBars } from './CountBars';
import { fillCounts, translateStatic } from './counts-table';
import { Diagnostics } from './Diagnostics';
import { PauseSwitch } from './PauseSwitch';
import { ReportPageButton } from './ReportPageButton';
import { TeachSite } from './TeachSite';

/** `firstCounts`, read before the first render (see the entrypoint), fill the popup's first frame. */
export function Popup({ firstCounts }: { firstCounts?: DashboardCounts }) {
  useTheme();
  const db = getDb();
  const counts = useLiveQuery(() => readDashboardCounts(db), [], firstCounts);
  const recent = useLiveQuery(() => readRecentFeedback(db, 5), []);

  useLayoutEffect(() => fillCounts(document, counts, 'live'), [counts]);
  // Normally done by the first frame already; again here in case that script did not run.
  useLayoutEffect(() => translateStatic(document), []);
  const pauseSlot = document.getElementById('pause-slot');

  // The header and the counts table are static markup in entrypoints/popup/index.html (see counts-table.ts).
  return (
    <>
      {pauseSlot ? createPortal(<PauseSwitch />, pauseSlot) : <PauseSwitch />}
      {counts && (
        <>
          <CountBars
            title={t('popupByStage')}
            counts={counts.by.stage}
            order={STAGES.map((stage) => ({ key: stage, name: stageName(stage) }))}
            testId="by-stage"
          />
          <CountBars title={t('popupBySite')} counts={counts.by.site} testId="by-site" />
          <CountBars
            title={t('popupTopLabels')}
            counts={counts.by.label}
            nameOf={labelName}
            testId="by-label"
            limit={5}
          />
          <CountBars title={t('popupByOrigin')} counts={counts.by.origin} nameOf={originName} testId="by-origin" />
        </>
      )}
      <Suspense fallback={null}>
        <ShadowRates />
      </Suspense>
      <Diagnostics />
      <ReportPageButton />
      <TeachSite />
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t('popupRecentHeading')}</h2>
        {recent?.length === 0 && <p className="empty">{t('popupRecentEmpty')}</p>}
        <ul data-testid="recent">
          {recent?.map(({ event, trace }) => (
            <li key={event.id}>
              <span className="what">{describeEvent(event)}</span>
              {trace && (
                <a href={trace.pageUrl} target="_blank" rel="noreferrer" title={trace.pageUrl}>
                  {shown(trace.query || trace.pageUrl)}
                </a>
              )}
            </li>
          ))}
        </ul>
      </section>
      <Suspense fallback={null}>
        <StudiesGiven />
      </Suspense>
      <footer>
        <a href={browser.runtime.getURL('/log.html')} target="_blank" rel="noreferrer">
          {t('popupOpenLog')}
        </a>
        <a href={browser.runtime.getURL('/welcome.html')} target="_blank" rel="noreferrer">
          {t('popupHowItWorks')}
        </a>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          {t('popupOptions')}
        </button>
        <Suspense fallback={<p className="sync-status">{t('popupSyncPlaceholder')}</p>}>
          <SyncStatus />
        </Suspense>
      </footer>
    </>
  );
}

const SyncStatus = lazy(() => import('./SyncStatus'));
const StudiesGiven = lazy(() => import('./StudiesGiven'));
const ShadowRates = lazy(() => import('./ShadowRates'));

const ORIGIN_NAMES = {
  user: 'popupOriginUser',
  shadow: 'popupOriginShadow',
  shadow_confirmed: 'popupOriginShadowConfirmed',
  shadow_rejected: 'popupOriginShadowRejected',
  implicit: 'popupOriginImplicit',
} satisfies Record<Origin, MessageKey>;

/** An origin as the "By origin" chart names it; an unknown one with its underscores as spaces. */
function originName(origin: string): string {
  const key = (ORIGIN_NAMES as Record<string, MessageKey>)[origin];
  return key ? t(key) : origin.replaceAll('_', ' ');
}
