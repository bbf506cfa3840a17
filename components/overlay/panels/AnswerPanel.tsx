import { useId, useRef, useState } from 'react';
import { CITATION_LABELS } from '../../../storage/labels';
import type { FeedbackEvent } from '../../../storage/schema';
import { t } from '../../../utils/i18n';
import { showHiddenCharacters as shown } from '../../../utils/text/visible-controls';
import { uuidv7 } from '../../../utils/uuidv7';
import { controlKey, type Selected } from '../state/answer-store';
import { supportKey, supportPayload } from '../state/judgements';
import { ToggleButton } from '../ToggleButton';
import { useAnswer } from '../use-answer';
import { GivenList } from './GivenList';
import { ItemAdder } from './ItemAdder';
import { citationKeysHint, ITEM_ATTRIBUTE, itemKeys } from './item-keys';
import { humanise } from './LabelToggles';
import { importanceName } from './label-names';
import { useSelectedInView } from './use-selected-in-view';

export function AnswerPanel() {
  const complete = useAnswer((s) => s.trace.answer.complete);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  return (
    <section className="panel" aria-label={t('panelsAnswer')}>
      <h3>{t('panelsLabelledPassages')}</h3>
      <p className="hint">{complete ? t('panelsSpanHint') : t('panelsSpanHintLoading')}</p>
      <SpanList />
      <CitationGrades />
      <h3>{t('panelsMissingInformation')}</h3>
      <ItemAdder
        label={t('panelsMissingInformationField')}
        button={t('panelsAdd')}
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
        removeLabel={(text) => t('panelsRemoveMissingInformation', text)}
        describe={(e) =>
          e.kind === 'label'
            ? t('panelsMissingWithImportance', e.value.text ?? '', importanceName(e.value.importance ?? 'vital'))
            : ''
        }
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
          <span className="chip-static">{e.kind === 'label' ? humanise(e.value.label) : ''}</span>{' '}
          {t('panelsQuoted', spanText(e))}
          {orphans.includes(key) && <em> {t('panelsSpanNotFound')}</em>}
          <button type="button" aria-label={t('panelsRemoveSpanLabel', spanText(e))} onClick={() => void retract(key)}>
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
      <h3>{t('panelsCitationsHeading')}</h3>
      <p className="progress" data-testid="citations-progress">
        {t('panelsCitationsProgress', graded, pairs.length)}
      </p>
      <p className="hint">{citationKeysHint()}</p>
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
              const name = t('panelsPairName', index + 1, src.position + 1);
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
                      label={t('panelsItemLabel', name, humanise(label))}
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
      <label htmlFor={id}>{t('panelsCorrectedAnswer')}</label>
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
        {t('panelsSaveCorrectedAnswer')}
      </button>
    </div>
  );
}
