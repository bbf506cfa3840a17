import type { z } from 'zod';
import type { StagebackDB } from '../../storage/db';
import type { EventWriter } from '../../storage/event-writer';
import { readEffectiveFeedback } from '../../storage/queries/trace-feedback';
import { approveHeld, skipHeld } from '../../storage/sync/outbox';
import { linkRefinedTrace, upsertTrace } from '../../storage/trace-store';
import { makeEvent } from '../content/make-event';
import { recordDiagnostic } from '../diagnostics';
import { MESSAGE_SCHEMAS } from '../messaging/message-schemas';
import {
  type MessageType,
  PAGE_ONLY_MESSAGES,
  type ProtocolMap,
  type Reply,
  type ReplyError,
} from '../messaging/protocol';
import { engineOf, searchUrl } from '../refine/engines';
import { loadSettings } from '../settings';
import { enabledTiers } from '../shadow/tiers';
import type { RunReport } from '../sync/engine';
import type { SyncStatus } from '../sync/status';
import { rulesForOrigin } from '../taught/rule-store';
import { teachRule } from '../taught/teach';
import { wellFormedDeep } from '../text/well-formed';
import type { PageReports } from './page-reports';
import type { PendingRefinements } from './pending-refinements';
import type { QueryHistory } from './query-history';
import type { ShadowModelControl } from './setup-shadow-models';
import { answerProposal, proposalsFor } from './shadow';
import type { TabTraces } from './tab-traces';

export interface BackgroundDeps {
  db: StagebackDB;
  writer: EventWriter;
  queries: QueryHistory;
  /** Which traces each tab captured: content scripts read feedback back only for those. */
  tabTraces: TabTraces;
  /** Injects the overlay script into one frame of a tab. */
  injectOverlay(tabId: number, frameId: number): Promise<void>;
  sync?: SyncControl;
  /** Tabs "Refine" opened, waiting for their answer. */
  refinements?: PendingRefinements;
  /** The shadow agent's exploration draws (Math.random when unset; tests fix it). */
  random?: () => number;
  /** Opens `url` in a new tab next to `openerTabId`; resolves with the new tab's id. */
  openTab?(url: string, openerTabId: number): Promise<number | undefined>;
  /** "Report this page" files waiting for the report page. */
  reports?: PageReports;
  /** Shadow tiers 2 and 3. */
  shadowModels?: ShadowModelControl;
}

/** What the background's sync module offers to pages. */
export interface SyncControl {
  run(force: boolean): Promise<RunReport>;
  status(): Promise<SyncStatus>;
  queueExisting(): Promise<number>;
  /** Something may be due: send soon. */
  nudge(): void;
}

/** Who sent a message: the tab, for content scripts; `fromExtensionPage` when one of our own pages sent it. */
export interface SenderInfo {
  tabId?: number;
  frameId?: number;
  /** The origin of the page the content script runs in (from the browser's sender URL, never from the message). */
  origin?: string;
  fromExtensionPage?: boolean;
}

const shadowModelsOf = (deps: BackgroundDeps): ShadowModelControl => {
  if (!deps.shadowModels) throw new Error('the model tiers are not set up');
  return deps.shadowModels;
};

const syncOf = (deps: BackgroundDeps): SyncControl => {
  if (!deps.sync) throw new Error('sync is not set up');
  return deps.sync;
};

type Data<K extends MessageType> = z.output<(typeof MESSAGE_SCHEMAS)[K]>;
type Ok<K extends MessageType> = ReturnType<ProtocolMap[K]> extends Reply<infer T> ? T : never;

