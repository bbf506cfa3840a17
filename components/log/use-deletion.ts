import { useState } from 'react';
import { getDb } from '../../storage/db';
import { deleteAll, deleteEvents, deleteTraces } from '../../storage/delete';
import { type ExportFilter, hasEventCriteria } from '../../storage/exports/filter';
import { matchingEventIds, matchingTraceIds, prepareFilter } from '../../storage/queries/log';
import { t } from '../../utils/i18n';
import { tCount } from './words';

export type PendingDelete =
  | { kind: 'filtered'; filter: ExportFilter; count: number | undefined }
  | { kind: 'all' }
  | { kind: 'trace'; traceId: string };

const BATCH = 1_000;

async function inBatches(ids: string[], remove: (batch: string[]) => Promise<{ events: number; traces: number }>) {
  const total = { events: 0, traces: 0 };
  for (let i = 0; i < ids.length; i += BATCH) {
    const r = await remove(ids.slice(i, i + BATCH));
    total.events += r.events;
    total.traces += r.traces;
  }
  return total;
}

/**
 * The filtered set is the matching events; a filter that says nothing about events (no filter, or only a site)
 * selects answers, which go with all their feedback, as the log export would carry them.
 */
async function deleteFiltered(filter: ExportFilter) {
  const db = getDb();
  if (!hasEventCriteria(filter)) return inBatches(await matchingTraceIds(db, filter), (b) => deleteTraces(db, b));
  return inBatches(await matchingEventIds(db, await prepareFilter(db, filter)), (b) => deleteEvents(db, b));
}

/** Deleting one event at once, and answers, the filtered set or everything after a confirmation. */
export function useDeletion(onDeleted: () => void) {
  const [pending, setPending] = useState<PendingDelete | undefined>(undefined);
  const [message, setMessage] = useState('');

  const run = async (work: () => Promise<{ events: number; traces: number }>) => {
    try {
      const r = await work();
      const events = tCount('logCountEvents', r.events);
      setMessage(
        r.traces ? t('logDeletedWithAnswers', events, tCount('logCountAnswers', r.traces)) : t('logDeleted', events),
      );
    } catch (error) {
      setMessage(t('logDeleteFailed', error instanceof Error ? error.message : String(error)));
    }
    onDeleted();
  };

  const confirm = () => {
    const p = pending;
    setPending(undefined);
    if (!p) return;
    const db = getDb();
    if (p.kind === 'all') void run(() => deleteAll(db));
    else if (p.kind === 'trace') void run(() => deleteTraces(db, [p.traceId]));
    else void run(() => deleteFiltered(p.filter));
  };

  return {
    pending,
    message,
    ask: setPending,
    cancel: () => setPending(undefined),
    confirm,
    deleteEvent: (eventId: string) => void run(() => deleteEvents(getDb(), [eventId])),
  };
}

export function confirmText(p: PendingDelete): { title: string; message: string; confirmLabel: string } {
  switch (p.kind) {
    case 'all':
      return {
        title: t('logConfirmAllTitle'),
        message: t('logConfirmAllMessage'),
        confirmLabel: t('logConfirmAllButton'),
      };
    case 'trace':
      return {
        title: t('logConfirmTraceTitle'),
        message: t('logConfirmTraceMessage'),
        confirmLabel: t('logConfirmTraceButton'),
      };
    case 'filtered': {
      const message = !hasEventCriteria(p.filter)
        ? t('logConfirmFilteredAnswers')
        : p.count === undefined
          ? t('logConfirmFilteredEventsUncounted')
          : tCount('logConfirmFilteredEvents', p.count);
      return {
        title: t('logConfirmFilteredTitle'),
        message,
        confirmLabel: t('logConfirmFilteredButton'),
      };
    }
  }
}
