import { useId, useState } from 'react';
import { CITATION_LABELS } from '../../../storage/labels';
import type { FeedbackEvent } from '../../../storage/schema';
import { showHiddenCharacters as shown } from '../../../utils/text/visible-controls';
import { uuidv7 } from '../../../utils/uuidv7';
import { controlKey } from '../state/answer-store';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { GivenList } from './GivenList';
import { ItemAdder } from './ItemAdder';
import { humanise } from './LabelToggles';

export function AnswerPanel() {
  const complete = useAnswer((s) => s.trace.answer.complete);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  return (
    <section className="panel" aria-label="Answer">
      <h3>Labelled passages</h3>
      <p className="hint">
        {complete
          ? 'Select text in the answer on the page to label it (incorrect, unverifiable, irrelevant, repetitive, incoherent).'
          : 'Passage labels open once the answer has finished loading.'}
      </p>
      <SpanList />
      <CitationGrades />
      <h3>Missing information</h3>
      <ItemAdder
        label="Something the answer should have said"
        button="Add"
        withImportance
        disabled={!ready}
        onAdd={(text, importance) =>
          give(controlKey('answer', `missing:${uuidv7()}`, 'missing_information'), {
            stage: 'answer',
            target: { type: 'stage' },
            kind: 'label',
            value: { label: 'missing_information', text, importance },
          })
        }
      />
      <GivenList
        prefix="answer|missing:"
        name="missing information"
        describe={(e) => (e.kind === 'label' ? `${e.value.text ?? ''} (${e.value.importance ?? 'vital'})` : '')}
      />
      <CorrectedAnswer />
    </section>
  );
}

function spanText(e: FeedbackEvent): string {
  return e.target.type === 'span' ? shown(e.target.quote.exact) : '';
}

function SpanList() {
  const given = useAnswer((s) => s.given);
  const orphans = useAnswer((s) => s.orphans);
  const retract = useAnswer((s) => s.retract);
  const spans = Object.entries(given).filter(([key, e]) => key.startsWith('answer|span:') && e.kind === 'label');
  if (spans.length === 0) return null;
  return (
    <ul className="added" data-testid="span-labels">
      {spans.map(([key, e]) => (
        <li key={key} className={orphans.includes(key) ? 'orphan' : undefined}>
          <span className="chip-static">{e.kind === 'label' ? humanise(e.value.label) : ''}</span> “{spanText(e)}”
          {orphans.includes(key) && <em> — not found on the page any more; kept</em>}
          <button type="button" aria-label={`Remove label on “${spanText(e)}”`} onClick={() => void retract(key)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Per sentence and cited source: supports / partially / does not support (ALCE citation precision). */
function CitationGrades() {
  const trace = useAnswer((s) => s.trace);
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const pairs = trace.answer.sentences.flatMap((sentence, i) =>
    trace.sources
      .filter((src) => src.citingSentenceIds.includes(sentence.id))
      .map((src) => ({ sentence, index: i, src })),
  );
  if (pairs.length === 0) return null;
  return (
    <>
      <h3>Do the cited sources support each sentence?</h3>
      <ul className="items citations">
        {pairs.map(({ sentence, index, src }) => {
          const key = controlKey('answer', `citation:${sentence.id}:${src.id}`, 'support');
          const current = given[key]?.kind === 'label' ? given[key].value.label : null;
          const name = `sentence ${index + 1}, source ${src.position + 1}`;
          return (
            <li key={key} className="item">
              <q>{shown(trace.answer.text.slice(sentence.start, sentence.end))}</q>
              <span className="domain">
                [{src.position + 1}] {shown(src.domain)}
              </span>
              <span className="row">
                {CITATION_LABELS.map((label) => (
                  <ToggleButton
                    key={label}
                    className="chip"
                    pressed={current === label}
                    disabled={!ready}
                    label={`${name}: ${humanise(label)}`}
                    onToggle={() =>
                      current === label
                        ? retract(key)
                        : give(key, {
                            stage: 'answer',
                            target: { type: 'citation', sentenceId: sentence.id, sourceId: src.id },
                            kind: 'label',
                            value: { label },
                          })
                    }
                  >
                    {humanise(label)}
                  </ToggleButton>
                ))}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function CorrectedAnswer() {
  const key = controlKey('answer', 'stage', 'correct_answer');
  const original = useAnswer((s) => s.trace.answer.text);
  const saved = useAnswer((s) => s.given[key]);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const [text, setText] = useState(saved?.kind === 'edit' ? String(saved.value.after) : original);
  const id = useId();
  return (
    <div className="comment">
      <label htmlFor={id}>Corrected answer</label>
      <textarea id={id} rows={6} value={text} onChange={(e) => setText(e.target.value)} maxLength={200_000} />
      <button
        type="button"
        disabled={!ready || text.trim() === '' || text === original}
        onClick={() =>
          give(key, {
            stage: 'answer',
            target: { type: 'stage' },
            kind: 'edit',
            value: { op: 'correct_answer', before: original, after: text },
          })
        }
      >
        Save corrected answer
      </button>
    </div>
  );
}
