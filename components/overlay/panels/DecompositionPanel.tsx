import { useState } from 'react';
import type { SubQuery } from '../../../storage/schema';
import { t } from '../../../utils/i18n';
import { showHiddenCharacters as visible } from '../../../utils/text/visible-controls';
import { uuidv7 } from '../../../utils/uuidv7';
import { controlKey } from '../state/answer-store';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { GivenList } from './GivenList';
import { ItemAdder } from './ItemAdder';
import { LabelToggles } from './LabelToggles';
import { currentOrder, move } from './order';
import { dragProps, ReorderControls } from './ReorderControls';

const SUBQUERY_LABELS = ['irrelevant', 'duplicate', 'wrong_order', 'too_broad', 'too_narrow'] as const;
const reorderKey = controlKey('decomposition', 'stage', 'reorder');

export function DecompositionPanel() {
  const subqueries = useAnswer((s) => s.trace.subqueries);
  const availability = useAnswer((s) => s.trace.availability.decomposition);
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const original = subqueries.map((q) => q.id);
  const order = currentOrder(original, given[reorderKey]);
  const byId = new Map(subqueries.map((q) => [q.id, q]));

  const reorder = (id: string, to: number) => {
    const after = move(order, id, to);
    if (after === order) return;
    void give(reorderKey, {
      stage: 'decomposition',
      target: { type: 'stage' },
      kind: 'edit',
      value: { op: 'reorder', before: original, after },
    });
  };

  if (subqueries.length === 0) {
    return (
      <section className="panel" aria-label={t('panelsCoverage')}>
        <p>{availability === 'failed' ? t('panelsSubqueriesFailed') : t('panelsSubqueriesNotShown')}</p>
        <ItemAdder
          label={t('panelsAspectField')}
          button={t('panelsAddAspect')}
          disabled={!ready}
          onAdd={(text) =>
            give(controlKey('decomposition', `aspect:${uuidv7()}`, 'missing_aspect'), {
              stage: 'decomposition',
              target: { type: 'stage' },
              kind: 'label',
              value: { label: 'missing_aspect', text },
            })
          }
        />
        <GivenList
          prefix="decomposition|aspect:"
          removeLabel={(text) => t('panelsRemoveAspect', text)}
          describe={(e) => (e.kind === 'label' ? (e.value.text ?? '') : '')}
        />
      </section>
    );
  }

  return (
    <section className="panel" aria-label={t('panelsSubqueries')}>
      <ol className="items">
        {order.map((id, index) => {
          const q = byId.get(id);
          return q ? (
            <SubQueryItem
              key={id}
              q={q}
              index={index}
              count={order.length}
              onMove={(to) => reorder(id, to)}
              dragIndex={(x) => order.indexOf(x)}
              onDrop={reorder}
            />
          ) : null;
        })}
      </ol>
      <ItemAdder
        label={t('panelsSubqueryField')}
        button={t('panelsAddSubquery')}
        disabled={!ready}
        onAdd={(text) =>
          give(controlKey('decomposition', `added:${uuidv7()}`, 'add'), {
            stage: 'decomposition',
            target: { type: 'stage' },
            kind: 'edit',
            value: { op: 'add', before: null, after: text },
          })
        }
      />
      <GivenList
        prefix="decomposition|added:"
        removeLabel={(text) => t('panelsRemoveAddedSubquery', text)}
        describe={(e) => (e.kind === 'edit' ? String(e.value.after) : '')}
      />
    </section>
  );
}

interface ItemProps {
  q: SubQuery;
  index: number;
  count: number;
  onMove(to: number): void;
  dragIndex(id: string): number;
  onDrop(id: string, to: number): void;
}

function SubQueryItem({ q, index, count, onMove, dragIndex, onDrop }: ItemProps) {
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const removeKey = controlKey('decomposition', `subquery:${q.id}`, 'remove');
  const rewriteKey = controlKey('decomposition', `subquery:${q.id}`, 'rewrite');
  const removed = useAnswer((s) => removeKey in s.given);
  const rewrite = useAnswer((s) => s.given[rewriteKey]);
  const shown = rewrite?.kind === 'edit' ? String(rewrite.value.after) : q.text;
  const [editing, setEditing] = useState<string | null>(null);
  const name = t('panelsSubqueryName', q.position + 1);
  const target = { type: 'subquery', subqueryId: q.id } as const;

  return (
    <li className={`item${removed ? ' removed' : ''}`} {...dragProps(q.id, dragIndex, onDrop)}>
      <div className="item-head">
        {editing === null ? (
          <span className="title">{visible(shown)}</span>
        ) : (
          <input
            aria-label={t('panelsRewriteItem', name)}
            value={editing}
            onChange={(e) => setEditing(e.target.value)}
          />
        )}
        <ReorderControls index={index} count={count} itemName={name} disabled={!ready} onMove={onMove} />
      </div>
      <div className="row">
        <LabelToggles
          stage="decomposition"
          target={target}
          targetKey={`subquery:${q.id}`}
          labels={SUBQUERY_LABELS}
          itemName={name}
        />
        {editing === null ? (
          <button type="button" disabled={!ready} onClick={() => setEditing(shown)}>
            {t('panelsEdit')}
          </button>
        ) : (
          <button
            type="button"
            disabled={editing.trim() === ''}
            onClick={() => {
              if (editing.trim() !== shown) {
                void give(rewriteKey, {
                  stage: 'decomposition',
                  target,
                  kind: 'edit',
                  value: { op: 'rewrite', before: q.text, after: editing.trim() },
                });
              }
              setEditing(null);
            }}
          >
            {t('panelsSave')}
          </button>
        )}
        <ToggleButton
          pressed={removed}
          disabled={!ready}
          label={t('panelsRemoveItem', name)}
          onToggle={() =>
            removed
              ? retract(removeKey)
              : give(removeKey, {
                  stage: 'decomposition',
                  target,
                  kind: 'edit',
                  value: { op: 'remove', before: q.text, after: null },
                })
          }
        >
          {t('panelsRemove')}
        </ToggleButton>
      </div>
    </li>
  );
}
