/** Marks the answers' roots in a page snapshot, for the report page to trim around (removed from the file). */
export const ROOT_MARK = 'data-stageback-report-root';

/** Elements the extension puts in pages: the strip and toolbar hosts, the highlight style. */
const OWN_UI = '[data-stageback], [data-wxt-shadow-root]';

/**
 * The page as HTML for "Report this page": a copy of the document without the extension's own UI (its hosts'
 * closed shadow roots are not copied at all), form fields carrying their current values, and the answers' roots
 * marked. Trimming it to the answer region happens in the report page, not in the site's page.
 */
export function snapshotPage(doc: Document, roots: Element[]): string {
  const copy = doc.cloneNode(true) as Document;
  // A clone has the same tree: each root's copy is at the same child-index path (the page itself is not touched).
  for (const root of roots) {
    const path: number[] = [];
    for (let n: Node = root; n !== doc && n.parentNode; n = n.parentNode) {
      path.unshift(Array.prototype.indexOf.call(n.parentNode.childNodes, n));
    }
    let twin: Node | undefined = copy;
    for (const i of path) twin = twin?.childNodes[i];
    if (twin?.nodeType === 1) (twin as Element).setAttribute(ROOT_MARK, '');
  }
  const fields = doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
  copy.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea').forEach((field, i) => {
    const value = fields[i]?.value ?? '';
    if (field.localName === 'textarea') field.textContent = value;
    else if (field.type !== 'password' && field.type !== 'hidden') field.setAttribute('value', value);
  });
  for (const el of copy.querySelectorAll(OWN_UI)) el.remove();
  for (const el of [...copy.querySelectorAll('*')].filter((e) => e.localName.startsWith('stageback-'))) el.remove();
  return copy.documentElement.outerHTML;
}
