import { describe, expect, it } from 'vitest';
import { parseEnrolmentInput } from '../../../utils/study/enrol-link';

const CODE = 'sbe_AbCdEfGhIjKlMnOpQrStU-';

describe('parseEnrolmentInput', () => {
  it('takes the collector and the code from an enrolment link', () => {
    expect(parseEnrolmentInput(`  https://collector.example/enrol/${CODE}  `)).toEqual({
      ok: true,
      collector: 'https://collector.example',
      code: CODE,
      permissionPattern: 'https://collector.example/*',
    });
    expect(parseEnrolmentInput(`http://127.0.0.1:8787/enrol/${CODE}`)).toMatchObject({
      ok: true,
      collector: 'http://127.0.0.1:8787',
      permissionPattern: 'http://127.0.0.1/*',
    });
  });

  it('asks for the collector address when only the code is pasted, then uses it', () => {
    expect(parseEnrolmentInput(CODE)).toMatchObject({ ok: false, needsCollector: true, code: CODE });
    expect(parseEnrolmentInput(CODE, 'https://c.example')).toMatchObject({ ok: true, collector: 'https://c.example' });
  });

  it('refuses plain http to another computer, other links and text, with a reason', () => {
    expect(parseEnrolmentInput(`http://collector.example/enrol/${CODE}`)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/https/),
    });
    expect(parseEnrolmentInput('https://collector.example/v1/ingest')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not an enrolment link/),
    });
    expect(parseEnrolmentInput(`https://collector.example/enrol/${CODE}x`).ok).toBe(false);
    expect(parseEnrolmentInput('hello')).toMatchObject({ ok: false, needsCollector: false });
    expect(parseEnrolmentInput('')).toMatchObject({ ok: false, reason: expect.stringMatching(/Paste/) });
  });
});
