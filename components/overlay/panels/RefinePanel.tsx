import { useMemo, useState } from 'react';
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
      <section className="panel" aria-label="Refine">
        <p data-testid="refine-nothing">This site’s search cannot be run again from here.</p>
      </section>
    );
  }
  if (refinement.kind === 'nothing') {
    return (
      <section className="panel" aria-label="Refine">
        <p data-testid="refine-nothing">{refinement.message}</p>
      </section>
    );
  }
  const query = edited ?? refinement.query;
  const open = async () => {
    if (!actions || !traceId) return;
    const result = await actions.open(query.trim(), refinement.feedbackEventIds);
    setSaid(
      result.ok ? { ok: true, text: 'Opened in a new tab.' } : { ok: false, text: `Not opened: ${result.message}` },
    );
  };
  const prefill = () => {
    if (!actions || !refinement.followUp) return;
    const done = actions.prefill(refinement.followUp);
    setSaid(
      done
        ? { ok: true, text: 'Put in the question box below. Nothing is sent until you send it.' }
        : { ok: false, text: 'The question box was not found on this page.' },
    );
  };
  return (
    <section className="panel" aria-label="Refine">
      <label className="comment">
        <span>Search again on {ENGINE_NAMES[engine]} with your feedback (you can change it):</span>
        <textarea
          data-testid="refine-query"
          rows={3}
          value={query}
          onInput={(e) => setEdited((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      {refinement.leftOut.length > 0 && (
        <p className="hint" data-testid="refine-left-out">
          Left out, because the site would ignore them: {refinement.leftOut.join(', ')}.
        </p>
      )}
      <div className="row">
        <button
          type="button"
          data-testid="refine-open"
          disabled={!traceId || !query.trim()}
          onClick={() => void open()}
        >
          Open in a new tab
        </button>
        {refinement.followUp && (
          <button type="button" data-testid="refine-follow-up" onClick={prefill}>
            Ask as a follow-up here
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
