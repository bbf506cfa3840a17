import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, tryCanonicalizeUrl } from '../../../utils/url/canonicalize';
import { domainOf } from '../../../utils/url/domain';
import { factsUrl } from './real-pages';

describe('canonicalizeUrl', () => {
  it('drops utm_* and click-tracking parameters, keeping the others in order', () => {
    expect(
      canonicalizeUrl('https://ex.com/a?id=3&utm_source=chatgpt.com&gclid=x&fbclid=y&srsltid=z&ved=v&ei=e&page=2'),
    ).toBe('https://ex.com/a?id=3&page=2');
  });

  it('drops fragments, including text fragments', () => {
    expect(canonicalizeUrl('https://ex.com/a#:~:text=hello%20world')).toBe('https://ex.com/a');
    expect(canonicalizeUrl('https://ex.com/a?x=1#section')).toBe('https://ex.com/a?x=1');
  });

  it('unwraps Google /url?q= and /url?url= redirects', () => {
    expect(
      canonicalizeUrl('/url?q=https://ex.com/p%3Futm_medium%3Dx%26k%3D1&sa=U&ved=2', 'https://www.google.com/search'),
    ).toBe('https://ex.com/p?k=1');
    expect(canonicalizeUrl('https://www.google.de/url?sa=t&url=https://ex.com/b%23frag&ved=1')).toBe(
      'https://ex.com/b',
    );
  });

  it('leaves /url paths of other hosts alone, and keeps http and www', () => {
    expect(canonicalizeUrl('http://www.ex.com/url?q=https://other.com/')).toBe(
      'http://www.ex.com/url?q=https://other.com/',
    );
  });

  it('resolves relative links against the page and removes an emptied query', () => {
    expect(canonicalizeUrl('/x/y?utm_source=a', 'https://site.org/p')).toBe('https://site.org/x/y');
  });

  it('throws on non-URLs; tryCanonicalizeUrl returns null and rejects non-http schemes', () => {
    expect(() => canonicalizeUrl('not a url')).toThrow(TypeError);
    expect(tryCanonicalizeUrl('not a url')).toBeNull();
    expect(tryCanonicalizeUrl('javascript:alert(1)')).toBeNull();
    expect(tryCanonicalizeUrl(null)).toBeNull();
    expect(tryCanonicalizeUrl('https://ex.com/#top')).toBe('https://ex.com/');
  });

  it('gives domains without www.', () => {
    expect(domainOf('https://www.cdc.gov/x')).toBe('cdc.gov');
    expect(domainOf('https://m.youtube.com/watch?v=1')).toBe('m.youtube.com');
    expect(domainOf('nope')).toBe('');
  });

  it('agrees with the facts normaliser used by the conformance tests', () => {
    expect(factsUrl(canonicalizeUrl('http://www.ex.com/a/?utm_source=x#f'))).toBe('https://ex.com/a');
  });
});
