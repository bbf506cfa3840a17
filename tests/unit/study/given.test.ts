import { describe, expect, it } from 'vitest';
import { writeSyncToken } from '../../../storage/secrets';
import { describeByStage, readContribution } from '../../../utils/study/contributions';
import { type Enrolment, enrolmentsItem, loadEnrolments } from '../../../utils/study/enrolments';
import { refreshReceipts } from '../../../utils/study/refresh-receipts';
import { CONSENT_VERSION, DEFAULT_SYNC_SETTINGS, syncSettingsItem } from '../../../utils/sync/settings';
import { spanLabel, thumbs } from '../../support/factories';
import { useTestDbs } from '../../support/test-db';

const ENROLMENT: Enrolment = {
  studyId: 'sleep',
  studyName: 'Sleep answers',
  collector: 'https://collector.invalid',
  participantId: 'p-1',
  enrolledAt: '2026-12-01T10:00:00.000Z',
  leftAt: null,
  receipts: null,
  receiptsAt: null,
};

describe('what a participant gave', () => {
  const newDb = useTestDbs('given');

  it('counts the feedback recorded while in the study, by stage, and the answers it was on', async () => {
    const db = await newDb();
    const at = (e: ReturnType<typeof thumbs>, createdAt: string) => ({ ...e, createdAt });
    await db.events.bulkAdd([
      at(thumbs('t-before'), '2026-12-01T09:59:59.999Z'),
      at(thumbs('t-1'), '2026-12-01T10:00:00.000Z'),
      at(spanLabel('t-1'), '2026-12-01T11:00:00.000Z'),
      at(spanLabel('t-2'), '2026-12-02T11:00:00.000Z'),
      at(thumbs('t-after'), '2026-12-03T00:00:00.000Z'),
    ]);
    const during = await readContribution(db, { ...ENROLMENT, leftAt: '2026-12-02T23:00:00.000Z' });
    expect(during).toEqual({ answers: 2, events: 3, byStage: { overall: 1, answer: 2 } });
    expect(describeByStage(during.byStage)).toBe('Sub-queries 0 · Sources 0 · Answer 2 · Overall 1');
    expect((await readContribution(db, ENROLMENT)).events).toBe(4); // still in the study: up to now
  });

  it("keeps the collector's receipts with the current study, only while sync points at its collector", async () => {
    const db = await newDb();
    await enrolmentsItem.setValue([ENROLMENT]);
    await writeSyncToken(db, 'sbk_p1');
    const receipts = { traces: 2, events: 5, eventsByStage: { answer: 3, overall: 2 }, lastStoredAt: null };
    const seen: string[] = [];
    const doFetch = (async (url: string, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      seen.push(`${url} ${headers.Authorization}`);
      return new Response(JSON.stringify({ participantId: 'p-1', studyId: 'sleep', ...receipts }));
    }) as typeof fetch;

    expect(await refreshReceipts(db, doFetch)).toBeNull(); // sync is not pointed at the study's collector
    await syncSettingsItem.setValue({
      ...DEFAULT_SYNC_SETTINGS,
      enabled: true,
      endpoint: 'https://collector.invalid/v1/ingest',
      consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
    });
    await refreshReceipts(db, doFetch);
    expect(seen).toEqual(['https://collector.invalid/v1/receipts Bearer sbk_p1']);
    const [stored] = await loadEnrolments();
    expect(stored?.receipts).toEqual(receipts);
    expect(stored?.receiptsAt).not.toBeNull();
  });
});
