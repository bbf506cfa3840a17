import type { FeedbackEvent } from '../../storage/schema';
import { showHiddenCharacters as shown } from '../../utils/text/visible-controls';
import { answerSegments, labelName, locateSpan, type SpanRange } from './highlight-spans';

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
  if (!text) return <p className="empty">No answer text was captured.</p>;
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
              title={segment.labels.map(labelName).join(', ')}
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
      {unplaced > 0 && (
        <p className="hint">
          {unplaced} labelled span{unplaced === 1 ? '' : 's'} could not be found in the captured text.
        </p>
      )}
    </>
  );
}
