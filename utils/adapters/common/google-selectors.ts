/**
 * Google's answer markup, as seen in saved pages of 2025-06 (legacy and newer renderer side by side).
 * Generated class names are a last resort and marked as such; prefer the data attributes.
 */
export const GOOGLE_SELECTORS = {
  // Legacy Overview renderer (2025-06): root, sentences, citation groups, hidden source list.
  overviewRoot: '[data-mcpr]',
  answerBody: '[data-rl]',
  sentence: 'span[data-huuid]',
  citationGroup: '.NPrrbc[data-cid][data-uuids]',
  sourceItem: 'li.LLtSOc',
  sourceLink: 'li.LLtSOc a.KEVENd[href]',
  // The snippet under a listed source's title (generated class, 2025-06; a last resort).
  sourceSnippet: '.gxZfx',
  /** Holds the script-data key of a source list or a citation group (jsdata="…;_;<key>"). */
  jsdataHolder: '[jsdata]',
  loaded: '[jscontroller="EYwa3d"][data-loaded="1"]',
  // Screen-reader-only ". Opens in new tab" suffixes of keyword links (generated classes, 2025-06).
  screenReaderOnly: '.iwY1Mb, .V8fWH',
  // Newer renderer, shared with AI Mode (2025-06): body, paragraphs, chips, sources.
  aimBody: '[data-subtree="aimc"]',
  aimParagraph: '.Y3BBE',
  aimFirstParagraph: '[data-subtree="aimfl"]',
  aimChip: 'button[data-icl-uuid]',
  aimSource: '.MFrAxb[data-src-id]',
  aimSourceLink: 'a[href]',
  aimComplete: '[data-complete="true"], [jsaction*="aimRenderComplete"], [data-xid="Gd7Hsc"]',
  aimTurn: '[data-scope-id="turn"]',
  aimTurnQuery: '[data-subtree="aimq"]',
  // "People also ask" AI answers (2025-06).
  paaPair: '.related-question-pair',
  paaSummary: '[data-attrid="SrpGenSumSummary"]',
} as const;
