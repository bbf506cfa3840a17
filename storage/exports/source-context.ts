import type { Source, Trace } from '../schema';
import type { Redact } from './redaction';

// Titles, URLs and snippets are the site's public page data and, like titles, are not redacted.

/** The trace's sources in the order the site showed them. */
export function sourcesInOrder(trace: Pick<Trace, 'sources'>): Source[] {
  return [...trace.sources].sort((a, b) => a.position - b.position);
}

/** A source's title; traces captured before Perplexity titles were read have none, so the domain stands in. */
export function sourceTitle(source: Source): string {
  return source.title || source.domain;
}

/** Title and snippet as one passage, as a RAG context or a citation's evidence is read. */
export function sourceText(source: Source): string {
  return source.snippet ? `${sourceTitle(source)}\n${source.snippet}` : sourceTitle(source);
}

/**
 * The question with the sources the answer was written from: numbered as the site showed them, each with its
 * title, URL and the snippet the page showed. Just the question when the answer has no sources.
 */
export function promptWithSources(trace: Pick<Trace, 'query' | 'sources'>, redact: Redact): string {
  const query = redact(trace.query);
  const sources = sourcesInOrder(trace);
  if (sources.length === 0) return query;
  const blocks = sources.map((s, i) => [`[${i + 1}] ${sourceTitle(s)}`, s.url, ...(s.snippet ? [s.snippet] : [])]);
  const list = blocks.map((lines) => lines.join('\n')).join('\n\n');
  return `Answer the question using the sources below.\n\nSources:\n${list}\n\nQuestion: ${query}`;
}
