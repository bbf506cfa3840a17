import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { type ExportFilter, hasEventCriteria } from '../../storage/exports/filter';
import { ADAPTERS } from '../../utils/adapters/registry';
import { t } from '../../utils/i18n';
import { AnswersView } from './AnswersView';
import { ConfirmDialog } from './ConfirmDialog';
import { ExportPanel } from './ExportPanel';
import { FilterBar } from './FilterBar';
import { ImportPanel } from './ImportPanel';
import { LogTable } from './LogTable';
import { ReviewPanel } from './ReviewPanel';
import { TraceDetail } from './TraceDetail';
import { confirmText, useDeletion } from './use-deletion';
import { useLogRows } from './use-log-rows';
import { useTheme } from './use-theme';
import { tCount } from './words';

/** Sites the adapters know, plus any other site id found in the counters (older or imported data). */
function useSites() {
  const stored = useLiveQuery(
    () =>
      getDb()
        .aggregates.where('key')
        .startsWith('all|site=')
        .primaryKeys()
        .then((keys) => keys.map((k) => String(k).slice('all|site='.length))),
    [],
  );
  return useMemo(() => {
    const names = new Map<string, string>(ADAPTERS.map((a) => [a.id, a.name]));
    for (const id of stored ?? []) if (!names.has(id)) names.set(id, id);
    return [...names].map(([id, name]) => ({ id, name }));
  }, [stored]);
}

export function LogApp() {
  useTheme();
  const [filter, setFilter] = useState<ExportFilter>({});
  const [reloadKey, setReloadKey] = useState(0);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [view, setView] = useState<'answers' | 'table'>('answers');
  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  const log = useLogRows(filter, reloadKey);
  const sites = useSites();
  const siteName = useCallback((id: string) => sites.find((s) => s.id === id)?.name ?? id, [sites]);
  const deletion = useDeletion(reload);
  const filtered = hasEventCriteria(filter) || !!filter.siteIds?.length;
  const dialog = deletion.pending && confirmText(deletion.pending);

  const countText =
    log.count === undefined
      ? tCount('logCountLoaded', log.rows.length)
      : log.countDone
        ? tCount(filtered ? 'logCountEventsMatch' : 'logCountEvents', log.count)
        : tCount('logCountFoundSoFar', log.count);

  return (
    <div className="log-page">
      <header className="page-header">
        <h1>{t('logTitle')}</h1>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {t('logOptionsLink')}
        </a>
      </header>
      <ReviewPanel />
      <FilterBar filter={filter} sites={sites} onChange={setFilter} />
      <div className="toolbar">
        <fieldset className="view-switch">
          <legend className="visually-hidden">{t('logViewSwitch')}</legend>
          <button type="button" aria-pressed={view === 'answers'} onClick={() => setView('answers')}>
            {t('logViewByAnswer')}
          </button>
          <button
            type="button"
            aria-pressed={view === 'table'}
            onClick={() => setView('table')}
            data-testid="view-table"
          >
            {t('logViewTable')}
          </button>
        </fieldset>
        <p role="status" data-testid="log-count">
          {countText}
        </p>
        <p role="status" data-testid="delete-status">
          {deletion.message}
        </p>
        <button
          type="button"
          className="danger"
          disabled={!filtered}
          onClick={() => deletion.ask({ kind: 'filtered', filter, count: log.countDone ? log.count : undefined })}
        >
          {t('logDeleteFiltered')}
        </button>
        <button type="button" className="danger" onClick={() => deletion.ask({ kind: 'all' })}>
          {t('logDeleteEverything')}
        </button>
      </div>
      <div className={selected ? 'log-main with-detail' : 'log-main'}>
        {view === 'answers' ? (
          <AnswersView
            rows={log.rows}
            complete={log.complete}
            reloadKey={reloadKey}
            siteName={siteName}
            onNeedRows={log.loadUpTo}
            onOpen={setSelected}
          />
        ) : (
          <LogTable
            rows={log.rows}
            total={log.countDone ? log.count : undefined}
            complete={log.complete}
            selectedTraceId={selected}
            siteName={siteName}
            onNeedRows={log.loadUpTo}
            onOpen={setSelected}
            onDelete={deletion.deleteEvent}
          />
        )}
        {selected && (
          <TraceDetail
            traceId={selected}
            reloadKey={reloadKey}
            siteName={siteName}
            onClose={() => setSelected(undefined)}
            onDeleteEvent={deletion.deleteEvent}
            onDeleteTrace={(traceId) => deletion.ask({ kind: 'trace', traceId })}
          />
        )}
      </div>
      <div className="panels">
        <ExportPanel filter={filter} />
        <ImportPanel onImported={reload} />
      </div>
      {dialog && <ConfirmDialog open {...dialog} onConfirm={deletion.confirm} onCancel={deletion.cancel} />}
    </div>
  );
}
