import { t } from '../i18n';
import { listOf } from '../list';
import type { RefineFeedback } from './collect';
import { ENGINE_RULES, type RefineEngine, searchUrl } from './engines';
import { countWords, wordsOf } from './words';

export type Refinement =
  | { kind: 'nothing'; message: string }
  | {
      kind: 'refined';
      engine: RefineEngine;
      query: string;
      url: string;
      /** For chats: the same refinement as a follow-up question in the thread. */
      followUp: string | null;
      /** The feedback events the refined query carries. */
      feedbackEventIds: string[];
      /** What the engine's limits left out, in the user's words. */
      leftOut: string[];
    };

/** Said when there is no feedback to search with yet. */
export const nothingGiven = () => t('bgRefineNothingGiven');
/** Said when the feedback adds nothing to the search. */
export const nothingNew = () => t('bgRefineNothingNew');

interface Part {
  /** Text for operator engines (a term, a "phrase" or -site:domain). */
  text: string;
  /** What the user is told when the part does not fit. */
  label: string;
  eventId: string;
  kind: 'aspect' | 'exclusion';
  /** For chats: the aspect or domain as plain words. */
  plain: string;
}

/**
 * The refined search for one answer, from its feedback: rewritten constraints replace the originals in the query,
 * needed aspects and added sub-queries become terms or quoted phrases, flagged domains become `-site:` (Google,
 * Bing) or a sentence (Perplexity, ChatGPT). Parts that would pass the engine's limits are left out and named.
 */
