import { RELEVANCE_NAMES } from '../../labels';
import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportFormat } from '../format';
import { redactedAnswerOf, sourceOf, targetText } from '../records';
import { type Redact, redactUrl } from '../redaction';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Stageback's own terms, for what the W3C vocabulary has no word for. */
export const STAGEBACK_VOCAB = 'urn:stageback:vocab#';

/**
 * The second context: our terms, and `assessing`, which the published anno.jsonld lacked until 2021
 * (w3c/web-annotation#444); defining it here gives `oa:assessing` under an old cached copy too.
 */
export const EXTRA_CONTEXT = {
  sb: STAGEBACK_VOCAB,
  assessing: 'oa:assessing',
  /** The pipeline stage the feedback is about: decomposition, retrieval, answer or overall. */
  stage: 'sb:stage',
  /** The captured answer the annotation is about (every annotation names it). */
  answer: { '@id': 'sb:answer', '@type': '@id' },
  /** The query the answer was given for, and the site that gave it (on the answer). */
  query: 'sb:query',
  site: 'sb:site',
  /** On a citation judgement: the target is the `claim`, the cited source the `evidence`. */
  role: 'sb:role',
  /** Who gave the feedback: user, shadow, shadow_confirmed, shadow_rejected. */
  origin: 'sb:origin',
} as const;

interface TextualBody {
  type: 'TextualBody';
  purpose: 'assessing' | 'tagging' | 'describing' | 'commenting' | 'editing';
  value: string;
}

const MOTIVATION = {
  rating: 'assessing',
  relevance: 'assessing',
  label: 'assessing',
  comment: 'commenting',
  edit: 'editing',
} as const;

const body = (purpose: TextualBody['purpose'], value: string): TextualBody => ({
  type: 'TextualBody',
  purpose,
  value,
});

function bodiesOf(trace: Trace, event: FeedbackEvent, redact: Redact): unknown[] {
  switch (event.kind) {
    case 'rating': {
      const { scale, score } = event.value;
      const rating = scale === 'thumbs' ? `thumbs ${score > 0 ? 'up' : 'down'}` : `usefulness ${score}/5`;
      return [body('assessing', `${event.stage}: ${rating}`)];
    }
    case 'relevance':
      return [body('assessing', `relevance ${event.value} (${RELEVANCE_NAMES[event.value]})`)];
    case 'label': {
      const { label, text, importance } = event.value;
      const described =
        text === undefined ? [] : [body('describing', importance ? `${importance}: ${redact(text)}` : redact(text))];
      const cited = event.target.type === 'citation' ? sourceOf(trace, event) : undefined;
      // A citation judgement: the target is the claim; the cited source is the evidence it is judged against.
      const evidence = cited ? [{ type: 'SpecificResource', source: cited.url, role: 'evidence' }] : [];
      return [body(event.target.type === 'citation' ? 'assessing' : 'tagging', label), ...described, ...evidence];
    }
    case 'comment':
      return [body('commenting', redact(event.value))];
    case 'edit': {
      const after = event.value.after;
      const names = (ids: string[]) =>
        ids.map((id) =>
          event.stage === 'decomposition'
            ? redact(trace.subqueries.find((q) => q.id === id)?.text ?? id)
            : (trace.sources.find((s) => s.id === id)?.url ?? id),
        );
      const value = after === null ? '(removed)' : typeof after === 'string' ? redact(after) : names(after).join('\n');
      return [body('tagging', event.value.op), body('editing', value)];
    }
    default:
      return [];
  }
}

/**
 * Positions count characters of the captured answer, not of the page, so a selector's `source` is the answer
 * (`urn:uuid:<trace id>`) and the page it was shown on is the `scope` (and the answer's `via`).
 */
function onAnswer(answerId: string, pageUrl: string, selector?: unknown[]) {
  return { type: 'SpecificResource', source: answerId, scope: pageUrl, ...(selector ? { selector } : {}) };
}

