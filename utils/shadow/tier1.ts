/**
 * Tier 1: always available, on the device, no model. Proposes from this user's own judgements only (the profile):
 * domains they judged, aspects they needed on similar questions, and checks of what the page shows for a cited
 * source. The thresholds below are the shipped ones (the replay test holds them to precision ≥ 0.7).
 */
import type { Source, Trace } from '../../storage/schema';
import { type MessageKey, t, tn } from '../i18n';
import { unshownDetails } from './citation-details';
import { AGENT_NAMES, TIER1_VERSION } from './kinds';
import { decayFactor } from './profile';
import { covers, uniqueTerms } from './terms';
import type { DomainStats, Proposal, ShadowProfileView, ShadowTierEngine } from './types';

export const TIER1 = {
  /** A domain needs this many of the user's own labels … */
  minDomainLabels: 2,
  /** … and this posterior probability that the user's next judgement of it goes the same way. */
  minPosterior: 0.8,
  /** Jeffreys prior Beta(½, ½): two flags and nothing else give 0.83. */
  prior: 0.5,
  /**
   * The share of answers citing the domain on which the user judged it (Beta(½, ½) mean) must reach this: a
   * domain they judge only now and then gets no question they would rather skip.
   */
  minJudgedShare: 0.5,
  /** Term-weighted (idf) cosine between this question and the questions an aspect was needed on. */
  minAspectSimilarity: 0.3,
  /** Citation checks per answer before ranking. */
  maxCitationChecks: 6,
} as const;

const agent = (confidence: number) => ({
  name: AGENT_NAMES[1],
  version: TIER1_VERSION,
  confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 1000) / 1000,
});

/** P(the user's next judgement of this domain is negative), decayed to `now`. */
export function badPosterior(d: DomainStats, now: number): number {
  const f = decayFactor(d.at, now);
  const bad = d.bad * f;
  const good = d.good * f;
  return (bad + TIER1.prior) / (bad + good + 2 * TIER1.prior);
}

/** A quoted text, shortened to `max` characters (the quotation marks are the message's). */
const cut = (s: string, max = 90) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function domainProposals(trace: Trace, view: ShadowProfileView): Proposal[] {
  const out: Proposal[] = [];
  for (const source of trace.sources) {
    const d = view.domains[source.domain];
    if (!d || d.labels < TIER1.minDomainLabels) continue;
    const pBad = badPosterior(d, view.now);
    const judged = (d.labels + TIER1.prior) / (Math.max(d.shown, d.labels) + 2 * TIER1.prior);
    if (judged < TIER1.minJudgedShare) continue;
    const name = source.title.trim() || source.domain;
    const low = d.grades[0] + d.grades[1];
    const high = d.grades[2] + d.grades[3];
    if (pBad >= TIER1.minPosterior) {
      if (d.flags >= low) {
        out.push({
          kind: 'unreliable_source',
          tier: 1,
          feedback: {
            stage: 'retrieval',
            target: { type: 'source', sourceId: source.id },
            kind: 'label',
            value: { label: 'unreliable_source' },
          },
          question: t('shadowQuestionUnreliable', source.domain, cut(name, 60)),
          evidence:
            low > 0
              ? tn('shadowEvidenceFlaggedAndLow', d.flags, source.domain, tn('shadowCountOthers', low))
              : tn('shadowEvidenceFlagged', d.flags, source.domain),
          agent: agent(pBad * judged),
        });
      } else {
        const grade = d.grades[0] >= d.grades[1] ? 0 : 1;
        out.push(
          gradeProposal(
            source,
            grade,
            pBad * judged,
            grade === 0
              ? tn('shadowEvidenceGradedNotRelevant', low, source.domain)
              : tn('shadowEvidenceGradedOnlyRelated', low, source.domain),
          ),
        );
      }
    } else if (1 - pBad >= TIER1.minPosterior && high >= 1) {
      const grade = d.grades[3] > d.grades[2] ? 3 : 2;
      out.push(
        gradeProposal(
          source,
          grade,
          (1 - pBad) * judged,
          d.flags + low > 0
            ? tn('shadowEvidenceGradedRelevantSomeLow', high, source.domain, tn('shadowCountPages', d.flags + low))
            : tn('shadowEvidenceGradedRelevant', high, source.domain),
        ),
      );
    }
  }
  return out;
}

