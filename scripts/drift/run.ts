import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readPathsOf } from '../../utils/adapters/read-paths-of';
import { ADAPTERS } from '../../utils/adapters/registry';
import type { AdapterReading, SiteAdapter } from '../../utils/adapters/types';
import { parseSavedPage } from '../saved-page';
import { readsAsReference } from './compare';
import { MUTATIONS, type MutationKind, mutate, seededRandom } from './mutate';

export const DEFAULT_SEED = 19;

export interface DriftOptions {
  /** The folder holding facts.jsonl and the saved pages. */
  pagesDir: string;
  seed?: number;
  /** Only these saved pages (paths as facts.jsonl lists them); all when absent. */
  files?: readonly string[];
  mutations?: readonly MutationKind[];
}

/** One adapter under one mutation: pages still read as unmutated, of the pages it reads an answer on. */
export interface DriftRow {
  adapter: string;
  mutation: MutationKind;
  read: number;
  pages: number;
  /** How the sources of the drifted readings were read (read paths), summed over answers. */
  sourcePaths: Record<string, number>;
}

export interface DriftReport {
  seed: number;
  pages: number;
  rows: DriftRow[];
  /** Per mutation: pages where every adapter still reads as unmutated, of the pages with any answer. */
  overall: Record<MutationKind, { read: number; pages: number }>;
  /** Pages no adapter reads an answer on even unmutated (not counted). */
  withoutAnswer: string[];
}

interface FactLine {
  file: string;
  url: string;
}

/** Expected URL overrides (AI Mode reads Google pages under a udm=50 URL). */
function readUrl(adapter: SiteAdapter, file: string, factUrl: string): URL {
  try {
    const expected = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../utils/adapters', adapter.id, 'expected.json'), 'utf8'),
    ) as { pages: Record<string, { url?: string }> };
    return new URL(expected.pages[file]?.url ?? factUrl);
  } catch {
    return new URL(factUrl);
  }
}

/** Child-index path from the document element, to find the same element in a copy. */
function pathOf(el: Element): number[] {
  const steps: number[] = [];
  for (let node: Element | null = el; node?.parentElement; node = node.parentElement) {
    steps.unshift([...node.parentElement.children].indexOf(node));
  }
  return steps;
}

function at(html: Element, steps: number[]): Element | null {
  let node: Element | null = html;
  for (const i of steps) node = node?.children[i] ?? null;
  return node;
}

/** Reads every listed saved page once, then each mutation of a copy of it, and compares the readings. */
export async function runDrift(options: DriftOptions): Promise<DriftReport> {
  const seed = options.seed ?? DEFAULT_SEED;
  const mutations = options.mutations ?? MUTATIONS;
  const facts = readFileSync(path.join(options.pagesDir, 'facts.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as FactLine)
    .filter((f) => !options.files || options.files.includes(f.file));
  const rows = new Map<string, DriftRow>();
  const overall = Object.fromEntries(mutations.map((m) => [m, { read: 0, pages: 0 }])) as DriftReport['overall'];
  const withoutAnswer: string[] = [];
  let pages = 0;

  for (const fact of facts) {
    const adapters = ADAPTERS.filter((a) => a.fixtures.includes(fact.file));
    if (adapters.length === 0) continue;
    const html = readFileSync(path.join(options.pagesDir, fact.file), 'utf8');
    const doc = parseSavedPage(html, fact.url);
    const urls = new Map(adapters.map((a) => [a.id, readUrl(a, fact.file, fact.url)]));
    const reference = new Map<string, AdapterReading[]>();
    for (const a of adapters) {
      const readings = a.read(doc, urls.get(a.id) as URL);
      if (readings.length > 0) reference.set(a.id, readings);
    }
    if (reference.size === 0) {
      withoutAnswer.push(fact.file);
      await closePage(doc);
      continue;
    }
    pages++;
    const rootPaths = [...reference.values()].flat().map((r) => pathOf(r.root));
    // Copies of the document element, swapped into the one document: jsdom keeps cloned Documents alive.
    const pristine = doc.documentElement.cloneNode(true) as Element;
    for (const [index, kind] of mutations.entries()) {
      const working = pristine.cloneNode(true) as Element;
      const keep = rootPaths.map((p) => at(working, p)).filter((el): el is Element => el !== null);
      // One stream per page and mutation, so a subset of pages mutates exactly as in the full run.
      mutate(working, kind, seededRandom(seed ^ hash(`${fact.file}#${index}`)), keep);
      doc.replaceChild(working, doc.documentElement);
      const copy = doc;
      let allRead = true;
      for (const [adapterId, refs] of reference) {
        const adapter = adapters.find((a) => a.id === adapterId) as SiteAdapter;
        const got = adapter.read(copy, urls.get(adapterId) as URL);
        const ok = refs.every((ref) => got.some((g) => readsAsReference(ref, g)));
        const key = `${adapterId}\u0000${kind}`;
        const row = rows.get(key) ?? { adapter: adapterId, mutation: kind, read: 0, pages: 0, sourcePaths: {} };
        row.pages++;
        if (ok) row.read++;
        else allRead = false;
        for (const g of got) {
          const p = readPathsOf(adapterId, g).sources ?? 'absent';
          row.sourcePaths[p] = (row.sourcePaths[p] ?? 0) + 1;
        }
        rows.set(key, row);
      }
      overall[kind].pages++;
      if (allRead) overall[kind].read++;
    }
    await closePage(doc);
  }
  const order = (r: DriftRow) => ADAPTERS.findIndex((a) => a.id === r.adapter) * 10 + mutations.indexOf(r.mutation);
  return { seed, pages, rows: [...rows.values()].sort((a, b) => order(a) - order(b)), overall, withoutAnswer };
}

/** jsdom frees a closed window only after its close settles on the event loop. */
async function closePage(doc: Document): Promise<void> {
  doc.defaultView?.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** FNV-1a, to derive a page's own seed from its name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
