import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceDraftSchema } from '../../../storage/schema';
import { claimsUrl } from '../../../utils/adapters/common/match-pattern';
import { toTraceDraft } from '../../../utils/adapters/read-page';
import { ADAPTERS } from '../../../utils/adapters/registry';
import type { AdapterReading, SiteAdapter } from '../../../utils/adapters/types';
import { type Fact, factsUrl, HAVE_REAL_PAGES, loadFacts, loadPage, REPO_ROOT } from './real-pages';

interface ExpectedAnswer {
  query: string;
  sources: number;
  someSources: string[];
  sentences: number;
  complete: boolean;
  /** The first sources' titles, checked where an expected file gives them. */
  someTitles?: string[];
}

interface ExpectedPage {
  /** The URL the adapter reads the page under, when not facts' own (AI Mode stand-ins). */
  url?: string;
  answers: ExpectedAnswer[];
  /** Facts this adapter deliberately disagrees with, each with the reason. */
  factExceptions?: Partial<Record<'hasAnswer' | 'query' | 'sources' | 'complete' | 'sentences', string>>;
}

/** Answers inside "People also ask" are not the page's top-level answer that facts describe. */
const NOT_TOP_LEVEL = new Set(['google-paa']);

function expectedFile(adapter: SiteAdapter): { pages: Record<string, ExpectedPage> } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'utils/adapters', adapter.id, 'expected.json'), 'utf8'));
}

/**
 * Reads every saved page of `folder` once and checks each adapter's readings against its expected
 * file and facts. `part` = [i, n] takes every n-th page from i, so big folders spread over test files.
 */
export function describeConformance(folder: string, part: [number, number] = [0, 1]): void {
  describe.skipIf(!HAVE_REAL_PAGES)(`saved ${folder} pages (part ${part[0] + 1} of ${part[1]})`, () => {
    const facts = HAVE_REAL_PAGES
      ? loadFacts()
          .filter((f) => f.file.startsWith(`${folder}/`))
          .filter((_, i) => i % part[1] === part[0])
      : [];
    for (const fact of facts) {
      describe(fact.file, () => {
        let doc: Document | null = null;
        const readings = new Map<string, AdapterReading[]>();
        const adapters = ADAPTERS.filter((a) => a.fixtures.includes(fact.file));
        const expectedOf = (a: SiteAdapter) => expectedFile(a).pages[fact.file];

        beforeAll(() => {
          doc = loadPage(fact.file, fact.url);
          for (const adapter of adapters) {
            const url = new URL(expectedOf(adapter)?.url ?? fact.url);
            readings.set(adapter.id, adapter.read(doc, url));
          }
        });
        afterAll(() => {
          doc?.defaultView?.close();
          doc = null;
        });

        it('is a fixture of at least one adapter', () => expect(adapters.length).toBeGreaterThan(0));

        for (const adapter of adapters) {
          it(`${adapter.id}: matches its expected extraction`, () => {
            const expected = expectedOf(adapter);
            expect(expected, `no entry in ${adapter.id}/expected.json`).toBeDefined();
            if (!expected) return;
            const url = new URL(expected.url ?? fact.url);
            expect(claimsUrl(adapter, url)).toBe(true);
            const got = readings.get(adapter.id) ?? [];
            expect(got.map((r, i) => summarize(r, expected.answers[i]))).toEqual(expected.answers);
            for (const reading of got) {
              const draft = toTraceDraft(adapter, reading, url, new Date('2026-11-26T12:00:00Z'));
              const parsed = TraceDraftSchema.safeParse(draft);
              expect(parsed.success, parsed.error?.message).toBe(true);
              expect(adapter.isComplete(reading.root)).toBe(reading.answer.complete);
            }
          });
        }

        it('agrees with facts.jsonl wherever it gives a value', () => {
          const exceptions = mergedExceptions(adapters, expectedOf);
          const top = adapters
            .filter((a) => !NOT_TOP_LEVEL.has(a.id) && claimsUrl(a, fact.url))
            .flatMap((a) => readings.get(a.id) ?? []);
          checkFacts(fact, top, exceptions);
        });
      });
    }
  });
}

function summarize(r: AdapterReading, expected: ExpectedAnswer | undefined): ExpectedAnswer {
  return {
    query: r.query,
    sources: r.sources.length,
    someSources: r.sources.slice(0, 3).map((s) => s.url),
    sentences: r.answer.sentences.length,
    complete: r.answer.complete,
    ...(expected?.someTitles ? { someTitles: r.sources.slice(0, 3).map((s) => s.title) } : {}),
  };
}

function mergedExceptions(adapters: SiteAdapter[], expectedOf: (a: SiteAdapter) => ExpectedPage | undefined) {
  const out: NonNullable<ExpectedPage['factExceptions']> = {};
  for (const a of adapters) Object.assign(out, expectedOf(a)?.factExceptions ?? {});
  return out;
}

function checkFacts(fact: Fact, top: AdapterReading[], exceptions: NonNullable<ExpectedPage['factExceptions']>) {
  if (fact.hasAnswer !== null && !exceptions.hasAnswer) expect(top.length > 0, 'hasAnswer').toBe(fact.hasAnswer);
  const first = top[0];
  if (fact.query !== null && first && !exceptions.query) expect(first.query, 'query').toBe(fact.query);
  if (fact.sources !== null && !exceptions.sources) {
    const ours = new Set(top.flatMap((r) => r.sources.map((s) => factsUrl(s.url))));
    expect([...ours].sort(), 'sources').toEqual([...new Set(fact.sources)].sort());
  }
  const last = top[top.length - 1];
  if (fact.complete !== null && last && !exceptions.complete)
    expect(last.answer.complete, 'complete').toBe(fact.complete);
  if (fact.sentences !== null && first && !exceptions.sentences) {
    expect(first.answer.sentences.length, 'sentences').toBe(fact.sentences);
  }
}
