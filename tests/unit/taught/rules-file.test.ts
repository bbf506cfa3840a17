import { describe, expect, it } from 'vitest';
import { RuleDraftSchema, rulesFile, type TaughtRule } from '../../../utils/taught/rule';
import { parseRulesFile } from '../../../utils/taught/rules-file';

const RULE: TaughtRule = {
  id: 'r1',
  origin: 'https://askwell.example',
  pathPrefix: '/search',
  name: 'askwell.example',
  answer: ['div[data-panel="generated-answer"]'],
  sources: [],
  createdAt: '2026-12-01T10:00:00.000Z',
  from: { kind: 'user' },
};

describe('taught rules as data', () => {
  it('reads back what export writes', () => {
    expect(parseRulesFile(JSON.stringify(rulesFile([RULE])))).toEqual({ ok: true, rules: [RULE] });
  });

  it('refuses a file that is not JSON or not ours, saying so', () => {
    expect(parseRulesFile('not json')).toEqual({
      ok: false,
      message: 'This file is not a Stageback file of taught sites (it is not JSON).',
    });
    expect(parseRulesFile('{"rules":[]}')).toMatchObject({ ok: false, message: /not a Stageback file/ });
  });

  it('adds nothing from a file with one bad rule, and names where the problem is', () => {
    for (const bad of [
      { origin: 'http://askwell.example' },
      { origin: 'https://askwell.example/path' },
      { answer: [] },
      { answer: ['main { color: red }'] },
      { answer: ['a;b'] },
      { pathPrefix: 'search' },
      { from: { kind: 'script' } },
    ]) {
      const result = parseRulesFile(JSON.stringify(rulesFile([RULE, { ...RULE, ...bad } as TaughtRule])));
      expect(result.ok, JSON.stringify(bad)).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^Nothing was added: this file has a problem \(at rules\.1/);
    }
  });

  it('takes a picker draft with up to six selectors per part', () => {
    expect(RuleDraftSchema.safeParse({ pathPrefix: '/', answer: ['main'], sources: [] }).success).toBe(true);
    expect(RuleDraftSchema.safeParse({ pathPrefix: '/', answer: Array(7).fill('main'), sources: [] }).success).toBe(
      false,
    );
  });
});
