import type { StagebackDB } from '../../storage/db';
import { readSyncToken } from '../../storage/secrets';
import { checkEndpoint, loadSyncSettings } from '../sync/settings';
import { type CallFailure, fetchReceipts } from './collector-api';
import { currentEnrolment, type Enrolment, loadEnrolments, updateEnrolment } from './enrolments';

/**
 * Asks the collector what it holds for the current study's participant and keeps the answer with the enrolment.
 * Null when there is no study, or sync no longer points at its collector.
 */
export async function refreshReceipts(
  db: StagebackDB,
  doFetch: typeof fetch = fetch,
): Promise<Enrolment | CallFailure | null> {
  const current = currentEnrolment(await loadEnrolments());
  if (!current) return null;
  const endpoint = checkEndpoint((await loadSyncSettings()).endpoint);
  const token = await readSyncToken(db);
  if (!endpoint.ok || endpoint.origin !== current.collector || token === '') return null;
  const answer = await fetchReceipts(current.collector, token, doFetch);
  if (!answer.ok) return answer;
  const updated = { ...current, receipts: answer.receipts, receiptsAt: new Date().toISOString() };
  await updateEnrolment(current.participantId, () => updated);
  return updated;
}
