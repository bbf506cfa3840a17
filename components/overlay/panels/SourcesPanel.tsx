import { useId, useState } from 'react';
import { RELEVANCE_GRADES, RELEVANCE_NAMES } from '../../../storage/labels';
import { showHiddenCharacters as shown } from '../../../utils/text/visible-controls';
import { parseWebAddress } from '../../../utils/url/web-address';
import { uuidv7 } from '../../../utils/uuidv7';
import { controlKey } from '../state/answer-store';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { LabelToggles } from './LabelToggles';
import { currentOrder, move } from './order';
import { dragProps, ReorderControls } from './ReorderControls';

const FLAGS = ['unreliable_source', 'outdated', 'inaccessible'] as const;
const rerankKey = controlKey('retrieval', 'stage', 'rerank');

export function SourcesPanel() {
  const sources = useAnswer((s) => s.trace.sources);
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
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
    <section className="panel" aria-label="Sources">
      {sources.length === 0 ? (
        <p>This answer shows no sources.</p>
      ) : (
        <ol className="items">
          {order.map((id, index) => {
            const source = byId.get(id);
            if (!source) return null;
            const name = `source ${source.position + 1}`;
            const gradeKey = controlKey('retrieval', `source:${id}`, 'relevance');
            const grade = given[gradeKey]?.kind === 'relevance' ? given[gradeKey].value : null;
            return (
              <li key={id} className="item" {...dragProps(id, (x) => order.indexOf(x), rerank)}>
                <div className="item-head">
                  <span className="pos">{source.position + 1}</span>
                  <span className="title">{shown(source.title || source.url)}</span>
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
                  <legend>Relevance</legend>
                  {RELEVANCE_GRADES.map((g) => (
                    <ToggleButton
                      key={g}
                      pressed={grade === g}
                      disabled={!ready}
                      label={`${name}: ${g} ${RELEVANCE_NAMES[g]}`}
                      onToggle={() =>
                        grade === g
                          ? retract(gradeKey)
                          : give(gradeKey, {
                              stage: 'retrieval',
                              target: { type: 'source', sourceId: id },
                              kind: 'relevance',
                              value: g,
                            })
                      }
                    >
                      {g}
                    </ToggleButton>
                  ))}
                  <LabelToggles
                    stage="retrieval"
                    target={{ type: 'source', sourceId: id }}
                    targetKey={`source:${id}`}
                    labels={FLAGS}
                    itemName={name}
                  />
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      <AddSource />
    </section>
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
      <label htmlFor={id}>A source you expected</label>
      <input
        id={id}
        type="text"
        inputMode="url"
        placeholder="www.example.com/page"
        value={url}
        aria-invalid={error !== ''}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setUrl(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && add()}
      />
      <button type="button" disabled={!ready || url.trim() === ''} onClick={add}>
        Add source
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
              <button type="button" aria-label="Remove this added source" onClick={() => void retract(key)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
