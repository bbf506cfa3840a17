import type { FeedbackEvent, TraceDraft } from '../../storage/schema';
import { domainOf } from '../url/domain';

/** What in one answer's feedback a new search can act on, each item with the event that said it. */
export interface RefineFeedback {
  /** Aspects the user needed and sub-queries they added. */
  aspects: { text: string; eventId: string }[];
  /** Sub-queries the user rewrote: the site's text and theirs. */
  rewrites: { before: string; after: string; eventId: string }[];
  /** Domains of sources flagged unreliable, outdated, or graded 0 (irrelevant). */
  excluded: { domain: string; eventId: string }[];
}

const JUDGEMENT = new Set<FeedbackEvent['origin']>(['user', 'shadow_confirmed']);
const FLAGS = new Set(['unreliable_source', 'outdated']);

/**
 * Reads the effective feedback (latest state: no replaced events, no tombstones) of one answer. Only the user's
 * own judgements count; a domain is not excluded when another of its sources on this answer was graded 2 or 3.
 */
export function collectRefineFeedback(
  trace: Pick<TraceDraft, 'sources'>,
  events: readonly FeedbackEvent[],
): RefineFeedback {
  const out: RefineFeedback = { aspects: [], rewrites: [], excluded: [] };
  const goodDomains = new Set<string>();
  const flagged: { domain: string; eventId: string }[] = [];
  const domainOfSource = (sourceId: string) => {
    const source = trace.sources.find((s) => s.id === sourceId);
    return source ? source.domain || domainOf(source.url) : '';
  };
  for (const event of events) {
    if (!JUDGEMENT.has(event.origin)) continue;
    const { target } = event;
    if (event.kind === 'label' && event.value.label === 'missing_aspect' && event.value.text?.trim()) {
      out.aspects.push({ text: event.value.text.trim(), eventId: event.id });
    } else if (event.kind === 'edit' && event.stage === 'decomposition') {
      const { op, before, after } = event.value;
      if (op === 'add' && typeof after === 'string' && after.trim()) {
        out.aspects.push({ text: after.trim(), eventId: event.id });
      } else if (op === 'rewrite' && typeof before === 'string' && typeof after === 'string' && after.trim()) {
        if (before.trim() !== after.trim())
          out.rewrites.push({ before: before.trim(), after: after.trim(), eventId: event.id });
      }
    } else if (target.type === 'source' && event.stage === 'retrieval') {
      const domain = domainOfSource(target.sourceId);
      if (!domain) continue;
      if (event.kind === 'relevance') {
        if (event.value === 0) flagged.push({ domain, eventId: event.id });
        else if (event.value >= 2) goodDomains.add(domain);
      } else if (event.kind === 'label' && FLAGS.has(event.value.label)) {
        flagged.push({ domain, eventId: event.id });
      }
    }
  }
  const seen = new Set<string>();
  for (const f of flagged) {
    if (goodDomains.has(f.domain) || seen.has(f.domain)) continue;
    seen.add(f.domain);
    out.excluded.push(f);
  }
  return out;
}
