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

/** What the strip says in place of a stage's controls when its part was looked for and not found; else null. */
export function unreadText(readPaths: TraceDraft['readPaths'], stage: Stage): string | null {
  const part = STAGE_PART[stage];
  return part && readPaths?.[part] === 'none' ? (UNREAD_TEXT[stage] ?? null) : null;
}
