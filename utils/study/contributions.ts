import Dexie from 'dexie';
import type { StagebackDB } from '../../storage/db';
import type { Enrolment } from './enrolments';

export const STAGE_NAMES = {
  decomposition: 'Sub-queries',
  retrieval: 'Sources',
  answer: 'Answer',
  overall: 'Overall',
} as const;

/** What this browser recorded during a study: feedback by stage and the answers it was on. */
export interface Contribution {
  answers: number;
  events: number;
  byStage: Record<string, number>;
}

/** Feedback recorded between joining and leaving (or now), read from the events' `createdAt` index. */
export async function readContribution(
  db: StagebackDB,
  enrolment: Pick<Enrolment, 'enrolledAt' | 'leftAt'>,
): Promise<Contribution> {
  const byStage: Record<string, number> = {};
  const traces = new Set<string>();
  let events = 0;
  await db.events
    .where('createdAt')
    .between(enrolment.enrolledAt, enrolment.leftAt ?? Dexie.maxKey, true, true)
    .each((event) => {
      events++;
      traces.add(event.traceId);
      byStage[event.stage] = (byStage[event.stage] ?? 0) + 1;
    });
  return { answers: traces.size, events, byStage };
}

/** "Sub-queries 1 · Sources 2 · Answer 0 · Overall 3" in stage order. */
export function describeByStage(byStage: Record<string, number>): string {
  return Object.entries(STAGE_NAMES)
    .map(([stage, name]) => `${name} ${(byStage[stage] ?? 0).toLocaleString()}`)
    .join(' · ');
}