const handlers: {
  [K in MessageType]: (data: Data<K>, deps: BackgroundDeps, sender: SenderInfo) => Promise<Ok<K>>;
} = {
  captureTrace: async (draft, { db, tabTraces, refinements }, { tabId, origin, fromExtensionPage }) => {
    const result = await upsertTrace(db, draft);
    if (tabId === undefined || origin === undefined || fromExtensionPage) return result;
    tabTraces.note(tabId, origin, result.traceId);
    const pending = await refinements?.take(tabId, { siteId: draft.siteId, ...result });
    if (!pending) return result;
    const link = { traceId: pending.originalTraceId, refinementId: pending.refinementId };
    // The search gave the original answer back: nothing to link (a trace never refines itself), but the tab says so.
    if (result.traceId === link.traceId) return { ...result, refinedUnchanged: link };
    return (await linkRefinedTrace(db, result.traceId, link)) ? { ...result, refinedFrom: link } : result;
  },
  openRefinement: async ({ traceId, query, feedbackEventIds }, deps, { tabId }) => {
    if (tabId === undefined || !deps.openTab || !deps.refinements)
      throw new Error('refining opens a tab next to its own');
    const trace = await deps.db.traces.get(traceId);
    const engine = trace ? engineOf(trace.siteId) : null;
    if (!trace || !engine) throw new Error('this answer cannot be searched again from here');
    const url = searchUrl(engine, query, trace.pageUrl);
    const event = makeEvent(traceId, {
      stage: 'overall',
      target: { type: 'stage' },
      kind: 'refinement',
      value: { engine, query, url, feedbackEventIds },
    });
    const written = await deps.writer.write([event]);
    if (written.rejected.length > 0) throw new Error(written.rejected[0]?.reason ?? 'the refinement was not stored');
    const newTab = await deps.openTab(url, tabId);
    if (newTab !== undefined)
      await deps.refinements.expect(newTab, { originalTraceId: traceId, refinementId: event.id, engine });
    return { refinementId: event.id, url };
  },
  getRefinementBasis: async (traceId, { db }) => {
    const trace = await db.traces.get(traceId);
    const link = trace?.refinedFrom;
    if (!link) return null;
    const [original, refinement, feedback] = await Promise.all([
      db.traces.get(link.traceId),
      db.events.get(link.refinementId),
      readEffectiveFeedback(db, link.traceId),
    ]);
    if (!original || refinement?.kind !== 'refinement') return null;
    return { refinement, original, feedback };
  },
  recordEvents: (events, { writer }) => writer.write(events),
  noteQuery: async (data, { queries }, { tabId }) => ({ previous: await queries.note(tabId, data) }),
  getTraceFeedback: (traceId, { db }) => readEffectiveFeedback(db, traceId),
  injectOverlay: async (_data, { injectOverlay }, { tabId, frameId }) => {
    if (tabId === undefined) throw new Error('injectOverlay comes from a tab');
    await injectOverlay(tabId, frameId ?? 0);
    return null;
  },
  getShadowProposals: (traceId, deps) =>
    proposalsFor({ ...deps, tiers: () => enabledTiers(deps.shadowModels?.engines) }, traceId),
  answerProposal: (data, deps) => answerProposal(deps, data),
  getSettings: () => loadSettings(),
  getTaughtRules: async (_data, _deps, { origin, fromExtensionPage }) =>
    origin && !fromExtensionPage ? rulesForOrigin(origin) : [],
  teachRule: async (draft, { injectOverlay }, { tabId, frameId, origin, fromExtensionPage }) => {
    if (tabId === undefined || !origin || fromExtensionPage) throw new Error('a rule is taught on a page');
    const taught = await teachRule(origin, draft);
    await injectOverlay(tabId, frameId ?? 0);
    return taught;
  },
  reportDiagnostic: async (diagnostic) => {
    await recordDiagnostic(diagnostic);
    return null;
  },
  openReport: async (report, { reports, openTab }, { tabId, origin, fromExtensionPage }) => {
    if (tabId === undefined || origin === undefined || fromExtensionPage || !reports || !openTab)
      throw new Error('a page is reported from its own tab');
    const reportId = reports.keep(report);
    await openTab(reports.pageFor(reportId), tabId);
    return { reportId };
  },
  getReport: async (reportId, { reports }) => reports?.get(reportId) ?? null,
  syncNow: (_data, deps) => syncOf(deps).run(true),
  getSyncStatus: (_data, deps) => syncOf(deps).status(),
  approveHeld: async (ids, deps) => {
    const moved = await approveHeld(deps.db, ids);
    if (moved > 0) syncOf(deps).nudge();
    return { moved };
  },
  skipHeld: async (ids, { db }) => ({ moved: await skipHeld(db, ids) }),
  queueExisting: async (_data, deps) => {
    const queued = await syncOf(deps).queueExisting();
    if (queued > 0) syncOf(deps).nudge();
    return { queued };
  },
  proposeWithModels: (traceId, deps) => shadowModelsOf(deps).propose(traceId),
  testShadowModel: (_data, deps) => shadowModelsOf(deps).test(),
  getShadowModelStatus: async (traceId, deps) => shadowModelsOf(deps).statusOf(traceId),
};

/**
 * Validate one incoming message and run its handler. Never throws: an invalid
 * message gets a typed error reply and stores nothing.
 */
export async function dispatch<K extends MessageType>(
  type: K,
  data: unknown,
  deps: BackgroundDeps,
  sender: SenderInfo = {},
): Promise<Reply<Ok<K>>> {
  if (PAGE_ONLY_MESSAGES.has(type) && !sender.fromExtensionPage) {
    return {
      ok: false,
      error: { code: 'forbidden_sender', message: `"${type}" is only taken from the extension's own pages` },
    };
  }
  // Content scripts already replace lone surrogates; this boundary does it again for anything that slipped past
  // (a site's JSON, an older content script): stored text is always well-formed Unicode.
  const parsed = MESSAGE_SCHEMAS[type].safeParse(wellFormedDeep(data));
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_message',
        message: `invalid "${type}" message: ${parsed.error.issues.length} problem(s)`,
        issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
  }
  if (
    (type === 'getTraceFeedback' ||
      type === 'getRefinementBasis' ||
      type === 'openRefinement' ||
      type === 'getShadowProposals' ||
      type === 'answerProposal' ||
      type === 'proposeWithModels' ||
      type === 'getShadowModelStatus') &&
    !sender.fromExtensionPage
  ) {
    const traceId = typeof parsed.data === 'string' ? parsed.data : (parsed.data as { traceId: string }).traceId;
    const { tabId, origin } = sender;
    if (tabId === undefined || origin === undefined || !deps.tabTraces.has(tabId, origin, traceId)) {
      return {
        ok: false,
        error: {
          code: 'forbidden_sender',
          message:
            type === 'openRefinement'
              ? 'a content script may only refine answers its tab captured'
              : type === 'proposeWithModels' || type === 'getShadowModelStatus'
                ? 'a content script may only ask for proposals on answers its tab captured'
                : 'a content script may only read feedback on answers its tab captured',
        },
      };
    }
  }
  // A content script reports the page it runs in, never another site's (its origin comes from the browser).
  if (type === 'openReport' && new URL((parsed.data as { pageUrl: string }).pageUrl).origin !== sender.origin) {
    return { ok: false, error: { code: 'forbidden_sender', message: 'a tab may only report its own page' } };
  }
  try {
    const handler = handlers[type] as (d: unknown, deps: BackgroundDeps, s: SenderInfo) => Promise<Ok<K>>;
    return { ok: true, data: await handler(parsed.data, deps, sender) };
  } catch (error) {
    return { ok: false, error: storageError(error) };
  }
}

export function storageError(error: unknown): ReplyError {
  const name = error instanceof Error ? error.name : '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return { code: 'quota_exceeded', message: `storage is full: ${message}` };
  }
  return { code: 'storage_failed', message };
}
