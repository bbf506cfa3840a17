/**
 * Seeded page mutations that imitate a site redesign, applied in place to a copy of a saved page:
 * what a new CSS build, a new component library or a re-ordered template does to markup while
 * the answer itself stays the same.
 */
import type { Random } from '../../utils/seeded-random';

export { type Random, seededRandom } from '../../utils/seeded-random';

export const MUTATIONS = ['classes', 'data-attributes', 'wrappers', 'shuffle'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

/**
 * Applies one mutation to `doc`. `keep` are the answers' roots (in `doc`): the shuffle never reorders
 * inside them except among link lists (source lists), so answer text keeps its order.
 */
export function mutate(html: Element, kind: MutationKind, random: Random, keep: readonly Element[]): void {
  if (kind === 'classes') randomiseClasses(html, random);
  else if (kind === 'data-attributes') dropDataAttributes(html);
  else if (kind === 'wrappers') insertWrappers(html, random, keep);
  else shuffleSiblings(html, random, keep);
}

/**
 * Moving an element costs jsdom a walk over its whole subtree, so big subtrees are moved only where they hold an
 * answer (the answer's own ancestors): the run stays cheap and the answer's surroundings still change.
 */
const MOVABLE_DESCENDANTS = 300;

function movable(el: Element, keep: readonly Element[]): boolean {
  return el.getElementsByTagName('*').length <= MOVABLE_DESCENDANTS || keep.some((root) => el.contains(root));
}

/** Every class token renamed, consistently across the page (one new build of generated CSS names). */
function randomiseClasses(html: Element, random: Random): void {
  const renamed = new Map<string, string>();
  for (const el of [html, ...html.querySelectorAll('[class]')]) {
    if (!el.hasAttribute('class')) continue;
    const tokens = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
    const next = tokens.map((token) => {
      let name = renamed.get(token);
      if (!name) {
        name = `c${Math.floor(random() * 36 ** 6).toString(36)}`;
        renamed.set(token, name);
      }
      return name;
    });
    el.setAttribute('class', next.join(' '));
  }
}

function dropDataAttributes(html: Element): void {
  for (const el of [html, ...html.querySelectorAll('*')]) {
    for (const name of el.getAttributeNames()) if (name.startsWith('data-')) el.removeAttribute(name);
  }
}

/** Parents whose children must stay direct children for the markup to stay valid. */
const STRICT_PARENTS = new Set(['UL', 'OL', 'DL', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'SELECT', 'HTML', 'HEAD']);
const NEVER_WRAPPED = new Set(['HTML', 'HEAD', 'BODY', 'SCRIPT', 'STYLE', 'TEMPLATE', 'LINK', 'META', 'TITLE']);
const BLOCK_LEVEL = new Set(['DIV', 'P', 'UL', 'OL', 'TABLE', 'SECTION', 'ARTICLE', 'MAIN', 'ASIDE', 'NAV', 'HEADER']);
const BLOCK_LEVEL_MORE = ['FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'FORM', 'BLOCKQUOTE', 'PRE', 'FIGURE'];
for (const tag of BLOCK_LEVEL_MORE) BLOCK_LEVEL.add(tag);

/** About one element in five gets an extra wrapper: a `div` around blocks, a `span` around inline elements. */
function insertWrappers(html: Element, random: Random, keep: readonly Element[]): void {
  const body = html.querySelector('body');
  if (!body) return;
  const candidates = [...body.querySelectorAll('*')].filter((el) => {
    const parent = el.parentElement;
    return parent && !NEVER_WRAPPED.has(el.tagName) && !STRICT_PARENTS.has(parent.tagName);
  });
  for (const el of candidates) {
    if (random() >= 0.2 || !movable(el, keep)) continue;
    const wrapper = html.ownerDocument.createElement(BLOCK_LEVEL.has(el.tagName) ? 'div' : 'span');
    el.parentElement?.insertBefore(wrapper, el);
    wrapper.appendChild(el);
  }
}

/**
 * Reorders sibling elements where order carries no meaning: children of page chrome (subtrees that hold no
 * answer), and link lists anywhere (every child mostly link text: source lists, menus).
 */
function shuffleSiblings(html: Element, random: Random, keep: readonly Element[]): void {
  const body = html.querySelector('body');
  if (!body) return;
  const holdsAnswer = (el: Element) => keep.some((root) => el.contains(root) || root.contains(el));
  for (const parent of [body, ...body.querySelectorAll('*')]) {
    const children = [...parent.children].filter((c) => !NEVER_WRAPPED.has(c.tagName));
    if (children.length < 2) continue;
    if (holdsAnswer(parent) && !isLinkList(children)) continue;
    if (children.some((c) => c.getElementsByTagName('*').length > MOVABLE_DESCENDANTS)) continue;
    shuffleInPlace(children, random);
    for (const child of children) parent.append(child);
  }
}

function isLinkList(children: Element[]): boolean {
  return children.every((child) => {
    const text = (child.textContent ?? '').replace(/\s+/g, '').length;
    if (text === 0) return false;
    let linkText = 0;
    for (const a of child.querySelectorAll('a[href]')) linkText += (a.textContent ?? '').replace(/\s+/g, '').length;
    if (child.matches('a[href]')) linkText = text;
    return linkText / text >= 0.5;
  });
}

function shuffleInPlace<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
}
