import { RELEVANCE_NAMES } from '../../labels';
import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportFormat } from '../format';
import { redactedAnswerOf, sourceOf, targetText } from '../records';
import { type Redact, redactUrl } from '../redaction';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

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

function bodiesOf(trace: Trace, event: FeedbackEvent, redact: Redact): TextualBody[] {
  switch (event.kind) {
    case 'rating':
      return [
        body(
          'assessing',
          event.value.scale === 'thumbs'
            ? `thumbs ${event.value.score > 0 ? 'up' : 'down'}`
            : `usefulness ${event.value.score}/5`,
        ),
      ];
    case 'relevance':
      return [body('assessing', `relevance ${event.value} (${RELEVANCE_NAMES[event.value]})`)];
    case 'label': {
      const { label, text, importance } = event.value;
      const described =
        text === undefined ? [] : [body('describing', importance ? `${importance}: ${redact(text)}` : redact(text))];
      return [body('tagging', label), ...described];
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

function targetOf(trace: Trace, event: FeedbackEvent, pageUrl: string, redact: Redact, answer: string): unknown {
  const t = event.target;
  switch (t.type) {
    case 'span':
      return {
        source: pageUrl,
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: targetText(trace, event, redact, answer),
            prefix: redact(t.quote.prefix),
            suffix: redact(t.quote.suffix),
          },
          { type: 'TextPositionSelector', start: t.position.start, end: t.position.end },
        ],
      };
    case 'citation': {
      const sentence = trace.answer.sentences.find((s) => s.id === t.sentenceId);
      const cited = sourceOf(trace, event);
      const sentenceTarget = sentence
        ? {
            source: pageUrl,
            selector: [
              { type: 'TextQuoteSelector', exact: answer.slice(sentence.start, sentence.end) },
              { type: 'TextPositionSelector', start: sentence.start, end: sentence.end },
            ],
          }
        : pageUrl;
      return cited ? [sentenceTarget, cited.url] : sentenceTarget;
    }
    case 'source': {
      const source = sourceOf(trace, event);
      return source ? { source: source.url, scope: pageUrl } : pageUrl;
    }
    case 'subquery': {
      const subquery = trace.subqueries.find((q) => q.id === t.subqueryId);
      // Only a sub-query the page shows can be anchored on it; others are named in a describing body.
      return subquery?.origin === 'shown'
        ? { source: pageUrl, selector: { type: 'TextQuoteSelector', exact: redact(subquery.text) } }
        : pageUrl;
    }
    case 'stage':
      return pageUrl;
  }
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
    body: bodies.length === 1 ? bodies[0] : bodies,
    target: targetOf(trace, event, pageUrl, redact, answer),
  };
}

export const webAnnotationFormat: ExportFormat = {
  id: 'web-annotation',
  label: 'W3C Web Annotation (JSON-LD)',
  fileExtension: 'jsonld',
  mimeType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
  description: 'Labels, grades, edits and comments as W3C annotations in one AnnotationCollection.',
  reads: 'latest',
  create: ({ redact, exportedAt }) => {
    const answerOf = redactedAnswerOf(redact);
    const collectionId = `urn:stageback:export:${exportedAt}`;
    let first = true;
    return {
      start: () =>
        `{"@context":"${ANNO_CONTEXT}","id":"${collectionId}","type":"AnnotationCollection",` +
        `"label":"Stageback feedback","first":{"id":"${collectionId}#page1","type":"AnnotationPage","items":[\n`,
      trace: ({ trace, events }) => {
        const pageUrl = redactUrl(trace.pageUrl, redact);
        let out = '';
        for (const event of events) {
          const annotation = toAnnotation(trace, event, redact, answerOf(trace), pageUrl);
          if (!annotation) continue;
          out += `${first ? '' : ',\n'}${JSON.stringify(annotation)}`;
          first = false;
        }
        return out;
      },
      end: () => `${first ? '' : '\n'}]}}\n`,
    };
  },
};
