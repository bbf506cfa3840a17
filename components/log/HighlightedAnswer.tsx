import type { FeedbackEvent } from '../../storage/schema';
import { t } from '../../utils/i18n';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { labelName } from './filter-words';
import { answerSegments, locateSpan, type SpanRange } from './highlight-spans';
import { listOf, tCount } from './words';

interface Props {
  text: string;
  /** The answer's effective feedback; span labels among them are highlighted. */
  events: readonly FeedbackEvent[];
  testId?: string;
}

/** The answer as text nodes, with labelled spans in `<mark>` and each label's name written after its span. */
export function HighlightedAnswer({ text, events, testId = 'detail-answer' }: Props) {
  const spans = events.map((e) => locateSpan(text, e)).filter((s): s is SpanRange => s !== undefined);
  const spanEvents = events.filter((e) => e.kind === 'label' && e.target.type === 'span').length;
  const unplaced = spanEvents - spans.length;
  if (!text) return <p className="empty">{t('logNoAnswerText')}</p>;
  return (
    <>
      <p className="answer-text" data-testid={testId}>
        {answerSegments(text, spans).map((segment) =>
          segment.labels.length === 0 ? (
            <span key={segment.start}>{shown(segment.text)}</span>
          ) : (
            <mark
              key={segment.start}
              data-labels={segment.labels.join(' ')}
              title={listOf(segment.labels.map(labelName))}
            >
              {shown(segment.text)}
              {segment.endingLabels.map((label) => (
                <span key={label} className="mark-label">
                  {labelName(label)}
                </span>
              ))}
            </mark>
          ),
        )}
      </p>
      {unplaced > 0 && <p className="hint">{tCount('logSpansNotFound', unplaced)}</p>}
    </>
  );
}
