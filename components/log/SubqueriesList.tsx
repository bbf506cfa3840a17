import type { EditOp, FeedbackKind } from '../../storage/labels';
import type { FeedbackEvent, SubQuery } from '../../storage/schema';
import type { SUBQUERY_ORIGINS } from '../../storage/schema/trace';
import { type MessageKey, t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { labelName } from './filter-words';

interface Props {
  subqueries: readonly SubQuery[];
  events: readonly FeedbackEvent[];
}

/** Where a sub-query came from, as a short tag. */
const SUBQUERY_ORIGINS_SHOWN = {
  shown: 'logSubqueryOriginShown',
  'site-data': 'logSubqueryOriginSiteData',
  user: 'logSubqueryOriginUser',
} satisfies Record<(typeof SUBQUERY_ORIGINS)[number], MessageKey>;

const EDIT_OP_NAMES = {
  add: 'logEditOpAdd',
  remove: 'logEditOpRemove',
  reorder: 'logEditOpReorder',
  rewrite: 'logEditOpRewrite',
  rerank: 'logEditOpRerank',
  add_source: 'logEditOpAddSource',
  correct_answer: 'logEditOpCorrectAnswer',
} satisfies Record<EditOp, MessageKey>;

const KIND_NAMES = {
  rating: 'logKindRating',
  relevance: 'logKindRelevance',
  label: 'logKindLabel',
  comment: 'logKindComment',
  edit: 'logKindEdit',
  implicit: 'logKindImplicit',
  retraction: 'logKindRetraction',
  refinement: 'logKindRefinement',
  comparison: 'logKindComparison',
} satisfies Record<FeedbackKind, MessageKey>;

/** An edit's kind in words; one this version does not know (imported data) as its identifier. */
const editOpName = (op: string) => (Object.hasOwn(EDIT_OP_NAMES, op) ? t(EDIT_OP_NAMES[op as EditOp]) : op);

/** The sub-queries the site ran (or the user added), with their labels and edits. */
export function SubqueriesList({ subqueries, events }: Props) {
  const stageLevel = events.filter((e) => e.stage === 'decomposition' && e.target.type === 'stage');
  if (subqueries.length === 0 && stageLevel.length === 0) {
    return <p className="empty">{t('logNoSubqueries')}</p>;
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
              <span className="meta">{t(SUBQUERY_ORIGINS_SHOWN[sq.origin])}</span>
              <span className="grades">
                {about.map((e) => (
                  <span key={e.id} className="chip">
                    {e.kind === 'label'
                      ? labelName(e.value.label)
                      : e.kind === 'edit'
                        ? t('logEdit', editOpName(e.value.op))
                        : t(KIND_NAMES[e.kind])}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      {stageLevel.map((e) => {
        const after = e.kind === 'edit' && !Array.isArray(e.value.after) ? shown(e.value.after ?? '') : '';
        return (
          <li key={e.id}>
            <span>
              {e.kind === 'label' ? t('logNamedText', labelName(e.value.label), shown(e.value.text ?? '')) : ''}
              {e.kind === 'edit'
                ? after
                  ? t('logEditWithText', editOpName(e.value.op), after)
                  : t('logEdit', editOpName(e.value.op))
                : ''}
            </span>
            <span className="meta">{t('logAddedByUser')}</span>
          </li>
        );
      })}
    </ol>
  );
}
