import Dexie from 'dexie';
import { StagebackDB } from '../../../storage/db';
import { createEventWriter } from '../../../storage/event-writer';
import { DEFAULT_REDACTION_RULES, type RedactionRules } from '../../../storage/queries/redaction-rules';
import type { FeedbackEvent } from '../../../storage/schema';
import { upsertTrace } from '../../../storage/trace-store';
import { createSyncEngine, type SyncEngineDeps } from '../../../utils/sync/engine';
import { CONSENT_VERSION, DEFAULT_SYNC_SETTINGS, type SyncConfig } from '../../../utils/sync/settings';
import { memorySyncState } from '../../../utils/sync/state';
import { uuidv7 } from '../../../utils/uuidv7';
import { spanLabel, thumbs, traceDraft } from '../../support/factories';

/** A browser's worth of sync: its database (fake-indexeddb), settings, state and engine; `clock` moves time. */
export async function syncClient(endpoint: string, overrides: Partial<SyncConfig> = {}) {
  const db = new StagebackDB(`sync-${uuidv7()}`);
  await db.open();
  const settings: SyncConfig = {
    ...DEFAULT_SYNC_SETTINGS,
    token: '',
    enabled: true,
    endpoint,
    consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
    ...overrides,
  };
  let rules: RedactionRules = DEFAULT_REDACTION_RULES;
  const clock = { offset: 0 };
  const state = memorySyncState();
  const writer = createEventWriter(db, { outboxMode: () => (settings.reviewBeforeUpload ? 'held' : 'pending') });
  const make = (extra: Partial<SyncEngineDeps> = {}) =>
    createSyncEngine({
      db,
      settings: async () => settings,
      rules: async () => rules,
      state,
      now: () => Date.now() + clock.offset,
      ...extra,
    });
  return {
    db,
    settings,
    state,
    clock,
    engine: make(),
    make,
    setRules(next: Partial<RedactionRules>) {
      rules = { ...DEFAULT_REDACTION_RULES, ...next };
    },
    /** `answers` new traces with `perAnswer` events each (thumbs and span labels), through the real writer. */
    async record(answers: number, perAnswer: number, extra?: (traceId: string) => FeedbackEvent[]) {
      const events: FeedbackEvent[] = [];
      for (let a = 0; a < answers; a++) {
        const { traceId } = await upsertTrace(db, traceDraft({ query: `question ${uuidv7()}` }));
        for (let i = 0; i < perAnswer; i++) events.push(i % 2 ? spanLabel(traceId) : thumbs(traceId));
        events.push(...(extra?.(traceId) ?? []));
      }
      for (let i = 0; i < events.length; i += 1_000) await writer.write(events.slice(i, i + 1_000));
      return events;
    },
    async close() {
      db.close();
      await Dexie.delete(db.name);
    },
  };
}

export type SyncClient = Awaited<ReturnType<typeof syncClient>>;
