import { extractBlocks, extractText } from '../../text/extract';
import { tryCanonicalizeUrl } from '../../url/canonicalize';
import { buildSources, cite, declaredLang, makeReading, segmentedSentences, sentencesIn } from '../common/build';
import type { ReadPath } from '../read-paths';
import type { SiteAdapter } from '../types';

const selectors = {
  // 2025-06 generative answer: sections of `.gs_text`, cited spans with the numbers of their sources.
  root: '#b_genserp_container',
  text: '.gs_text',
  citedSpan: 'span.gs_cit_txt[data-sups]',
  source: '.gs_cit[data-url]',
  // Inline source chips, the "N Sources" preview row and the loading caption are not answer text.
  notAnswer: '.gs_sup_cit, .gs_cit_stry_item, .gs_loading_text',
  feedback: 'button.gs_tblike, button[aria-label="Like"]',
  queryBox: '#sb_form_q',
} as const;

/**
 * Structural fallbacks (2026-12), tried only where the exact selectors above find nothing (e.g. renamed classes):
 * the answer is the root's text without its controls and source chips; sources are the elements carrying a
 * source URL; cited spans are those naming their sources' numbers.
 */
const structural = {
  citedSpan: 'span[data-sups]',
  source: '[data-url]',
  // Controls and their tooltips (focusable, labelled), headings over the answer, chips and hidden parts.
  notAnswer: '[data-url], [data-citnumb], [aria-live], form, [role="button"], [role="dialog"], [aria-hidden="true"]',
  // Links (the answer's own text is a cited span inside a link), focusable or labelled controls and their
  // tooltips: skipped when short and holding no cited span.
  control: 'a[href], [tabindex], [aria-label]',
  // Without data attributes: a source is a card, a link out holding a title, a snippet and the site's name;
  // the answer's links out mark the text they cite.
  linkOut: 'a[href^="http"]',
} as const;

/** A source card: a link out holding several text blocks (title, snippet, site) and more than a caption's text. */
const CARD_BLOCKS = 3;
const CARD_TEXT = 80;

/** Bing's generative answer on the results page (not Copilot Search, see bing-copilot). */
export const bing: SiteAdapter = {
  id: 'bing',
  version: '3',
  name: 'Bing generative answer',
  matches: ['https://www.bing.com/search*'],
  testUrls: ['https://www.bing.com/search?q=how+to+improve+sleep', 'https://www.bing.com/search?q=ai&form=QBLH'],
  fixtures: [
    'bing/AI_tools_for_students_bing_ai.html',
    'bing/AI_vs_machine_learning_bing_ai.html',
    'bing/benefits_of_intermittent_fasting_bing_ai.html',
    'bing/best_cloud_storage_services_bing_ai.html',
    'bing/best_diets_for_heart_health_bing_ai.html',
    'bing/exercise_routines_for_beginners_bing_ai.html',
    'bing/how_does_blockchain_work_bing_ai.html',
    'bing/how_to_boost_immune_system_bing_ai.html',
    'bing/how_to_code_in_Python_bing_ai.html',
    'bing/how_to_improve_sleep_bing_ai.html',
    'bing/how_to_invest_in_stocks_bing_ai.html',
    'bing/how_to_lower_blood_pressure_naturally_bing_ai.html',
    'bing/how_to_manage_anxiety_bing_ai.html',
    'bing/how_to_meditate_properly_bing_ai.html',
    'bing/how_to_sleep_better_bing_ai.html',
    'bing/how_to_start_a_business_bing_ai.html',
    'bing/how_to_use_ChatGPT_bing_ai.html',
    'bing/how_to_write_a_resume_bing_ai.html',
    'bing/top_cybersecurity_tips_bing_ai.html',
    'bing/what_is_quantum_computing_bing_ai.html',
  ],
  selectors,
  detect: (doc) => doc.querySelector(`${selectors.root} ${selectors.text}`) !== null,
  read(doc, url) {
    const root = doc.querySelector(selectors.root);
    if (!root) return [];
    const blocks = [...root.querySelectorAll(selectors.text)].filter(
      (el) => !el.parentElement?.closest(selectors.text),
    );
    const answerPath: ReadPath = blocks.length > 0 ? 'exact' : 'structural';
    const { text, marks } =
      answerPath === 'exact'
        ? extractBlocks(blocks, { skip: selectors.notAnswer, marks: selectors.citedSpan })
        : extractText(citedRegion(root), {
            skip: structural.notAnswer,
            skipElement: isControl,
            marks: structural.citedSpan,
          });
    if (!text) return [];
    const lang = declaredLang(root);
    const sentences = segmentedSentences(text, lang);
    const exactSources = [...root.querySelectorAll(selectors.source)];
    const sourcePath: ReadPath = exactSources.length > 0 ? 'exact' : 'structural';
    const sourceEls = exactSources.length > 0 ? exactSources : [...root.querySelectorAll(structural.source)];
    const cards = sourceEls.length > 0 ? [] : sourceCards(root, url);
    const sources = buildSources(
      sourceEls.length > 0
        ? sourceEls.map((el) => ({ href: el.getAttribute('data-url'), title: el.getAttribute('data-title') }))
        : cards.map((a) => ({ href: a.getAttribute('href'), title: cardTitle(a) })),
      url,
    );
    const urlByNumber = new Map<string, string>();
    for (const el of sourceEls) {
      const n = el.getAttribute('data-citnumb');
      const canonical = tryCanonicalizeUrl(el.getAttribute('data-url'), url);
      if (n && canonical && !urlByNumber.has(n)) urlByNumber.set(n, canonical);
    }
    for (const mark of marks) {
      const numbers = (mark.element.getAttribute('data-sups') ?? '').split(',').map((n) => n.trim());
      const ids = sentencesIn(sentences, mark).map((s) => s.id);
      cite(
        sources,
        numbers.map((n) => urlByNumber.get(n) ?? null),
        ids,
      );
    }
    let citationPath: ReadPath = answerPath;
    if (cards.length > 0 && marks.length === 0 && answerPath === 'exact') {
      // Without the cited spans' source numbers, the answer's own links out say what each part cites.
      const linked = extractBlocks(blocks, { skip: selectors.notAnswer, marks: structural.linkOut });
      if (linked.text === text) {
        for (const mark of linked.marks) {
          const ids = sentencesIn(sentences, mark).map((s) => s.id);
          cite(sources, [tryCanonicalizeUrl(mark.element.getAttribute('href'), url)], ids);
        }
        citationPath = 'structural';
      }
    }
    const query = url.searchParams.get('q') || doc.querySelector<HTMLInputElement>(selectors.queryBox)?.value || '';
    const reading = makeReading({ root, query, lang, text, sentences, sources, complete: isComplete(root) });
    reading.readPaths = {
      answer: answerPath,
      query: reading.query ? 'exact' : 'none',
      sources: sources.length > 0 ? sourcePath : 'none',
      ...(sources.some((s) => s.citingSentenceIds.length > 0) ? { citations: citationPath } : {}),
    };
    return [reading];
  },
  isComplete,
};

