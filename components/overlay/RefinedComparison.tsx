import type { ComparisonVerdict } from '../../storage/labels';
import { type MessageKey, t } from '../../utils/i18n';
import { controlKey } from './state/answer-store';
import { useAnswer } from './use-answer';

const VERDICTS: { verdict: ComparisonVerdict; text: MessageKey }[] = [
  { verdict: 'better', text: 'stripVerdictBetter' },
  { verdict: 'same', text: 'stripVerdictSame' },
  { verdict: 'worse', text: 'stripVerdictWorse' },
];
export const COMPARISON_KEY = controlKey('overall', 'stage', 'comparison');

/** `heading` names the list with its length: a message taking the count. */
function List({ heading, items, testId }: { heading: MessageKey; items: string[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>{t(heading, items.length)}</h3>
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
    <section className="panel" aria-label={t('stripCompareLabel')} data-testid="refine-comparison">
      <h3>{t('stripCompareTitle', originalQuery)}</h3>
      {sameAnswer ? (
        <p data-testid="compare-unchanged">{t('stripCompareUnchanged')}</p>
      ) : (
        <>
          <List heading="stripCompareGained" items={c.gained.map((s) => s.url)} testId="compare-gained" />
          <List heading="stripCompareLost" items={c.lost.map((s) => s.url)} testId="compare-lost" />
        </>
      )}
      {c.stillCited.length > 0 && (
        <List heading="stripCompareStillCited" items={c.stillCited} testId="compare-still-cited" />
      )}
      {c.aspects.length > 0 && (
        <List
          heading="stripCompareAspects"
          testId="compare-aspects"
          items={c.aspects.map((a) =>
            a.where
              ? t(
                  a.where.kind === 'sentence' ? 'stripCompareCoveredSentence' : 'stripCompareCoveredSource',
                  a.text,
                  a.where.text,
                )
              : t('stripCompareNotCovered', a.text),
          )}
        />
      )}
      {!sameAnswer && <List heading="stripCompareAdded" items={c.added} testId="compare-added" />}
      {!sameAnswer && <List heading="stripCompareRemoved" items={c.removed} testId="compare-removed" />}
      <fieldset className="row">
        <legend>{t('stripCompareQuestion')}</legend>
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
            {t(text)}
          </button>
        ))}
      </fieldset>
    </section>
  );
}
