import { useId, useRef, useState } from 'react';
import { CITATION_LABELS } from '../../../storage/labels';
import type { FeedbackEvent } from '../../../storage/schema';
import { showHiddenCharacters as shown } from '../../../utils/text/visible-controls';
import { uuidv7 } from '../../../utils/uuidv7';
import { controlKey, type Selected } from '../state/answer-store';
import { supportKey, supportPayload } from '../state/judgements';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { GivenList } from './GivenList';
import { ItemAdder } from './ItemAdder';
import { CITATION_KEYS_HINT, ITEM_ATTRIBUTE, itemKeys } from './item-keys';
import { humanise } from './LabelToggles';
import { useSelectedInView } from './use-selected-in-view';

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

/** Keys for the support grades, in CITATION_LABELS order. */
const SUPPORT_KEYS = { s: 'supports', p: 'partially_supports', n: 'does_not_support' } as const;

/**
 * Per sentence and cited source: supports / partially / does not support (ALCE citation precision). Each sentence
 * is quoted once, with one row per source it cites.
 */
function CitationGrades() {
  const trace = useAnswer((s) => s.trace);
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const undo = useAnswer((s) => s.undo);
  const point = useAnswer((s) => s.point);
  const selected = useAnswer((s) => s.selected);
  const list = useRef<HTMLUListElement>(null);
  useSelectedInView(list);
  const cited = trace.answer.sentences
    .map((sentence, index) => ({
      sentence,
      index,
      sources: trace.sources.filter((src) => src.citingSentenceIds.includes(sentence.id)),
    }))
    .filter((c) => c.sources.length > 0);
  if (cited.length === 0) return null;
  const pairs = cited.flatMap((c) => c.sources.map((src) => supportKey(c.sentence.id, src.id)));
  const graded = pairs.filter((key) => given[key]?.kind === 'label').length;
  return (
    <>
      <h3>Do the cited sources support each sentence?</h3>
      <p className="progress" data-testid="citations-progress">
        Citations: {graded} of {pairs.length} graded
      </p>
      <p className="hint">{CITATION_KEYS_HINT}</p>
      <ul className="items citations" ref={list}>
        {cited.map(({ sentence, index, sources }) => (
          <li
            key={sentence.id}
            className="item"
            // The sentence is marked on the page while a control of its item has focus (capture: focus does not bubble).
            onFocusCapture={() => point({ type: 'sentence', id: sentence.id })}
            onBlurCapture={() => point(null)}
          >
            <q>{shown(trace.answer.text.slice(sentence.start, sentence.end))}</q>
            {sources.map((src) => {
              const key = supportKey(sentence.id, src.id);
              const current = given[key]?.kind === 'label' ? given[key].value.label : null;
              const name = `sentence ${index + 1}, source ${src.position + 1}`;
              const setLabel = (label: (typeof CITATION_LABELS)[number]) =>
                current === label ? retract(key) : give(key, supportPayload(sentence.id, src.id, label));
              const onKey = (pressed: string) => {
                const label = SUPPORT_KEYS[pressed as keyof typeof SUPPORT_KEYS];
                if (!label || !ready) return false;
                void setLabel(label);
                return 'next';
              };
              return (
                <fieldset
                  key={key}
                  className={isSelected(selected, sentence.id, src.id) ? 'row citation selected' : 'row citation'}
                  aria-current={isSelected(selected, sentence.id, src.id) ? 'true' : undefined}
                  {...{ [ITEM_ATTRIBUTE]: '' }}
                  onKeyDown={itemKeys(onKey, () => void undo())}
                >
                  <legend className="domain">
                    [{src.position + 1}] {shown(src.domain)}
                  </legend>
                  {CITATION_LABELS.map((label) => (
                    <ToggleButton
                      key={label}
                      className="chip"
                      pressed={current === label}
                      disabled={!ready}
                      label={`${name}: ${humanise(label)}`}
                      onToggle={() => void setLabel(label)}
                    >
                      {humanise(label)}
                    </ToggleButton>
                  ))}
                </fieldset>
              );
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The pair the user points at on the page (a citation link of that source, following that sentence). */
const isSelected = (selected: Selected | null, sentenceId: string, sourceId: string) =>
  !!selected &&
  (selected.sourceId === null || selected.sourceId === sourceId) &&
  (selected.sentenceId === null || selected.sentenceId === sentenceId);

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