/** The question per relevance grade 0–3 ("… not relevant here?", "… highly relevant here?"). */
const GRADE_QUESTIONS = [
  'shadowQuestionGrade0',
  'shadowQuestionGrade1',
  'shadowQuestionGrade2',
  'shadowQuestionGrade3',
] as const satisfies readonly MessageKey[];

function gradeProposal(source: Source, grade: 0 | 1 | 2 | 3, p: number, evidence: string): Proposal {
  return {
    kind: grade === 0 ? 'irrelevant_source' : 'source_grade',
    tier: 1,
    feedback: { stage: 'retrieval', target: { type: 'source', sourceId: source.id }, kind: 'relevance', value: grade },
    question: t(GRADE_QUESTIONS[grade], cut(source.title.trim() || source.domain, 60), source.domain),
    evidence,
    agent: agent(p),
  };
}

function aspectProposals(trace: Trace, view: ShadowProfileView): Proposal[] {
  const qTerms = uniqueTerms(trace.query);
  if (qTerms.length === 0 || view.aspects.length === 0) return [];
  const idf = (t: string) => Math.log((view.queries + 1) / ((view.termQueries[t] ?? 0) + 1)) + 1;
  const qNorm = Math.sqrt(qTerms.reduce((s, t) => s + idf(t) ** 2, 0));
  const answerText = `${trace.answer.text} ${trace.subqueries.map((s) => s.text).join(' ')}`;
  const out: Proposal[] = [];
  for (const aspect of view.aspects) {
    let dot = 0;
    let norm = 0;
    for (const [t, n] of Object.entries(aspect.terms)) {
      const w = (n / aspect.count) * idf(t);
      norm += w * w;
      if (qTerms.includes(t)) dot += w * idf(t);
    }
    const similarity = norm > 0 && qNorm > 0 ? dot / (Math.sqrt(norm) * qNorm) : 0;
    if (similarity < TIER1.minAspectSimilarity || covers(answerText, aspect.text)) continue;
    out.push({
      kind: 'missing_aspect',
      tier: 1,
      feedback: {
        stage: 'decomposition',
        target: { type: 'stage' },
        kind: 'label',
        value: { label: 'missing_aspect', text: aspect.text },
      },
      question: t('shadowQuestionMissingAspect', cut(aspect.text, 60)),
      evidence: t(
        'shadowEvidenceAspect',
        cut(aspect.text, 60),
        aspect.count === 1 ? t('shadowTimesOnce') : tn('shadowTimes', aspect.count),
        cut(aspect.example, 60),
      ),
      agent: agent(similarity * (aspect.count / (aspect.count + 1)) + 0.3),
    });
  }
  return out;
}

const DETAIL_WEIGHT = { number: 0.3, date: 0.3, negation: 0.15, name: 0.02 } as const;

function citationProposals(trace: Trace): Proposal[] {
  const sentences = new Map(trace.answer.sentences.map((s) => [s.id, trace.answer.text.slice(s.start, s.end)]));
  const candidates: Proposal[] = [];
  for (const source of trace.sources) {
    if (!source.snippet?.trim()) continue;
    for (const sentenceId of source.citingSentenceIds) {
      const text = sentences.get(sentenceId);
      if (!text) continue;
      const unshown = unshownDetails(text, `${source.title} ${source.snippet}`);
      if (!unshown.some((d) => d.kind !== 'name')) continue;
      const weight = Math.min(0.95, 0.45 + unshown.reduce((s, d) => s + DETAIL_WEIGHT[d.kind], 0));
      const shown = unshown
        .slice(0, 3)
        .map((d) => t('shadowQuoted', cut(d.text, 30)))
        .join(', ');
      const name = source.title.trim() || source.domain;
      candidates.push({
        kind: 'citation_check',
        tier: 1,
        feedback: {
          stage: 'answer',
          target: { type: 'citation', sentenceId, sourceId: source.id },
          kind: 'label',
          value: { label: 'does_not_support' },
        },
        question: t('shadowQuestionCitation', cut(name, 50), shown, cut(text, 80)),
        evidence: t('shadowEvidenceCitation', shown, source.domain),
        agent: agent(weight),
      });
    }
  }
  return candidates.sort((a, b) => b.agent.confidence - a.agent.confidence).slice(0, TIER1.maxCitationChecks);
}

export function proposeTier1(trace: Trace, view: ShadowProfileView): Proposal[] {
  return [...domainProposals(trace, view), ...aspectProposals(trace, view), ...citationProposals(trace)];
}

export const tier1: ShadowTierEngine = { tier: 1, proposeFor: proposeTier1 };
