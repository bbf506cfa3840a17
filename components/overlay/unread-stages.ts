import type { Stage } from '../../storage/labels';
import type { TraceDraft } from '../../storage/schema';
import type { ReadField } from '../../utils/adapters/read-paths';
import { type MessageKey, t } from '../../utils/i18n';

/** The part of the answer a stage's controls are about. */
const STAGE_PART: Partial<Record<Stage, ReadField>> = {
  decomposition: 'subqueries',
  retrieval: 'sources',
  answer: 'answer',
};

const UNREAD_TEXT: Partial<Record<Stage, MessageKey>> = {
  decomposition: 'stripUnreadSubqueries',
  retrieval: 'stripUnreadSources',
  answer: 'stripUnreadAnswer',
};

/** Whether the trace holds the part after all (e.g. sub-queries the site's own data gave after the page was read). */
const HOLDS: Partial<Record<ReadField, (t: Pick<TraceDraft, 'subqueries' | 'sources'>) => boolean>> = {
  subqueries: (t) => t.subqueries.length > 0,
  sources: (t) => t.sources.length > 0,
};

/** Said in place of the Sources controls on a complete answer that cites nothing (a chat reply without search). */
export const noSourcesText = () => t('stripNoSources');

/**
 * What the strip says in place of a stage's controls when its part was looked for and not found, or when a
 * complete answer simply cites no sources (nothing to judge there); else null.
 */
export function unreadText(
  trace: Pick<TraceDraft, 'readPaths' | 'subqueries' | 'sources' | 'answer'>,
  stage: Stage,
): string | null {
  const part = STAGE_PART[stage];
  if (!part || HOLDS[part]?.(trace)) return null;
  if (trace.readPaths?.[part] === 'none') {
    const key = UNREAD_TEXT[stage];
    return key ? t(key) : null;
  }
  // Sources may still come while the answer is written: the controls stay until it is complete.
  if (stage === 'retrieval' && trace.answer.complete) return noSourcesText();
  return null;
}
