import type { ComparisonVerdict } from '../../storage/labels';
import { controlKey } from './state/answer-store';
import { useAnswer } from './use-answer';

const VERDICTS: { verdict: ComparisonVerdict; text: string }[] = [
  { verdict: 'better', text: 'Better' },
  { verdict: 'same', text: 'About the same' },
  { verdict: 'worse', text: 'Worse' },
];
export const COMPARISON_KEY = controlKey('overall', 'stage', 'comparison');

function List({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>
        {title} ({items.length})
      </h3>
      {items.length > 0 && (
        <ul className="items">
          {items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Beside an answer that "Refine" opened: what changed from the original, and the user's verdict. */
export function RefinedComparison() {
  const refined = useAnswer((s) => s.refined);
  const current = useAnswer((s) => s.given[COMPARISON_KEY]);
  const give = useAnswer((s) => s.give);
  const ready = useAnswer((s) => s.traceId !== null);
  if (!refined) return null;
  const { comparison: c, link, originalQuery, unchanged, sameAnswer } = refined;
  const verdict = current?.kind === 'comparison' ? current.value.verdict : null;
  return (
    <section className="panel" aria-label="What changed after refining" data-testid="refine-comparison">
      <h3>What changed from your first search (“{originalQuery}”)</h3>
      {sameAnswer ? (
        <p data-testid="compare-unchanged">
          Nothing changed: searching again with your feedback gave the same answer, with the same sources and the same
          sentences.
        </p>
      ) : (
        <>
          <List title="Sources gained" items={c.gained.map((s) => s.url)} testId="compare-gained" />
          <List title="Sources lost" items={c.lost.map((s) => s.url)} testId="compare-lost" />
        </>
      )}
      {c.stillCited.length > 0 && (
        <List title="Sources you flagged, still cited" items={c.stillCited} testId="compare-still-cited" />
      )}
      {c.aspects.length > 0 && (
        <List
          title="What you asked for"
          testId="compare-aspects"
          items={c.aspects.map((a) =>
            a.where
              ? `${a.text}: covered, in ${a.where.kind === 'sentence' ? `“${a.where.text}”` : `the source “${a.where.text}”`}`
              : `${a.text}: not covered`,
          )}
        />
      )}
      {!sameAnswer && <List title="Sentences added" items={c.added} testId="compare-added" />}
      {!sameAnswer && <List title="Sentences removed" items={c.removed} testId="compare-removed" />}
      <fieldset className="row">
        <legend>Is this answer better than the first one?</legend>
        {VERDICTS.map(({ verdict: v, text }) => (
          <button
            key={v}
            type="button"
            aria-pressed={verdict === v}
            disabled={!ready}
            data-verdict={v}
            onClick={() =>
              void give(COMPARISON_KEY, {
                stage: 'overall',
                target: { type: 'stage' },
                kind: 'comparison',
                value: {
                  refinementId: link.refinementId,
                  originalTraceId: link.traceId,
                  verdict: v,
                  ...(unchanged ? { unchanged: true as const } : {}),
                },
              })
            }
          >
            {text}
          </button>
        ))}
      </fieldset>
    </section>
  );
}
