import { noRedaction, type Redact, redactUrl } from '../../../storage/exports/redaction';
import type { Trace } from '../../../storage/schema';

/** Bounds on what one request carries, so a long answer cannot run past a small model's context. */
export const INPUT_LIMITS = {
  query: 500,
  sentences: 40,
  sentence: 400,
  sources: 20,
  title: 200,
  snippet: 300,
  url: 300,
  subqueries: 10,
  subquery: 200,
  profile: 600,
  /** The whole input as JSON: about 2,500 tokens, so it fits a 4,096-token context with the prompt and reply. */
  total: 9_000,
} as const;

/**
 * Exactly what is sent to the user's model for one answer (and nothing else): the consent screen lists these
 * fields, and a test holds the request body to them.
 */
export interface ModelInput {
  query: string;
  sentences: { id: string; text: string }[];
  sources: { id: string; title: string; snippet: string; url: string }[];
  subqueries: { id: string; text: string }[];
  /** A short summary of what the shadow has learned from the user (no events, no other answers). */
  profile: string;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function modelInputOf(trace: Trace, profile: string): ModelInput {
  const input = fullInput(trace, profile);
  // Over budget: drop the last source, then the last sentence, in turn (the answer's start matters most).
  let turn = 0;
  while (
    JSON.stringify(input).length > INPUT_LIMITS.total &&
    (input.sources.length > 0 || input.sentences.length > 1)
  ) {
    if ((turn++ % 2 === 0 && input.sources.length > 0) || input.sentences.length <= 1) input.sources.pop();
    else input.sentences.pop();
  }
  return input;
}

function fullInput(trace: Trace, profile: string): ModelInput {
  const text = trace.answer.text;
  return {
    query: cut(trace.query, INPUT_LIMITS.query),
    sentences: trace.answer.sentences
      .map((s) => ({ id: s.id, text: cut(text.slice(s.start, s.end).trim(), INPUT_LIMITS.sentence) }))
      .filter((s) => s.text !== '')
      .slice(0, INPUT_LIMITS.sentences),
    sources: trace.sources.slice(0, INPUT_LIMITS.sources).map((s) => ({
      id: s.id,
      title: cut(s.title, INPUT_LIMITS.title),
      snippet: cut(s.snippet ?? '', INPUT_LIMITS.snippet),
      url: cut(s.url, INPUT_LIMITS.url),
    })),
    subqueries: trace.subqueries
      .slice(0, INPUT_LIMITS.subqueries)
      .map((q) => ({ id: q.id, text: cut(q.text, INPUT_LIMITS.subquery) })),
    profile: cut(profile, INPUT_LIMITS.profile),
  };
}

/** The user's redaction rules on everything sent (masks keep lengths; ids are untouched, so proposals still map). */
export function redactModelInput(input: ModelInput, redact: Redact): ModelInput {
  if (redact === noRedaction) return input;
  return {
    query: redact(input.query),
    sentences: input.sentences.map((s) => ({ id: s.id, text: redact(s.text) })),
    sources: input.sources.map((s) => ({
      id: s.id,
      title: redact(s.title),
      snippet: redact(s.snippet),
      url: redactUrl(s.url, redact),
    })),
    subqueries: input.subqueries.map((q) => ({ id: q.id, text: redact(q.text) })),
    profile: redact(input.profile),
  };
}
