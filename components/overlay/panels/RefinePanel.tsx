import { useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../../utils/i18n';
import { buildRefinement } from '../../../utils/refine/build-query';
import { collectRefineFeedback } from '../../../utils/refine/collect';
import { engineOf } from '../../../utils/refine/engines';
import { useAnswer } from '../use-answer';

const ENGINE_NAMES = {
  google: 'Google',
  'google-ai-mode': 'Google AI Mode',
  bing: 'Bing',
  perplexity: 'Perplexity',
  chatgpt: 'ChatGPT',
};

/** Parts in a list, as the user's language writes one without "and" ("a, b, c" in English). */
const listOf = (parts: string[]) =>
  new Intl.ListFormat(browser.i18n.getUILanguage?.() || 'en', { type: 'unit' }).format(parts);

/** "Refine": the search again with this answer's feedback, shown for editing before it opens in a new tab. */
export function RefinePanel() {
  const trace = useAnswer((s) => s.trace);
  const given = useAnswer((s) => s.given);
  const traceId = useAnswer((s) => s.traceId);
  const actions = useAnswer((s) => s.refineActions);
  const engine = engineOf(trace.siteId);
  const refinement = useMemo(
    () =>
      engine
        ? buildRefinement(
            engine,
            { query: trace.query, pageUrl: trace.pageUrl },
            collectRefineFeedback(trace, Object.values(given)),
          )
        : null,
    [engine, trace, given],
  );
  const [edited, setEdited] = useState<string | null>(null);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);

  if (!engine || !refinement) {
    return (
      <section className="panel" aria-label={t('panelsRefine')}>
        <p data-testid="refine-nothing">{t('panelsRefineUnavailable')}</p>
      </section>
    );
  }
  if (refinement.kind === 'nothing') {
    return (
      <section className="panel" aria-label={t('panelsRefine')}>
        <p data-testid="refine-nothing">{refinement.message}</p>
      </section>
    );
  }
  const query = edited ?? refinement.query;
  const open = async () => {
    if (!actions || !traceId) return;
    const result = await actions.open(query.trim(), refinement.feedbackEventIds);
    setSaid(
      result.ok
        ? { ok: true, text: t('panelsRefineOpened') }
        : { ok: false, text: t('panelsRefineNotOpened', result.message) },
    );
  };
  const prefill = () => {
    if (!actions || !refinement.followUp) return;
    const done = actions.prefill(refinement.followUp);
    setSaid(
      done ? { ok: true, text: t('panelsRefinePrefilled') } : { ok: false, text: t('panelsRefineNoQuestionBox') },
    );
  };
  return (
    <section className="panel" aria-label={t('panelsRefine')}>
      <label className="comment">
        <span>{t('panelsRefineSearchAgain', ENGINE_NAMES[engine])}</span>
        <textarea
          data-testid="refine-query"
          rows={3}
          value={query}
          onInput={(e) => setEdited((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {refinement.leftOut.length > 0 && (
        <p className="hint" data-testid="refine-left-out">
          {t('panelsRefineLeftOut', listOf(refinement.leftOut))}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          data-testid="refine-open"
          disabled={!traceId || !query.trim()}
          onClick={() => void open()}
        >
          {t('panelsRefineOpen')}
        </button>
        {refinement.followUp && (
          <button type="button" data-testid="refine-follow-up" onClick={prefill}>
            {t('panelsRefineFollowUp')}
          </button>
        )}
      </div>
      {said && (
        <p role="status" className={said.ok ? 'hint' : 'error'} data-testid="refine-status">
          {said.text}
        </p>
      )}
    </section>
  );
}
