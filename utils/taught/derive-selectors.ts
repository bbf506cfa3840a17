/**
 * Derives the selectors a taught rule keeps for one element the user picked: the most stable first (an id,
 * a test or ARIA attribute, a role, a landmark), then a structural path from the nearest stable ancestor, then
 * class names that read as words. Every selector kept matches exactly that element in this document; names a
 * build tool generated (hashes, React ids, CSS-module suffixes) are never used, since they change on every
 * release of the site.
 */

const STABLE_ATTRIBUTES = [
  'data-testid',
  'data-test-id',
  'data-test',
  'data-qa',
  'data-cy',
  'data-component',
  'data-role',
  'itemprop',
  'role',
  'aria-label',
  'aria-labelledby',
  'name',
];
const LANDMARK_TAGS = new Set(['main', 'article', 'section', 'aside', 'nav', 'ol', 'ul', 'footer', 'header']);
const MAX_SELECTORS = 4;

/** A name a build tool made rather than a person: it will not survive the site's next release. */
export function looksGenerated(name: string): boolean {
  if (name.length === 0 || name.length > 60) return true;
  if (/^[:_]|[:]|__|--[a-z0-9]{4,}$/i.test(name)) return true; // React ids, CSS modules, BEM-hash suffixes
  if (/^(css|sc|jsx|svelte|emotion|styled|tw|_?ngcontent|ember)-/i.test(name)) return true;
  if (/\d{3,}/.test(name)) return true;
  if (/\d/.test(name) && /[a-z]/i.test(name) && !/^[a-z]+(-[a-z]+)*-?\d{1,2}$/i.test(name)) return true;
  // Short mixed-case tokens such as "YzCcne": a hash, unless it reads as camelCase words ("answerBody").
  if (!/[-_]/.test(name) && /[a-z][A-Z]|^[A-Z][a-z]*[A-Z]/.test(name)) {
    const words = name.split(/(?=[A-Z])/).filter((w) => /^[A-Z]?[a-z]{3,}$/.test(w));
    if (words.length < 2 || words.join('') !== name) return true;
  }
  return false;
}

function attributeValue(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function idSelector(id: string): string {
  return /^[A-Za-z][\w-]*$/.test(id) ? `#${id}` : `[id=${attributeValue(id)}]`;
}

/** True when `selector` matches `el` and nothing else in `doc`. */
export function matchesExactly(doc: ParentNode, selector: string, el: Element): boolean {
  try {
    const found = doc.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** Selectors that name `el` by itself (no ancestors), most stable first; not checked for uniqueness. */
function ownSelectors(el: Element): string[] {
  const tag = el.localName;
  const out: string[] = [];
  if (el.id && !looksGenerated(el.id)) out.push(idSelector(el.id));
  for (const name of STABLE_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (!value || value.length > 60 || /\d{2,}/.test(value)) continue;
    if (name !== 'aria-label' && looksGenerated(value.replace(/\s+/g, '-'))) continue;
    out.push(`${tag}[${name}=${attributeValue(value)}]`);
  }
  for (const attr of el.attributes) {
    if (!attr.name.startsWith('data-') || STABLE_ATTRIBUTES.includes(attr.name)) continue;
    if (looksGenerated(attr.name.slice(5)) || !attr.value || attr.value.length > 40) continue;
    if (looksGenerated(attr.value) || /[{}[\]"<>]/.test(attr.value)) continue;
    out.push(`${tag}[${attr.name}=${attributeValue(attr.value)}]`);
  }
  if (LANDMARK_TAGS.has(tag)) out.push(tag);
  return out;
}

function wordClasses(el: Element): string[] {
  return [...el.classList].filter((c) => /^[A-Za-z][\w-]*$/.test(c) && !looksGenerated(c));
}

/** The element's own selector that is unique in the document, if any. */
function uniqueOwnSelector(doc: ParentNode, el: Element): string | null {
  return ownSelectors(el).find((s) => matchesExactly(doc, s, el)) ?? null;
}

/** `anchor > div:nth-of-type(2) > p`: from the nearest ancestor with a unique stable selector (or `body`). */
export function structuralPath(doc: Document, el: Element): string | null {
  const steps: string[] = [];
  let node: Element | null = el;
  while (node && node !== doc.documentElement) {
    if (node !== el) {
      const anchor = node === doc.body ? 'body' : uniqueOwnSelector(doc, node);
      if (anchor) {
        const selector = [anchor, ...steps].join(' > ');
        return matchesExactly(doc, selector, el) ? selector : null;
      }
    }
    const parent: Element | null = node.parentElement;
    if (!parent) return null;
    const same = [...parent.children].filter((c) => c.localName === node?.localName);
    steps.unshift(same.length > 1 ? `${node.localName}:nth-of-type(${same.indexOf(node) + 1})` : node.localName);
    node = parent;
  }
  return null;
}

/** Up to four selectors, each matching exactly `el` in `doc`, most stable first. Empty only for a detached node. */
export function deriveSelectors(doc: Document, el: Element): string[] {
  const candidates: string[] = [];
  candidates.push(...ownSelectors(el));
  // An element with nothing stable of its own is named inside its nearest stable ancestor.
  for (let up = el.parentElement, depth = 0; up && up !== doc.body && depth < 6; up = up.parentElement, depth++) {
    const anchor = uniqueOwnSelector(doc, up);
    if (!anchor) continue;
    for (const own of ownSelectors(el)) candidates.push(`${anchor} ${own}`);
    break;
  }
  const path = structuralPath(doc, el);
  if (path) candidates.push(path);
  const classes = wordClasses(el);
  if (classes.length > 0) candidates.push(`${el.localName}.${classes.join('.')}`);
  const kept: string[] = [];
  for (const selector of candidates) {
    if (kept.length >= MAX_SELECTORS) break;
    if (!kept.includes(selector) && matchesExactly(doc, selector, el)) kept.push(selector);
  }
  // The structural path is the one that always exists: keep it even when four others came first.
  if (path && !kept.includes(path) && kept.length === MAX_SELECTORS) kept[MAX_SELECTORS - 1] = path;
  return kept;
}
