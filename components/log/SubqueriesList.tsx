import type { FeedbackEvent, SubQuery } from '../../storage/schema';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { labelName } from './highlight-spans';

interface Props {
  subqueries: readonly SubQuery[];
  events: readonly FeedbackEvent[];
}

/** The sub-queries the site ran (or the user added), with their labels and edits. */
export function SubqueriesList({ subqueries, events }: Props) {
  const stageLevel = events.filter((e) => e.stage === 'decomposition' && e.target.type === 'stage');
  if (subqueries.length === 0 && stageLevel.length === 0) {
    return <p className="empty">The site showed no sub-queries.</p>;
  }
  return (
    <ol className="detail-list" data-testid="detail-subqueries">
      {[...subqueries]
        .sort((a, b) => a.position - b.position)
        .map((sq) => {
          const about = events.filter((e) => e.target.type === 'subquery' && e.target.subqueryId === sq.id);
          return (
            <li key={sq.id}>
              <span>{shown(sq.text)}</span>
              <span className="meta">{sq.origin}</span>
              <span className="grades">
                {about.map((e) => (
                  <span key={e.id} className="chip">
                    {e.kind === 'label' ? labelName(e.value.label) : e.kind === 'edit' ? `edit: ${e.value.op}` : e.kind}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      {stageLevel.map((e) => (
        <li key={e.id}>
          <span>
            {e.kind === 'label' ? `${labelName(e.value.label)}: ${shown(e.value.text ?? '')}` : ''}
            {e.kind === 'edit'
              ? `edit: ${e.value.op} ${Array.isArray(e.value.after) ? '' : shown(e.value.after ?? '')}`
              : ''}
          </span>
          <span className="meta">added by the user</span>
        </li>
      ))}
    </ol>
  );
}
