import { JSDOM, VirtualConsole } from 'jsdom';

/**
 * A saved page as a jsdom Document under its live URL, for the extract CLI and the tests.
 * Scripts do not run and nothing is fetched (jsdom defaults). What jsdom would spend most
 * of its parse time on and no adapter reads is dropped first: `<style>` bodies (a CSSOM
 * each), inline `style` attributes (parsed by cssstyle) and `<svg>` icon contents.
 * Inline scripts stay: Google's citation data lives in them.
 */
export function parseSavedPage(html: string, url: string): Document {
  const lean = html
    .replace(/(<style\b[^>]*>)[\s\S]*?(<\/style\s*>)/gi, '$1$2')
    .replace(/(<svg\b[^>]*>)[\s\S]*?(<\/svg\s*>)/gi, '$1$2')
    .replace(/(<[a-z][^<>]*?)\sstyle="[^"]*"/gi, '$1');
  const dom = new JSDOM(lean, { url, virtualConsole: new VirtualConsole() });
  return dom.window.document;
}
