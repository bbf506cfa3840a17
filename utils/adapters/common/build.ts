import type { Answer, Sentence, Source, TraceDraft } from '../../../storage/schema';
import { LIMITS } from '../../../storage/schema/constants';
import { segmentSentences, type TextRange } from '../../text/segment';
import { clipText } from '../../text/well-formed';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { domainOf } from '../../url/domain';
import type { AdapterReading } from '../types';

export interface SourceLink {
  href: string | null | undefined;
  title?: string | null;
  /** The text the page shows for the source under its title, where it shows any. */
  snippet?: string | null;
}

/** Canonical, de-duplicated sources in page order; links that are not http(s) URLs are dropped. */
export function buildSources(links: Iterable<SourceLink>, base: string | URL): Source[] {
  const byUrl = new Map<string, Source>();
  for (const link of links) {
    const url = tryCanonicalizeUrl(link.href, base);
    if (!url) continue;
    const existing = byUrl.get(url);
    const title = clipText(normalizeTitle(link.title), LIMITS.shortText);
    const snippet = clipText(normalizeTitle(link.snippet), LIMITS.shortText);
    if (existing) {
      if (!existing.title && title) existing.title = title;
      if (!existing.snippet && snippet) existing.snippet = snippet;
      continue;
    }
    if (byUrl.size >= LIMITS.items) break;
    byUrl.set(url, {
      id: `src-${byUrl.size}`,
      url,
      title,
      ...(snippet ? { snippet } : {}),
      domain: domainOf(url),
      position: byUrl.size,
      citingSentenceIds: [],
    });
  }
  return [...byUrl.values()];
}

/** Sentences from Intl.Segmenter over the whole answer text, ids `s-0`, `s-1`, … */
export function segmentedSentences(text: string, lang: string | null): Sentence[] {
  return segmentSentences(text, lang).map((r, i) => ({ id: `s-${i}`, start: r.start, end: r.end }));
}

/** The sentences a citation chip at `offset` supports: the one it sits in or right after. */
export function sentenceAt(sentences: Sentence[], offset: number): Sentence | undefined {
  let found: Sentence | undefined;
  for (const s of sentences) {
    if (s.start < offset || (found === undefined && s.start <= offset)) found = s;
    else break;
  }
  return found;
}

/** Sentences overlapping a text range (a cited span). */
export function sentencesIn(sentences: Sentence[], range: TextRange): Sentence[] {
  if (range.end <= range.start) {
    const s = sentenceAt(sentences, range.start);
    return s ? [s] : [];
  }
  return sentences.filter((s) => s.start < range.end && s.end > range.start);
}

/** Adds `sentenceIds` to the sources with these canonical URLs, keeping each list unique and in answer order. */
export function cite(sources: Source[], urls: Iterable<string | null>, sentenceIds: Iterable<string>): void {
  const ids = [...sentenceIds];
  if (ids.length === 0) return;
  const wanted = new Set<string>();
  for (const u of urls) if (u) wanted.add(u);
  for (const source of sources) {
    if (!wanted.has(source.url)) continue;
    for (const id of ids) {
      if (!source.citingSentenceIds.includes(id) && source.citingSentenceIds.length < LIMITS.items) {
        source.citingSentenceIds.push(id);
      }
    }
  }
}

export interface ReadingParts {
  root: Element;
  query: string;
  lang: string | null;
  text: string;
  sentences: Sentence[];
  sources: Source[];
  complete: boolean;
  subqueries?: AdapterReading['subqueries'];
}

/** One reading with availability derived from what was found, clipped to the schema's limits. */
export function makeReading(parts: ReadingParts): AdapterReading {
  const text = clipText(parts.text, LIMITS.longText);
  const sentences = parts.sentences.filter((s) => s.end <= text.length).slice(0, 5_000);
  const answer: Answer = { text, sentences, complete: parts.complete };
  const subqueries = parts.subqueries ?? [];
  const availability: TraceDraft['availability'] = {
    decomposition: subqueries.length > 0 ? 'read' : 'not_available',
    retrieval: parts.sources.length > 0 ? 'read' : 'not_available',
    answer: text.length > 0 ? 'read' : 'failed',
  };
  return {
    root: parts.root,
    query: clipText(parts.query.replace(/\s+/g, ' ').trim(), LIMITS.shortText),
    lang: parts.lang ? clipText(parts.lang, 35) : null,
    subqueries,
    sources: parts.sources,
    answer,
    availability,
  };
}

export function normalizeTitle(title: string | null | undefined): string {
  return (title ?? '').replace(/\s+/g, ' ').trim();
}

/** The language a subtree declares (nearest `lang`), or null. */
export function declaredLang(el: Element): string | null {
  const holder = el.closest('[lang]');
  const lang = holder?.getAttribute('lang')?.trim();
  return lang ? lang : null;
}
