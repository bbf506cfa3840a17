import type { Trace } from '../../../storage/schema';
import { CONTEXT_LENGTH } from '../../anchoring/describe';
import { t } from '../../i18n';
import type { Proposal, ProposedFeedback, ShadowAgent, ShadowTier } from '../types';
import type { ModelProposal } from './model-output';

export interface ModelProposals {
  proposals: Proposal[];
  /** Proposals that named a sentence, source or sub-query this answer does not have (left out). */
  unknown: number;
}

/** Who proposed, in the words of "Why?": with the model's own reason, or without one. */
export interface ProposalVoice {
  proposed(): string;
  says(reason: string): string;
}

/** The user's own model, named. */
export function ownModelVoice(model: string): ProposalVoice {
  return {
    proposed: () => t('shadowEvidenceOwnModelProposed', model),
    says: (reason) => t('shadowEvidenceOwnModelSays', model, reason),
  };
}

/** A quoted text, shortened to `max` characters (the quotation marks are the message's). */
const cut = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Turns a model's checked answer into proposals on this answer. Each must name something the answer has; those
 * that do not are counted and left out. Repeats of the same target are kept once.
 */
export function toProposals(
  trace: Trace,
  items: readonly ModelProposal[],
  tier: ShadowTier,
  agent: ShadowAgent,
  voice: ProposalVoice,
): ModelProposals {
  const proposals: Proposal[] = [];
  const seen = new Set<string>();
  let unknown = 0;
  for (const item of items) {
    const made = proposalOf(trace, item);
    if (!made) {
      unknown++;
      continue;
    }
    const key = JSON.stringify([made.feedback.stage, made.feedback.target, made.feedback.kind]);
    if (seen.has(key) && item.kind !== 'missing_aspect' && item.kind !== 'missing_subquery') continue;
    seen.add(key);
    const reason = item.reason.trim();
    proposals.push({
      kind: item.kind,
      tier,
      feedback: made.feedback,
      question: made.question,
      evidence: reason === '' ? voice.proposed() : voice.says(reason),
      agent,
    });
  }
  return { proposals, unknown };
}

function proposalOf(trace: Trace, item: ModelProposal): { feedback: ProposedFeedback; question: string } | null {
  switch (item.kind) {
    case 'unsupported_sentence': {
      const sentence = trace.answer.sentences.find((s) => s.id === item.sentenceId);
      if (!sentence) return null;
      const span = spanOf(trace.answer.text, sentence.start, sentence.end);
      if (!span) return null;
      return {
        feedback: {
          stage: 'answer',
          target: { type: 'span', ...span },
          kind: 'label',
          value: { label: 'unverifiable' },
        },
        question: t('shadowQuestionUnsupportedSentence', cut(span.quote.exact)),
      };
    }
    case 'missing_aspect':
      return {
        feedback: {
          stage: 'decomposition',
          target: { type: 'stage' },
          kind: 'label',
          value: { label: 'missing_aspect', text: item.aspect },
        },
        question: t('shadowQuestionMissingAspect', cut(item.aspect)),
      };
    case 'irrelevant_source': {
      const source = trace.sources.find((s) => s.id === item.sourceId);
      if (!source) return null;
      return {
        feedback: { stage: 'retrieval', target: { type: 'source', sourceId: source.id }, kind: 'relevance', value: 0 },
        question: t('shadowQuestionIrrelevantSource', source.domain, cut(source.title, 60)),
      };
    }
    case 'irrelevant_subquery': {
      const subquery = trace.subqueries.find((q) => q.id === item.subqueryId);
      if (!subquery) return null;
      return {
        feedback: {
          stage: 'decomposition',
          target: { type: 'subquery', subqueryId: subquery.id },
          kind: 'label',
          value: { label: 'irrelevant' },
        },
        question: t('shadowQuestionIrrelevantSubquery', cut(subquery.text)),
      };
    }
    case 'missing_subquery':
      return {
        feedback: {
          stage: 'decomposition',
          target: { type: 'stage' },
          kind: 'edit',
          value: { op: 'add', before: null, after: item.subquery },
        },
        question: t('shadowQuestionMissingSubquery', cut(item.subquery)),
      };
  }
}

/** The sentence as a span target (selectors over the answer text), without its surrounding whitespace. */
function spanOf(text: string, from: number, to: number) {
  let start = from;
  let end = Math.min(to, text.length);
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (start === end) return null;
  return {
    quote: {
      type: 'TextQuoteSelector' as const,
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: text.slice(end, end + CONTEXT_LENGTH),
    },
    position: { type: 'TextPositionSelector' as const, start, end },
  };
}
