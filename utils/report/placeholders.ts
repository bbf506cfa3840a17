import { PAGE_URL_META, REPORT_META } from './report-file';

/** Attributes that hold words the page shows or says. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'aria-description', 'placeholder', 'value', 'label']);
/** Attributes that hold addresses, names and layout, never the page's words: kept as they are. */
const KEPT_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'class', 'id', 'style', 'role', 'type', 'name', 'rel']);
/** Other attributes (`data-*`, the sites' own) are replaced when they hold words: two in a row, as prose does. */
const HOLDS_WORDS = /\p{L}{2,}[\s,.;:]+\p{L}{2,}/u;

/** Letters become x (X when capital), digits 0; spaces and punctuation stay, so sentences keep their shape. */
export function placeholderText(text: string): string {
  return text.replace(/\p{L}|\p{N}/gu, (c) => (/\p{N}/u.test(c) ? '0' : /\p{Lu}/u.test(c) ? 'X' : 'x'));
}

/** Query parameters that carry the user's question on search sites. */
const QUESTION_PARAMS = ['q', 'query', 'p', 'search', 'text', 'prompt'];

/**
 * A page address with the question's words replaced (the path after its first segment, e.g. Perplexity's thread
 * slug, and the question parameters), so the same adapters still claim it (`/search`, `udm=50` stay).
 */
export function placeholderUrl(href: string): string {
  const url = new URL(href);
  const [first, ...rest] = url.pathname.split('/').slice(1);
  if (rest.length > 0) url.pathname = `/${[first, ...rest.map((s) => s.replace(/\p{L}/gu, 'x'))].join('/')}`;
  for (const key of QUESTION_PARAMS) {
    const value = url.searchParams.get(key);
    if (value) url.searchParams.set(key, placeholderText(value));
  }
  url.hash = '';
  return url.href;
}

/**
 * Replaces the words of a report, in place: text, the attributes that carry words (a title, a label, a site's
 * data attribute holding the question), `<meta>` contents and the page's own address; inline scripts and comments
 * are dropped (they hold the page's text too). The structure, classes, roles, one-word markers (`data-attrid`)
 * and the links the adapters read stay, and text keeps roughly its length.
 */
export function replaceWithPlaceholders(doc: Document): void {
  const walker = doc.createTreeWalker(doc.documentElement, 0x4 | 0x80); // text and comments
  const comments: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === 8) comments.push(n);
    else if (n.parentElement?.localName !== 'style') n.nodeValue = placeholderText(n.nodeValue ?? '');
  }
  for (const c of comments) c.parentNode?.removeChild(c);
  for (const script of doc.querySelectorAll('script')) script.remove();
  for (const el of doc.querySelectorAll('*')) {
    if (el.localName === 'meta') continue;
    for (const { name, value } of [...el.attributes]) {
      if (KEPT_ATTRIBUTES.has(name) || !(TEXT_ATTRIBUTES.has(name) || HOLDS_WORDS.test(value))) continue;
      el.setAttribute(name, placeholderText(value));
    }
  }
  // Links keep their address (the sources are what a reading is checked against), not the quoted text some
  // carry to highlight on arrival (`#:~:text=…`), which a reading drops anyway.
  for (const link of doc.querySelectorAll('a[href*="#:~:text="]')) {
    const href = link.getAttribute('href') ?? '';
    link.setAttribute('href', href.slice(0, href.indexOf('#:~:text=')));
  }
  for (const meta of doc.querySelectorAll('meta[content]')) {
    const name = meta.getAttribute('name');
    const content = meta.getAttribute('content') ?? '';
    if (name === PAGE_URL_META) meta.setAttribute('content', placeholderUrl(content));
    else if (name !== REPORT_META && name !== 'viewport' && !meta.hasAttribute('http-equiv'))
      meta.setAttribute('content', placeholderText(content));
  }
}
