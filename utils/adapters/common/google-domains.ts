/**
 * Google search hosts the Google adapters run on, listed explicitly: store review
 * asks for host permissions without TLD wildcards. The main country domains by
 * search traffic; extend here (one place) when users ask for another.
 */
export const GOOGLE_SEARCH_HOSTS = [
  'www.google.com',
  'www.google.co.uk',
  'www.google.ca',
  'www.google.com.au',
  'www.google.co.nz',
  'www.google.ie',
  'www.google.co.in',
  'www.google.com.sg',
  'www.google.co.za',
  'www.google.de',
  'www.google.at',
  'www.google.ch',
  'www.google.fr',
  'www.google.be',
  'www.google.nl',
  'www.google.es',
  'www.google.pt',
  'www.google.it',
  'www.google.se',
  'www.google.no',
  'www.google.dk',
  'www.google.fi',
  'www.google.pl',
  'www.google.cz',
  'www.google.gr',
  'www.google.ro',
  'www.google.hu',
  'www.google.com.tr',
  'www.google.com.ua',
  'www.google.co.il',
  'www.google.ae',
  'www.google.com.sa',
  'www.google.com.eg',
  'www.google.co.jp',
  'www.google.co.kr',
  'www.google.com.tw',
  'www.google.com.hk',
  'www.google.co.id',
  'www.google.com.ph',
  'www.google.com.my',
  'www.google.co.th',
  'www.google.com.vn',
  'www.google.com.pk',
  'www.google.com.ng',
  'www.google.com.br',
  'www.google.com.mx',
  'www.google.com.ar',
  'www.google.cl',
  'www.google.com.co',
  'www.google.com.pe',
] as const;

/** Match patterns for the results page on every listed Google host. */
export const GOOGLE_SEARCH_MATCHES: string[] = GOOGLE_SEARCH_HOSTS.map((host) => `https://${host}/search*`);

/** AI Mode is the results page with `udm=50`. */
export function isAiModeUrl(url: URL): boolean {
  return url.searchParams.get('udm') === '50';
}

/** The query of a Google results page: the URL first, then the search box. */
export function googleQuery(doc: Document, url: URL): string {
  const fromUrl = url.searchParams.get('q');
  if (fromUrl?.trim()) return fromUrl;
  const box = doc.querySelector<HTMLTextAreaElement | HTMLInputElement>('textarea[name="q"], input[name="q"]');
  const fromBox = box?.value || box?.textContent || '';
  if (fromBox.trim()) return fromBox;
  return doc.querySelector('[data-q]')?.getAttribute('data-q') ?? '';
}
