import type { Answer, Source, SubQuery, TraceDraft } from '../../storage/schema';
import type { SiteDataResult } from './common/site-data';
import type { ReadPaths } from './read-paths';

/** What an adapter could read of one AI answer on a page. */
export interface AdapterReading {
  /** The element the answer lives in; the overlay attaches next to it. */
  root: Element;
  query: string;
  lang: string | null;
  subqueries: SubQuery[];
  sources: Source[];
  answer: Answer;
  availability: TraceDraft['availability'];
  /** Which parts were read and by which path (see read-paths.ts); absent on adapters not yet reporting it. */
  readPaths?: ReadPaths;
  /**
   * Where the strip goes: before `root` (the default), or inside it as its first child, where the page around the
   * answer is a layout Stageback does not know (a flex row would squeeze a strip placed beside the answer).
   */
  stripPlacement?: 'before' | 'inside';
}

export interface ReadOptions {
  /**
   * Asked, where a page holds answers the user may never open (a collapsed "People also ask" item), before
   * one is read: true leaves it unread. The overlay defers answers it cannot show yet; the CLI reads them all.
   */
  defer?(root: Element): boolean;
}

/**
 * One AI search surface, declared as data plus small functions. Page readers take
 * `document` as a parameter so they run in jsdom, in Chromium and in the Node CLI.
 */
export interface SiteAdapter {
  /** Stable id stored in traces (`siteId`), e.g. `google-ai-overview`. */
  id: string;
  /** Bumped whenever reading logic or selectors change. */
  version: string;
  name: string;
  /** Match patterns; the manifest's content-script matches come from these. */
  matches: string[];
  /** Live URLs this adapter must claim (and no other adapter may). */
  testUrls: string[];
  /** Saved pages under ../shared/fixtures/real-pages/ this adapter is checked against. */
  fixtures: string[];
  /** The selectors it reads, as data: old and new side by side, dated when a site changed. */
  selectors: Readonly<Record<string, string>>;
  /** Narrows `matches` where a pattern cannot (e.g. Google AI Mode is `/search?udm=50`). */
  urlFilter?(url: URL): boolean;
  /** Cheap: is this adapter's answer surface present in the document? */
  detect(doc: Document, url: URL): boolean;
  /** Read every answer on the page; an empty list when there is none. */
  read(doc: Document, url: URL, options?: ReadOptions): AdapterReading[];
  /** The site's own completion signal for one answer. */
  isComplete(root: Element): boolean;
  /** Sub-queries the page hides, from the site's own JSON (same-origin, fails soft). */
  fetchSiteData?(url: URL): Promise<SiteDataResult>;
}
