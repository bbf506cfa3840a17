import { RELEVANCE_NAMES } from '../../labels';
import type { FeedbackEvent, Trace } from '../../schema';
import type { ExportFormat } from '../format';
import { redactedAnswerOf, sourceOf, targetText } from '../records';
import { type Redact, redactUrl } from '../redaction';

/**
 * Hypothesis's importer (Share → Import) lists a file's annotations by `user` and imports those of the user
 * picked; `acct:<name>@<authority>` is the only form it reads, and an authority other than hypothes.is shows
 * `user_info.display_name`. `.invalid` is a reserved domain: the account is not a real one.
 */
export const HYPOTHESIS_USER = 'acct:stageback@stageback.invalid';

interface Selector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/**
 * Where on the page: a quote (with prefix and suffix) that Hypothesis anchors in the page's text. No
 * TextPositionSelector: our positions count in the captured answer, and Hypothesis reads positions as
 * offsets in the whole page. Feedback on the whole answer, a stage or a source is a page note (no selector).
 */
function selectorOf(trace: Trace, event: FeedbackEvent, redact: Redact, answer: string): Selector | undefined {
  const t = event.target;
  switch (t.type) {
    case 'span':
      return {
        type: 'TextQuoteSelector',
        exact: targetText(trace, event, redact, answer),
        prefix: redact(t.quote.prefix),
        suffix: redact(t.quote.suffix),
      };
    case 'citation': {
      const exact = targetText(trace, event, redact, answer);
      return exact ? { type: 'TextQuoteSelector', exact } : undefined;
    }
    case 'subquery': {
      const subquery = trace.subqueries.find((q) => q.id === t.subqueryId);
      return subquery?.origin === 'shown' ? { type: 'TextQuoteSelector', exact: redact(subquery.text) } : undefined;
    }
    default:
      return undefined;
  }
}

const STAGE_NAMES = {
  decomposition: 'Decomposition',
  retrieval: 'Sources',
  answer: 'Answer',
  overall: 'Overall',
} as const;

/** The note's text (Markdown in Hypothesis): what was said, about what, for which query. */
function textOf(trace: Trace, event: FeedbackEvent, redact: Redact): string {
  const about: string[] = [];
  const source = sourceOf(trace, event);
  const cited = event.target.type === 'citation' ? 'Cited source' : 'Source';
  if (source) about.push(`${cited}: ${source.title || source.url} <${source.url}>`);
  if (event.target.type === 'subquery') {
    const id = event.target.subqueryId;
    const subquery = trace.subqueries.find((q) => q.id === id);
    if (subquery) about.push(`Sub-query: ${redact(subquery.text)}`);
  }
  let said: string;
  switch (event.kind) {
    case 'rating':
      said =
        event.value.scale === 'thumbs'
          ? `thumbs ${event.value.score > 0 ? 'up' : 'down'}`
          : `usefulness ${event.value.score}/5`;
      break;
    case 'relevance':
      said = `relevance ${event.value} (${RELEVANCE_NAMES[event.value]})`;
      break;
    case 'label': {
      const { label, text, importance } = event.value;
      // A citation label judges the highlighted sentence against the cited source.
      const name = `${event.target.type === 'citation' ? 'citation ' : ''}${label.replaceAll('_', ' ')}`;
      said = [name, importance, text === undefined ? undefined : redact(text)].filter(Boolean).join(': ');
      break;
    }
    case 'comment':
      said = redact(event.value);
      break;
    case 'edit': {
      const { op, after } = event.value;
      const changed = typeof after === 'string' ? redact(after) : `${after?.length} items in a new order`;
      said = after === null ? op : `${op.replaceAll('_', ' ')}: ${changed}`;
      break;
    }
    default:
      said = '';
  }
  const query = trace.query ? [`Query: ${redact(trace.query)}`] : [];
  return [`${STAGE_NAMES[event.stage]}: ${said}`, ...about, ...query].join('\n\n');
}

function tagsOf(event: FeedbackEvent): string[] {
  const tags = ['stageback', `stage:${event.stage}`];
  if (event.kind === 'label') tags.push(event.value.label);
  if (event.kind === 'edit') tags.push(event.value.op);
  if (event.kind === 'rating' && event.value.scale === 'thumbs')
    tags.push(event.value.score > 0 ? 'thumbs-up' : 'thumbs-down');
  if (event.kind === 'relevance') tags.push(`relevance:${event.value}`);
  if (event.origin !== 'user') tags.push(`origin:${event.origin}`);
  return tags;
}

export function toHypothesis(trace: Trace, event: FeedbackEvent, redact: Redact, answer: string, pageUrl: string) {
  if (event.kind === 'implicit' || event.kind === 'retraction') return undefined;
  // A refinement and its comparison are about a second answer, not a note on this page (as in web-annotation).
  if (event.kind === 'refinement' || event.kind === 'comparison') return undefined;
  const selector = selectorOf(trace, event, redact, answer);
  return {
    user: HYPOTHESIS_USER,
    user_info: { display_name: 'Stageback' },
    created: event.createdAt,
    uri: pageUrl,
    text: textOf(trace, event, redact),
    tags: tagsOf(event),
    target: [selector ? { source: pageUrl, selector: [selector] } : { source: pageUrl }],
  };
}

export const hypothesisFormat = {
  id: 'hypothesis',
  label: 'Hypothesis annotations (JSON)',
  fileExtension: 'json',
  mimeType: 'application/json',
  description:
    'For Hypothesis’s Share → Import: your labels on answer text as highlights on the page, other feedback as ' +
    'page notes.',
  reads: 'latest',
  create: ({ redact, exportedAt }) => {
    const answerOf = redactedAnswerOf(redact);
    let first = true;
    return {
      start: () => `{"export_date":"${exportedAt}","export_userid":"${HYPOTHESIS_USER}","annotations":[\n`,
      trace: ({ trace, events }) => {
        const pageUrl = redactUrl(trace.pageUrl, redact);
        let out = '';
        for (const event of events) {
          const annotation = toHypothesis(trace, event, redact, answerOf(trace), pageUrl);
          if (!annotation) continue;
          out += `${first ? '' : ',\n'}${JSON.stringify(annotation)}`;
          first = false;
        }
        return out;
      },
      end: () => `${first ? '' : '\n'}]}\n`,
    };
  },
} as const satisfies ExportFormat;