/** The smallest element holding every cited span: the answer's text without the source cards beside it. */
function citedRegion(root: Element): Element {
  const spans = [...root.querySelectorAll(structural.citedSpan)];
  let region: Element | null = spans[0]?.parentElement ?? null;
  while (region && region !== root && !spans.every((s) => region?.contains(s))) region = region.parentElement;
  return region ?? root;
}

/** Links out shaped as source cards (see CARD_BLOCKS), in page order; links back to the site are not sources. */
function sourceCards(root: Element, base: URL): Element[] {
  return [...root.querySelectorAll(structural.linkOut)].filter((a) => {
    const href = tryCanonicalizeUrl(a.getAttribute('href'), base);
    if (!href || new URL(href).hostname.endsWith(base.hostname.replace(/^www\./, ''))) return false;
    const blocks = [...a.querySelectorAll('div, p')].filter((el) => ownText(el)).length;
    return blocks >= CARD_BLOCKS && (a.textContent ?? '').trim().length >= CARD_TEXT;
  });
}

function ownText(el: Element): boolean {
  for (const node of el.childNodes) if (node.nodeType === 3 && node.textContent?.trim()) return true;
  return false;
}

/** A card's title: its first text block. */
function cardTitle(card: Element): string | null {
  for (const el of card.querySelectorAll('div, p')) if (ownText(el)) return el.textContent;
  return null;
}

/** Controls, or a short caption outside the cited text (a div with no cited span, not ending a sentence, not a list item). */
function isControl(el: Element): boolean {
  // A list item's text is the answer's, however short (a list of tips).
  if (el.tagName === 'DIV' && el.querySelector(structural.citedSpan) === null && el.parentElement?.tagName !== 'LI') {
    const text = (el.textContent ?? '').trim();
    if (text.length < 80 && !/[.:!?]$/.test(text)) return true;
  }
  return (
    el.matches(structural.control) &&
    !el.matches(structural.citedSpan) &&
    (el.textContent ?? '').length < 200 &&
    el.querySelector(structural.citedSpan) === null
  );
}

/** Bing shows Like/Dislike under an answer once it is complete. */
function isComplete(root: Element): boolean {
  return root.querySelector(selectors.feedback) !== null;
}
