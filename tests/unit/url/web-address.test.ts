import { describe, expect, it } from 'vitest';
import { parseWebAddress } from '../../../utils/url/web-address';

const href = (typed: string) => {
  const parsed = parseWebAddress(typed);
  return 'url' in parsed ? parsed.url.href : `error: ${parsed.error}`;
};

describe('a typed web address', () => {
  it.each([
    ['www.nhs.uk/sleep', 'https://www.nhs.uk/sleep'],
    ['  nhs.uk ', 'https://nhs.uk/'],
    ['//example.org/a?b=1', 'https://example.org/a?b=1'],
    ['example.com:8080/x', 'https://example.com:8080/x'],
    ['http://example.com/', 'http://example.com/'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['bücher.de/seite', 'https://xn--bcher-kva.de/seite'],
  ])('completes %j to %s', (typed, expected) => {
    expect(href(typed)).toBe(expected);
  });

  it.each(['', 'sleep', 'two words.com', 'javascript:alert(1)', 'ftp://example.com/file', 'mailto:a@b.co'])(
    'refuses %j with words',
    (typed) => {
      expect(href(typed)).toMatch(/^error: (Enter a web address|Only web addresses)/);
    },
  );
});
