import { extractText } from '../../text/extract';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, declaredLang, makeReading, segmentedSentences, sentenceAt } from '../common/build';
import { lastBefore } from '../common/doc-order';
import type { ReadPath } from '../read-paths';
import type { AdapterReading, SiteAdapter } from '../types';
import { fetchPerplexitySiteData } from './site-data';

const selectors = {
  answer: '[id^="markdown-content-"]',
  prose: '.prose',
  // First question of a thread is an h1, follow-ups a div (2026-02); both carry the group/query class.
  query: 'h1[class*="group/query"], div[class*="group/query"]',
  // Citation chips: 2025-06 `a.citation[href]`; 2026-02 `span.citation[data-pplx-citation-url]`.
  citation: 'a.citation[href], span.citation[data-pplx-citation-url]',
  citationUrlAttribute: 'data-pplx-citation-url',
  // The source's title as the chip's tooltip: on the chip (2025-06) or on the span wrapping it (2026-02).
  citationTitleAttribute: 'aria-label',
  // Present while the newest answer streams (2025-06 and 2026-02).
  stop: 'button[aria-label="Stop generating response"]',
} as const;

/**
 * Structural fallbacks (2026-12), tried only where the exact selectors above find nothing, e.g. after a
 * restyle renames classes: the question is the heading before the answer; citations are the links out of
 * the answer (or elements carrying the citation URL attribute).
 */
const structural = {
  query: 'h1, [role="heading"][aria-level="1"]',
  citation: '[data-pplx-citation-url], a[href^="http"]:not([href*="perplexity.ai"])',
} as const;

/** Perplexity threads: one reading per answer, each with the question asked before it. */
export const perplexity: SiteAdapter = {
  id: 'perplexity',
  version: '4',
  name: 'Perplexity',
  matches: ['https://www.perplexity.ai/*', 'https://perplexity.ai/*'],
  testUrls: [
    'https://www.perplexity.ai/search/how-much-sleep-do-adults-need-abc123',
    'https://perplexity.ai/search/what-is-quantum-computing-Xq1b',
  ],
  fixtures: [
    'perplexity/AI_tools_for_students_perplexity.html',
    'perplexity/AI_vs_machine_learning_perplexity.html',
    'perplexity/benefits_of_intermittent_fasting_perplexity.html',
    'perplexity/best_cloud_storage_services_perplexity.html',
    'perplexity/best_diets_for_heart_health_perplexity.html',
    'perplexity/devtools-chat-simple-2026-02-02.html',
    'perplexity/devtools-deep-research-2026-02-02.html',
    'perplexity/exercise_routines_for_beginners_perplexity.html',
    'perplexity/how_does_blockchain_work_perplexity.html',
    'perplexity/how_to_boost_immune_system_perplexity.html',
    'perplexity/how_to_code_in_Python_perplexity.html',
    'perplexity/how_to_improve_sleep_perplexity.html',
    'perplexity/how_to_invest_in_stocks_perplexity.html',
    'perplexity/how_to_lower_blood_pressure_naturally_perplexity.html',
    'perplexity/how_to_manage_anxiety_perplexity.html',
    'perplexity/how_to_meditate_properly_perplexity.html',
    'perplexity/how_to_sleep_better_perplexity.html',
    'perplexity/how_to_start_a_business_perplexity.html',
    'perplexity/how_to_use_ChatGPT_perplexity.html',
    'perplexity/how_to_write_a_resume_perplexity.html',
    'perplexity/symptoms_of_vitamin_D_deficiency_perplexity.html',
    'perplexity/top_cybersecurity_tips_perplexity.html',
    'perplexity/what_is_quantum_computing_perplexity.html',
  ],
  selectors,
  detect: (doc) => doc.querySelector(selectors.answer) !== null,
  read(doc, url) {
    const answers = [...doc.querySelectorAll(selectors.answer)].filter(
      (el) => !el.parentElement?.closest(selectors.answer),
    );
    const exactQuestions = [...doc.querySelectorAll(selectors.query)];
    const questions = exactQuestions.length > 0 ? exactQuestions : structuralQuestions(doc);
    const readings: AdapterReading[] = [];
    for (const root of answers) {
      const body = root.querySelector(selectors.prose) ?? root;
      let citationPath: ReadPath = 'exact';
      let { text, points } = extractText(body, { points: selectors.citation });
      if (points.length === 0) {
        const fallback = extractText(body, { points: structural.citation });
        if (fallback.points.length > 0) ({ text, points, citationPath } = { ...fallback, citationPath: 'structural' });
      }
      if (!text) continue;
      const lang = declaredLang(root);
      const sentences = segmentedSentences(text, lang);
      const chips = points.map((p) => ({ at: p.start, url: citationUrl(p.element, url), title: chipTitle(p.element) }));
      const sources = buildSources(
        chips.map((c) => ({ href: c.url, title: c.title })),
        url,
      );
      // A chip without a tooltip still names its site: the host, as the page's source cards show it.
      for (const source of sources) if (!source.title) source.title = source.domain;
      for (const chip of chips) {
        const sentence = sentenceAt(sentences, chip.at);
        if (sentence) cite(sources, [chip.url], [sentence.id]);
      }
      const question = lastBefore(root, questions);
      const reading = makeReading({
        root,
        query: question?.textContent ?? '',
        lang,
        text,
        sentences,
        sources,
        complete: isComplete(root),
      });
      reading.readPaths = {
        answer: 'exact',
        query: !reading.query ? 'none' : exactQuestions.length > 0 ? 'exact' : 'structural',
        sources: sources.length > 0 ? citationPath : 'none',
        ...(sources.some((s) => s.citingSentenceIds.length > 0) ? { citations: citationPath } : {}),
      };
      readings.push(reading);
    }
    return readings;
  },
  isComplete,
  fetchSiteData: (url) => fetchPerplexitySiteData(url),
};

/**
 * The first question is a heading; follow-ups are not, but share its classes (one class list per role, whatever
 * a new build names it): the headings and the elements with a heading's exact class list, in page order.
 */
function structuralQuestions(doc: Document): Element[] {
  const headings = [...doc.querySelectorAll(structural.query)];
  const classLists = new Set(headings.map((h) => h.getAttribute('class') ?? '').filter(Boolean));
  if (classLists.size === 0) return headings;
  return [...doc.querySelectorAll('[class]')].filter(
    (el) => headings.includes(el) || classLists.has(el.getAttribute('class') ?? ''),
  );
}

function citationUrl(chip: Element, base: URL): string | null {
  const href =
    chip.getAttribute(selectors.citationUrlAttribute) ??
    chip.getAttribute('href') ??
    chip.querySelector('a[href]')?.getAttribute('href');
  return tryCanonicalizeUrl(href, base);
}

/** The title the page shows for a chip's source (its tooltip), or null. */
function chipTitle(chip: Element): string | null {
  const own = chip.getAttribute(selectors.citationTitleAttribute);
  if (own?.trim()) return own;
  const wrapper = chip.parentElement;
  return wrapper?.getAttribute(selectors.citationTitleAttribute) ?? null;
}

/** A "Stop generating response" button means the newest answer is still streaming. */
function isComplete(root: Element): boolean {
  const doc = root.ownerDocument;
  if (!doc.querySelector(selectors.stop)) return true;
  const answers = doc.querySelectorAll(selectors.answer);
  return answers[answers.length - 1] !== root;
}
