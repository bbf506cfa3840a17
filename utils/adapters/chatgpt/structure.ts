/**
 * Structural fallbacks (2026-12) for ChatGPT, tried only where the exact selectors in index.ts find nothing
 * (a restyle renamed the classes, or a new build dropped the data attributes): a conversation is a list of
 * `article` turns; an answer turn holds rendered Markdown blocks, a question turn plain text; the answer's body is
 * the nearest element holding all its Markdown blocks; citations are the links out of it.
 */
export const STRUCTURAL = {
  turn: 'article, [role="article"]',
  markdownBlock: 'p, h1, h2, h3, h4, h5, h6, ul, ol, pre, table, blockquote',
  // The turn's screen-reader heading ("You said:", "ChatGPT said:") is neither question nor answer.
  heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
  citation: 'a[href^="http"]',
} as const;

/** A message's Markdown blocks, without a heading of the turn itself (a child of `message`). */
function markdownBlocks(message: Element): Element[] {
  return [...message.querySelectorAll(STRUCTURAL.markdownBlock)].filter(
    (el) => !(el.parentElement === message && el.matches(STRUCTURAL.heading)),
  );
}

/**
 * The element holding every Markdown block of a message: their nearest common ancestor, or the parent of a single
 * block. Null when the message has none.
 */
export function markdownBody(message: Element): Element | null {
  const blocks = markdownBlocks(message);
  const first = blocks[0];
  if (!first) return null;
  let body = first.parentElement;
  while (body && body !== message && !blocks.every((b) => body?.contains(b))) body = body.parentElement;
  return body;
}

export interface StructuralTurn {
  role: 'user' | 'assistant';
  el: Element;
}

/** The conversation's turns in page order, told apart by what they hold (outermost turns only). */
export function structuralTurns(doc: Document): StructuralTurn[] {
  return [...doc.querySelectorAll(STRUCTURAL.turn)]
    .filter((el) => !el.parentElement?.closest(STRUCTURAL.turn))
    .map((el) => ({ role: markdownBlocks(el).length > 0 ? 'assistant' : 'user', el }));
}