export function buildRefinement(
  engine: RefineEngine,
  original: { query: string; pageUrl?: string },
  feedback: RefineFeedback,
): Refinement {
  const rules = ENGINE_RULES[engine];
  if (feedback.aspects.length + feedback.rewrites.length + feedback.excluded.length === 0) {
    return { kind: 'nothing', message: nothingGiven() };
  }
  const ids: string[] = [];
  const leftOut: string[] = [];
  let base = original.query.replace(/\s+/g, ' ').trim();
  const pending: { text: string; eventId: string }[] = [];
  for (const rewrite of feedback.rewrites) {
    const replaced = replaceConstraint(base, rewrite.before, rewrite.after);
    if (replaced !== null) {
      if (replaced !== base) ids.push(rewrite.eventId);
      base = replaced;
    } else pending.push({ text: rewrite.after, eventId: rewrite.eventId });
  }
  const parts: Part[] = [];
  const present = () => new Set([...wordsOf(base), ...parts.flatMap((p) => wordsOf(p.plain))]);
  for (const aspect of [...pending, ...feedback.aspects]) {
    const have = present();
    const fresh = wordsOf(aspect.text).filter((w) => !have.has(w));
    if (fresh.length === 0) continue;
    const clean = aspect.text.replace(/["“”]/g, ' ').replace(/\s+/g, ' ').trim();
    const n = countWords(clean);
    const text = n === 1 ? clean : n <= 4 ? `"${clean}"` : freshTerms(clean, have);
    parts.push({ text, label: t('bgRefineQuoted', clean), eventId: aspect.eventId, kind: 'aspect', plain: clean });
  }
  for (const { domain, eventId } of feedback.excluded) {
    parts.push({
      text: `-site:${domain}`,
      label: t('bgRefineLeavingOut', domain),
      eventId,
      kind: 'exclusion',
      plain: domain,
    });
  }

  const kept: Part[] = [];
  let excluded = 0;
  for (const part of parts) {
    const fits =
      (part.kind !== 'exclusion' || excluded < rules.maxExclusions) &&
      fitsLimits(compose(engine, base, [...kept, part]), rules.maxWords, rules.maxChars, rules.operators);
    if (fits) {
      kept.push(part);
      if (part.kind === 'exclusion') excluded += 1;
    } else leftOut.push(part.label);
  }
  ids.push(...kept.map((p) => p.eventId));
  const query = compose(engine, base, kept);
  if (normalise(query) === normalise(original.query)) {
    return { kind: 'nothing', message: leftOut.length > 0 ? tooLong(engine, leftOut) : nothingNew() };
  }
  return {
    kind: 'refined',
    engine,
    query,
    url: searchUrl(engine, query, original.pageUrl),
    followUp: rules.chat ? followUpOf(normalise(base) !== normalise(original.query) ? base : null, kept) : null,
    feedbackEventIds: [...new Set(ids)],
    leftOut,
  };
}

/** The query with parts: operators and phrases on Google and Bing, sentences on the chats. */
function compose(engine: RefineEngine, base: string, parts: readonly Part[]): string {
  if (ENGINE_RULES[engine].operators) return [base, ...parts.map((p) => p.text)].join(' ').trim();
  const aspects = parts.filter((p) => p.kind === 'aspect').map((p) => p.plain);
  const domains = parts.filter((p) => p.kind === 'exclusion').map((p) => p.plain);
  let text = base;
  if (aspects.length > 0) text += `${endsSentence(text) ? '' : '.'} ${alsoCover(aspects)}`;
  if (domains.length > 0) text += `${endsSentence(text) ? '' : '.'} ${t('bgRefineLeaveOutSources', listOf(domains))}`;
  return text.trim();
}

/** "Also cover: a; b." — said to the chat engines in words, and shown to the user before it is sent. */
function alsoCover(aspects: readonly string[]): string {
  const joined = aspects
    .slice(0, -1)
    .reduceRight((rest, a) => t('bgRefineAspectsSeparator', a, rest), aspects.at(-1) ?? '');
  return t('bgRefineAlsoCover', joined);
}

function followUpOf(newBase: string | null, parts: readonly Part[]): string {
  const aspects = parts.filter((p) => p.kind === 'aspect').map((p) => p.plain);
  const domains = parts.filter((p) => p.kind === 'exclusion').map((p) => p.plain);
  const bits = [
    newBase ? t('bgRefineSearchAgainFor', `${newBase}${endsSentence(newBase) ? '' : '.'}`) : t('bgRefineSearchAgain'),
    aspects.length > 0 ? alsoCover(aspects) : '',
    domains.length > 0 ? t('bgRefineLeaveOutSources', listOf(domains)) : '',
  ];
  return bits.filter(Boolean).join(' ');
}

/**
 * The query with a rewritten sub-query's changed words put in place of the words it dropped. Null when none of
 * the dropped words is in the query (the rewrite is then added as an aspect).
 */
export function replaceConstraint(query: string, before: string, after: string): string | null {
  const beforeWords = wordsOf(before);
  const afterWords = new Set(wordsOf(after));
  const dropped = new Set(beforeWords.filter((w) => !afterWords.has(w)));
  const added = after.split(/\s+/).filter((token) => token && wordsOf(token).some((w) => !beforeWords.includes(w)));
  if (dropped.size === 0) return null;
  const tokens = query.split(' ');
  let placed = false;
  let hit = false;
  const out: string[] = [];
  for (const token of tokens) {
    const words = wordsOf(token);
    if (words.length > 0 && words.every((w) => dropped.has(w))) {
      hit = true;
      if (!placed) out.push(...added);
      placed = true;
    } else out.push(token);
  }
  if (!hit) return null;
  const have = new Set(wordsOf(out.join(' ')));
  // Words the rewrite added that are still missing (e.g. nothing was dropped where they belong).
  for (const token of added) if (wordsOf(token).some((w) => !have.has(w)) && !out.includes(token)) out.push(token);
  return out.join(' ').replace(/\s+/g, ' ').trim();
}

function freshTerms(text: string, have: Set<string>): string {
  return text
    .split(/\s+/)
    .filter((token) => wordsOf(token).some((w) => !have.has(w)))
    .join(' ');
}

function fitsLimits(query: string, maxWords: number, maxChars: number, countOperators: boolean): boolean {
  if (query.length > maxChars) return false;
  return !countOperators || countWords(query) <= maxWords;
}

function tooLong(engine: RefineEngine, leftOut: string[]): string {
  const rules = ENGINE_RULES[engine];
  return Number.isFinite(rules.maxWords)
    ? t('bgRefineTooLongWords', rules.maxWords, listOf(leftOut))
    : t('bgRefineTooLongChars', rules.maxChars, listOf(leftOut));
}

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const endsSentence = (s: string) => /[.?!。？！]$/.test(s);
