import { describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula } from '../../../storage/exports/formats/csv';

// The golden CSV test covers a leading "=" in a title and a comment; this covers every character a spreadsheet
// starts a formula with (OWASP "CSV injection"), and text that merely contains one.
describe('CSV formula neutralising', () => {
  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil.example","x")'])(
    'prefixes %j with an apostrophe so it stays text',
    (text) => {
      expect(neutraliseFormula(text)).toBe(`'${text}`);
    },
  );

  it.each(['a=1', 'sleep - 7 hours', 'mail@example.com', '', "'=already text"])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });

  it('quotes a neutralised field that holds quotes, commas or line breaks, per RFC 4180', () => {
    expect(csvField(neutraliseFormula('=HYPERLINK("x"),\nb'))).toBe(`"'=HYPERLINK(""x""),\nb"`);
  });
});
