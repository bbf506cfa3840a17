import type { KeyboardEvent } from 'react';
import { CITATION_LABELS, RELEVANCE_GRADES, STAGE_LABELS } from '../../storage/labels';
import { labelName, relevanceName } from '../../utils/describe-event';
import { t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { LabelToggles } from './panels/LabelToggles';
import { gradeKey, gradePayload, supportKey, supportPayload } from './state/judgements';
import { ToggleButton } from './ToggleButton';
import { useAnswer } from './use-answer';

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
    <section className="card" aria-label={t('stripCardLabel', name)} onKeyDown={onKeyDown} data-testid="citation-card">
      <p className="card-title">
        <span className="pos">{name}</span> {shown(source.title || source.url)}
      </p>
      <fieldset className="row">
        <legend>{t('stripCardHowRelevant')}</legend>
        {RELEVANCE_GRADES.map((g) => (
          <ToggleButton
            key={g}
            className="chip"
            pressed={grade === g}
            disabled={!ready}
            label={t('stripCardGradeLabel', source.domain, g, relevanceName(g))}
            onToggle={() => (grade === g ? retract(gradeAt) : give(gradeAt, gradePayload(sourceId, g)))}
          >
            {t('stripCardGrade', g, relevanceName(g))}
          </ToggleButton>
        ))}
      </fieldset>
      <fieldset className="row">
        <legend>{t('stripCardAnythingWrong')}</legend>
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
          <legend>{t('stripCardSupports', shown(clip(trace.answer.text.slice(sentence.start, sentence.end))))}</legend>
          {CITATION_LABELS.map((label) => (
            <ToggleButton
              key={label}
              className="chip"
              pressed={support === label}
              disabled={!ready}
              label={t('stripCardSupportLabel', source.domain, labelName(label))}
              onToggle={() =>
                support === label ? retract(supportAt) : give(supportAt, supportPayload(sentence.id, sourceId, label))
              }
            >
              {labelName(label)}
            </ToggleButton>
          ))}
        </fieldset>
      )}
      <p className="hint">{t('stripCardKeysHint')}</p>
      <button type="button" aria-label={t('stripClose')} onClick={onClose}>
        ✕
      </button>
    </section>
  );
}
