import type { KeyboardEvent } from 'react';
import { CITATION_LABELS, RELEVANCE_GRADES, RELEVANCE_NAMES, STAGE_LABELS } from '../../storage/labels';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { humanise, LabelToggles } from './panels/LabelToggles';
import { gradeKey, gradePayload, supportKey, supportPayload } from './state/judgements';
import { ToggleButton } from './ToggleButton';
import { useAnswer } from './use-answer';

export const CARD_KEYS_HINT = 'Keys on the link: 0–3 grade the source, S / P / N its support, Esc closes.';

/** The longest part of the sentence quoted in the support question; the rest is cut at a word, with "…". */
const QUOTE_CHARS = 90;

function clip(text: string): string {
  if (text.length <= QUOTE_CHARS) return text;
  const cut = text.slice(0, QUOTE_CHARS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), QUOTE_CHARS / 2))}…`;
}

export interface CitationCardProps {
  sourceId: string;
  /** The sentence the page's marker follows, when it could be told. */
  sentenceId: string | null;
  onClose(): void;
}

/**
 * At one of the page's own citation links: how relevant the source is (0–3, in words), and whether it supports the
 * sentence the link follows. The same controls, and the same stored feedback, as the strip's panels.
 */
export function CitationCard({ sourceId, sentenceId, onClose }: CitationCardProps) {
  const trace = useAnswer((s) => s.trace);
  const given = useAnswer((s) => s.given);
  const ready = useAnswer((s) => s.traceId !== null);
  const give = useAnswer((s) => s.give);
  const retract = useAnswer((s) => s.retract);
  const source = trace.sources.find((s) => s.id === sourceId);
  if (!source) return null;
  const sentence = trace.answer.sentences.find((s) => s.id === sentenceId);
  const name = `[${source.position + 1}] ${source.domain}`;
  const gradeAt = gradeKey(sourceId);
  const grade = given[gradeAt]?.kind === 'relevance' ? given[gradeAt].value : null;
  const supportAt = sentence ? supportKey(sentence.id, sourceId) : null;
  const support = supportAt && given[supportAt]?.kind === 'label' ? given[supportAt].value.label : null;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    onClose();
  };

  return (
    <section className="card" aria-label={`Source ${name}`} onKeyDown={onKeyDown} data-testid="citation-card">
      <p className="card-title">
        <span className="pos">{name}</span> {shown(source.title || source.url)}
      </p>
      <fieldset className="row">
        <legend>How relevant is it?</legend>
        {RELEVANCE_GRADES.map((g) => (
          <ToggleButton
            key={g}
            className="chip"
            pressed={grade === g}
            disabled={!ready}
            label={`${source.domain}: ${g} ${RELEVANCE_NAMES[g]}`}
            onToggle={() => (grade === g ? retract(gradeAt) : give(gradeAt, gradePayload(sourceId, g)))}
          >
            {g} {RELEVANCE_NAMES[g]}
          </ToggleButton>
        ))}
      </fieldset>
      <fieldset className="row">
        <legend>Anything wrong with it?</legend>
        <LabelToggles
          stage="retrieval"
          target={{ type: 'source', sourceId }}
          targetKey={`source:${sourceId}`}
          labels={STAGE_LABELS.retrieval}
          itemName={source.domain}
        />
      </fieldset>
      {sentence && supportAt && (
        <fieldset className="row">
          <legend>Does it support “{shown(clip(trace.answer.text.slice(sentence.start, sentence.end)))}”?</legend>
          {CITATION_LABELS.map((label) => (
            <ToggleButton
              key={label}
              className="chip"
              pressed={support === label}
              disabled={!ready}
              label={`${source.domain} for this sentence: ${humanise(label)}`}
              onToggle={() =>
                support === label ? retract(supportAt) : give(supportAt, supportPayload(sentence.id, sourceId, label))
              }
            >
              {humanise(label)}
            </ToggleButton>
          ))}
        </fieldset>
      )}
      <p className="hint">{CARD_KEYS_HINT}</p>
      <button type="button" aria-label="Close" onClick={onClose}>
        ✕
      </button>
    </section>
  );
}
