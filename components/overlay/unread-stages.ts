import type { Stage } from '../../storage/labels';
import type { TraceDraft } from '../../storage/schema';
import type { ReadField } from '../../utils/adapters/read-paths';

/** The part of the answer a stage's controls are about. */
const STAGE_PART: Partial<Record<Stage, ReadField>> = {
  decomposition: 'subqueries',
  retrieval: 'sources',
  answer: 'answer',
};

const UNREAD_TEXT: Partial<Record<Stage, string>> = {
  decomposition: 'Sub-queries could not be read here',
  retrieval: 'Sources could not be read here',
  answer: 'The answer could not be read here',
};

/** Whether the trace holds the part after all (e.g. sub-queries the site's own data gave after the page was read). */
const HOLDS: Partial<Record<ReadField, (t: Pick<TraceDraft, 'subqueries' | 'sources'>) => boolean>> = {
  subqueries: (t) => t.subqueries.length > 0,
  sources: (t) => t.sources.length > 0,
};

/** What the strip says in place of a stage's controls when its part was looked for and not found; else null. */
export function unreadText(
  trace: Pick<TraceDraft, 'readPaths' | 'subqueries' | 'sources'>,
  stage: Stage,
): string | null {
  const part = STAGE_PART[stage];
  if (!part || trace.readPaths?.[part] !== 'none' || HOLDS[part]?.(trace)) return null;
  return UNREAD_TEXT[stage] ?? null;
}
