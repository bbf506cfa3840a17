import { useId, useRef, useState } from 'react';
import { RELEVANCE_GRADES, STAGE_LABELS } from '../../../storage/labels';
import { t } from '../../../utils/i18n';
import { showHiddenCharacters as shown } from '../../../utils/text/visible-controls';
import { parseWebAddress } from '../../../utils/url/web-address';
import { uuidv7 } from '../../../utils/uuidv7';
import { controlKey } from '../state/answer-store';
import { gradeKey, gradePayload } from '../state/judgements';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { ITEM_ATTRIBUTE, itemKeys, sourceKeysHint } from './item-keys';
import { LabelToggles } from './LabelToggles';
import { relevanceName } from './label-names';
import { currentOrder, move } from './order';
import { dragProps, ReorderControls } from './ReorderControls';
import { useSelectedInView } from './use-selected-in-view';

const rerankKey = controlKey('retrieval', 'stage', 'rerank');
/** An example web address (not translated: example.com is reserved for examples everywhere). */
const EXAMPLE_ADDRESS = 'www.example.com/page';

export function SourcesPanel() {
  const sources = useAnswer((s) => s.trace.sources);
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const undo = useAnswer((s) => s.undo);
  const point = useAnswer((s) => s.point);
  const selectedId = useAnswer((s) => s.selected?.sourceId);
  const section = useRef<HTMLElement>(null);
  useSelectedInView(section);
  const original = sources.map((s) => s.id);
  const order = currentOrder(original, given[rerankKey]);
  const byId = new Map(sources.map((s) => [s.id, s]));

  const rerank = (id: string, to: number) => {
    const after = move(order, id, to);
    if (after !== order) {
      void give(rerankKey, {
        stage: 'retrieval',
        target: { type: 'stage' },
        kind: 'edit',
        value: { op: 'rerank', before: original, after },
      });
    }
  };

  return (
    <section className="panel" aria-label={t('panelsSources')} ref={section}>
      {sources.length === 0 ? (
        <p>{t('panelsNoSources')}</p>
      ) : (
        <>
          <p className="progress" data-testid="sources-progress">
            {t('panelsSourcesGraded', gradedCount(sources.map((s) => given[gradeKey(s.id)])), sources.length)}
          </p>
          <p className="hint">{sourceKeysHint()}</p>
          <ol className="items">
            {order.map((id, index) => {
              const source = byId.get(id);
              if (!source) return null;
              const name = t('panelsSourceName', source.position + 1);
              const key = gradeKey(id);
              const grade = given[key]?.kind === 'relevance' ? given[key].value : null;
              const setGrade = (g: (typeof RELEVANCE_GRADES)[number]) =>
                grade === g ? retract(key) : give(key, gradePayload(id, g));
              const onKey = (key: string) => {
                const g = RELEVANCE_GRADES.find((x) => String(x) === key);
                if (g === undefined || !ready) return false;
                void setGrade(g);
                return 'next';
              };
              return (
                <li
                  key={id}
                  className={selectedId === id ? 'item selected' : 'item'}
                  aria-current={selectedId === id ? 'true' : undefined}
                  {...{ [ITEM_ATTRIBUTE]: '' }}
                  // The page marks the source's own links while a control of its item has focus.
                  onFocusCapture={() => point({ type: 'source', id })}
                  onBlurCapture={() => point(null)}
                  onKeyDown={itemKeys(onKey, () => void undo())}
                  {...dragProps(id, (x) => order.indexOf(x), rerank)}
                >
                  <div className="item-head">
                    <span className="pos">{source.position + 1}</span>
                    <SourceTitle title={source.title} url={source.url} />
                    <span className="domain">{shown(source.domain)}</span>
                    <ReorderControls
                      index={index}
                      count={order.length}
                      itemName={name}
                      disabled={!ready}
                      onMove={(to) => rerank(id, to)}
                    />
                  </div>
                  <fieldset className="row">
                    <legend>{t('panelsRelevance')}</legend>
                    {RELEVANCE_GRADES.map((g) => (
                      <ToggleButton
                        key={g}
                        pressed={grade === g}
                        disabled={!ready}
                        label={t('panelsItemGrade', name, g, relevanceName(g))}
                        onToggle={() => void setGrade(g)}
                      >
                        {g}
                      </ToggleButton>
                    ))}
                    <LabelToggles
                      stage="retrieval"
                      target={{ type: 'source', sourceId: id }}
                      targetKey={`source:${id}`}
                      labels={STAGE_LABELS.retrieval}
                      itemName={name}
                    />
                  </fieldset>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <AddSource />
    </section>
  );
}

const gradedCount = (given: ({ kind: string } | undefined)[]) => given.filter((e) => e?.kind === 'relevance').length;

/** A source's title opens the page in a new tab, so it can be checked before it is graded (web addresses only). */
function SourceTitle({ title, url }: { title: string; url: string }) {
  const text = shown(title || url);
  if (!/^https?:\/\//i.test(url)) return <span className="title">{text}</span>;
  return (
    <a className="title" href={url} target="_blank" rel="noopener noreferrer" title={url}>
      {text}
    </a>
  );
}

/** "A source I expected": a URL, validated, stored as an add_source edit. */
function AddSource() {
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const [url, setUrl] = useState('');
  const [error, setError] = useState('');
  const id = useId();
  const added = Object.entries(given).filter(([key]) => key.startsWith('retrieval|added:'));

  const add = () => {
    const typed = parseWebAddress(url);
    if ('error' in typed) {
      setError(typed.error);
      return;
    }
    const parsed = typed.url;
    setError('');
    setUrl('');
    void give(controlKey('retrieval', `added:${uuidv7()}`, 'add_source'), {
      stage: 'retrieval',
      target: { type: 'stage' },
      kind: 'edit',
      value: { op: 'add_source', before: null, after: parsed.href },
    });
  };

  return (
    <div className="add">
      <label htmlFor={id}>{t('panelsSourceField')}</label>
      <input
        id={id}
        type="text"
        inputMode="url"
        placeholder={EXAMPLE_ADDRESS}
        value={url}
        aria-invalid={error !== ''}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setUrl(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && add()}
      />
      <button type="button" disabled={!ready || url.trim() === ''} onClick={add}>
        {t('panelsAddSource')}
      </button>
      {error && (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      )}
      {added.length > 0 && (
        <ul className="added">
          {added.map(([key, event]) => (
            <li key={key}>
              {event.kind === 'edit' ? String(event.value.after) : ''}
              <button type="button" aria-label={t('panelsRemoveAddedSource')} onClick={() => void retract(key)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
