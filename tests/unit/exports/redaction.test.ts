import { describe, expect, it } from 'vitest';
import { createRedactor, luhnValid, redactUrl } from '../../../storage/exports/redaction';

const all = createRedactor({ emails: true, phones: true, cards: true, ips: true, words: ['Jane Doe', 'Zoë'] });
const masked = (s: string) => '█'.repeat(s.length);

describe('redaction', () => {
  it('masks emails, keeping the text length', () => {
    const text = 'write to jane.doe+news@example.co.uk today';
    const out = all(text);
    expect(out).toBe(`write to ${masked('jane.doe+news@example.co.uk')} today`);
    expect(out).toHaveLength(text.length);
  });

  it('masks phone numbers in common shapes but not dates, years or small numbers', () => {
    for (const phone of ['+1 (555) 010-0199', '555-010-0199', '+44 20 7946 0958', '06 12 34 56 78']) {
      expect(all(`call ${phone}.`)).toBe(`call ${masked(phone)}.`);
    }
    for (const text of ['on 2026-11-26', 'in 2024', 'up to 400 mg', 'seven to nine hours', 'zone 6']) {
      expect(all(text)).toBe(text);
    }
  });

  it('masks card numbers only when they pass the Luhn check', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(all('card 4111 1111 1111 1111 ok')).toBe(`card ${masked('4111 1111 1111 1111')} ok`);
    expect(createRedactor({ cards: true })('order 4111 1111 1111 1112')).toBe('order 4111 1111 1111 1112');
  });

  it('masks IPv4 and IPv6 addresses but not times or versions', () => {
    expect(all('from 192.168.1.20 and 2001:db8::8a2e:370:7334')).toBe(
      `from ${masked('192.168.1.20')} and ${masked('2001:db8::8a2e:370:7334')}`,
    );
    expect(all('at 10:30:15, version 1.2.3')).toBe('at 10:30:15, version 1.2.3');
  });

  it('masks listed words case-insensitively as whole words, Unicode included', () => {
    expect(all('jane doe met ZOË and Zoëlle')).toBe(`${masked('jane doe')} met ${masked('ZOË')} and Zoëlle`);
  });

  it('redacts query parameters of a URL and leaves the rest', () => {
    const redact = createRedactor({ emails: true });
    expect(redactUrl('https://www.google.com/search?q=mail+jane%40example.com&hl=en', redact)).toBe(
      `https://www.google.com/search?q=mail+${encodeURIComponent(masked('jane@example.com'))}&hl=en`,
    );
    expect(redactUrl('https://example.org/a?q=plain', redact)).toBe('https://example.org/a?q=plain');
  });

  it('does nothing when nothing is turned on', () => {
    expect(createRedactor({})('jane@example.com 555-010-0199')).toBe('jane@example.com 555-010-0199');
  });
});