function targetOf(trace: Trace, event: FeedbackEvent, pageUrl: string, redact: Redact, answer: string): unknown {
  const answerId = `urn:uuid:${trace.id}`;
  const t = event.target;
  switch (t.type) {
    case 'span':
      return onAnswer(answerId, pageUrl, [
        {
          type: 'TextQuoteSelector',
          exact: targetText(trace, event, redact, answer),
          prefix: redact(t.quote.prefix),
          suffix: redact(t.quote.suffix),
        },
        { type: 'TextPositionSelector', start: t.position.start, end: t.position.end },
      ]);
    case 'citation': {
      const sentence = trace.answer.sentences.find((s) => s.id === t.sentenceId);
      const claim = sentence
        ? onAnswer(answerId, pageUrl, [
            { type: 'TextQuoteSelector', exact: answer.slice(sentence.start, sentence.end) },
            { type: 'TextPositionSelector', start: sentence.start, end: sentence.end },
          ])
        : onAnswer(answerId, pageUrl);
      return { ...claim, role: 'claim' };
    }
    case 'source': {
      const source = sourceOf(trace, event);
      // A grade is the source's relevance to this answer's query.
      return source ? { type: 'SpecificResource', source: source.url, scope: answerId } : onAnswer(answerId, pageUrl);
    }
    case 'subquery': {
      const subquery = trace.subqueries.find((q) => q.id === t.subqueryId);
      // Only a sub-query the page shows can be anchored on it; others are named in a describing body.
      return subquery?.origin === 'shown'
        ? {
            type: 'SpecificResource',
            source: pageUrl,
            selector: { type: 'TextQuoteSelector', exact: redact(subquery.text) },
          }
        : onAnswer(answerId, pageUrl);
    }
    case 'stage':
      return onAnswer(answerId, pageUrl);
  }
}

/** The answer every annotation names: its id, the query, the site, the page it was read from. */
function answerNode(trace: Trace, redact: Redact, pageUrl: string) {
  return {
    id: `urn:uuid:${trace.id}`,
    type: 'Text',
    format: 'text/plain',
    ...(trace.lang ? { language: trace.lang } : {}),
    via: pageUrl,
    site: trace.siteId,
    query: redact(trace.query),
  };
}

export function toAnnotation(trace: Trace, event: FeedbackEvent, redact: Redact, answer: string, pageUrl: string) {
  // A refinement and its comparison are about a second answer, not an annotation of this one's text.
  if (!(event.kind in MOTIVATION)) return undefined;
  const motivation = MOTIVATION[event.kind as keyof typeof MOTIVATION];
  const bodies = bodiesOf(trace, event, redact);
  if (event.target.type === 'subquery') {
    const subquery = trace.subqueries.find((q) => event.target.type === 'subquery' && q.id === event.target.subqueryId);
    if (subquery && subquery.origin !== 'shown') bodies.push(body('describing', `sub-query: ${redact(subquery.text)}`));
  }
  if (event.origin !== 'user') bodies.push(body('tagging', `origin:${event.origin}`));
  return {
    id: `urn:uuid:${event.id}`,
    type: 'Annotation',
    motivation,
    created: event.createdAt,
    ...(event.agent ? { creator: { type: 'Software', name: `${event.agent.name} ${event.agent.version}` } } : {}),
    stage: event.stage,
    origin: event.origin,
    answer: answerNode(trace, redact, pageUrl),
    body: bodies.length === 1 ? bodies[0] : bodies,
    target: targetOf(trace, event, pageUrl, redact, answer),
  };
}

export const webAnnotationFormat = {
  id: 'web-annotation',
  label: 'W3C Web Annotation (JSON-LD)',
  fileExtension: 'jsonld',
  mimeType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  description: 'Labels, grades, edits and comments as W3C annotations in one AnnotationCollection.',
  reads: 'latest',
  create: ({ redact, exportedAt }) => {
    const answerOf = redactedAnswerOf(redact);
    const collectionId = `urn:stageback:export:${exportedAt}`;
    const pageId = `${collectionId}#page1`;
    let total = 0;
    return {
      start: () =>
        `{"@context":${JSON.stringify([ANNO_CONTEXT, EXTRA_CONTEXT])},"id":"${collectionId}",` +
        `"type":"AnnotationCollection","label":"Stageback feedback","first":{"id":"${pageId}",` +
        `"type":"AnnotationPage","partOf":"${collectionId}","startIndex":0,"items":[\n`,
      trace: ({ trace, events }) => {
        const pageUrl = redactUrl(trace.pageUrl, redact);
        let out = '';
        for (const event of events) {
          const annotation = toAnnotation(trace, event, redact, answerOf(trace), pageUrl);
          if (!annotation) continue;
          out += `${total === 0 ? '' : ',\n'}${JSON.stringify(annotation)}`;
          total++;
        }
        return out;
      },
      // The count is known only at the end; JSON key order does not matter, so `total` comes last.
      end: () => `${total === 0 ? '' : '\n'}]},"last":"${pageId}","total":${total}}\n`,
    };
  },
} as const satisfies ExportFormat;
