import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../storage/exports/redaction';
import { TraceSchema } from '../../../storage/schema';
import { FeedbackEventSchema } from '../../../storage/schema/feedback-event';
import { makeEvent } from '../../../utils/content/make-event';
import { checkModelEndpoint } from '../../../utils/shadow/llm/endpoint';
import { INPUT_LIMITS, modelInputOf, redactModelInput } from '../../../utils/shadow/llm/model-input';
import { ModelOutputSchema, OUTPUT_LIMITS, outputJsonSchema } from '../../../utils/shadow/llm/model-output';
import { SAMPLE_TRACE } from '../../../utils/shadow/llm/sample-answer';
import { modelAgent } from '../../../utils/shadow/llm/tier2';
import { ownModelVoice, toProposals } from '../../../utils/shadow/llm/to-proposals';

/** Paths of strings in a JSON schema that are neither bounded (maxLength) nor listed (enum, const). */
function unbounded(node: unknown, where = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => unbounded(n, `${where}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'string' && !('maxLength' in o) && !('enum' in o) && !('const' in o) ? [where] : [];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => unbounded(v, `${where}.${k}`))];
}

describe('the JSON schema sent to the model', () => {
  it('bounds every string and the list, and lists this answer’s own ids', () => {
    const schema = outputJsonSchema(modelInputOf(SAMPLE_TRACE, ''));
    expect(unbounded(schema)).toEqual([]);
    const text = JSON.stringify(schema);
    expect(text).toContain('"maxItems":5');
    expect(text).toContain('"enum":["s0","s1","s2"]');
    expect(text).toContain('"enum":["src0","src1"]');
    expect(text).toContain('"enum":["q0","q1"]');
  });

  it('leaves out kinds whose list would be empty (no sources, no sub-queries)', () => {
    const bare = TraceSchema.parse({ ...SAMPLE_TRACE, sources: [], subqueries: [] });
    const kinds = JSON.stringify(outputJsonSchema(modelInputOf(bare, '')));
    expect(kinds).not.toContain('irrelevant_source');
    expect(kinds).not.toContain('irrelevant_subquery');
    expect(kinds).toContain('unsupported_sentence');
  });

  it('Zod refuses replies beyond the bounds and of unknown kinds', () => {
    const reason = 'x'.repeat(OUTPUT_LIMITS.reason + 1);
    expect(ModelOutputSchema.safeParse({ proposals: [{ kind: 'missing_aspect', aspect: 'a', reason }] }).success).toBe(
      false,
    );
    const six = Array.from({ length: 6 }, () => ({ kind: 'missing_aspect', aspect: 'a', reason: '' }));
    expect(ModelOutputSchema.safeParse({ proposals: six }).success).toBe(false);
    expect(ModelOutputSchema.safeParse({ proposals: [{ kind: 'verdict', reason: '' }] }).success).toBe(false);
    expect(ModelOutputSchema.safeParse({ proposals: [] }).success).toBe(true);
  });
});

describe('what is sent', () => {
  it('is bounded: a long answer is cut to the budget, its start kept', () => {
    const parts = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} says something long enough. `);
    const text = parts.join('');
    let at = 0;
    const sentences = parts.map((p, i) => {
      const s = { id: `s${i}`, start: at, end: at + p.length - 1 };
      at += p.length;
      return s;
    });
    const sources = Array.from({ length: 100 }, (_, i) => ({
      ...SAMPLE_TRACE.sources[0]!,
      id: `src${i}`,
      title: 't'.repeat(500),
      snippet: 'n'.repeat(2000),
    }));
    const long = TraceSchema.parse({ ...SAMPLE_TRACE, answer: { text, sentences, complete: true }, sources });
    const input = modelInputOf(long, 'p'.repeat(5000));
    expect(JSON.stringify(input).length).toBeLessThanOrEqual(INPUT_LIMITS.total);
    expect(input.sentences[0]?.id).toBe('s0');
    expect(input.profile.length).toBe(INPUT_LIMITS.profile);
    expect(input.sources.every((s) => s.title.length <= INPUT_LIMITS.title)).toBe(true);
  });
});

describe('redaction', () => {
  it('the user’s rules mask the question, sentences, titles, snippets, URL parameters and sub-queries; ids stay', () => {
    const trace = TraceSchema.parse({
      ...SAMPLE_TRACE,
      query: 'mail ann@example.org about sleep',
      sources: [
        { ...SAMPLE_TRACE.sources[0]!, url: 'https://example.org/s?q=ann@example.org', title: 'ann@example.org' },
      ],
    });
    const input = redactModelInput(modelInputOf(trace, ''), createRedactor({ emails: true }));
    const text = JSON.stringify(input);
    expect(text).not.toContain('ann@example.org');
    expect(input.query).toBe(`mail ${'█'.repeat('ann@example.org'.length)} about sleep`);
    expect(input.sources[0]?.id).toBe('src0');
    expect(input.sentences.map((s) => s.id)).toEqual(['s0', 's1', 's2']);
  });
});

describe('model replies become proposals', () => {
  const agent = modelAgent('llama3.2');

  it('each kind becomes feedback that stores as a valid shadow event on the named part', () => {
    const { proposals, unknown } = toProposals(
      SAMPLE_TRACE,
      [
        { kind: 'unsupported_sentence', sentenceId: 's2', reason: 'no source mentions coffee' },
        { kind: 'missing_aspect', aspect: 'naps', reason: '' },
        { kind: 'irrelevant_source', sourceId: 'src1', reason: 'recipes' },
        { kind: 'irrelevant_subquery', subqueryId: 'q1', reason: 'off topic' },
        { kind: 'missing_subquery', subquery: 'sleep for older adults', reason: '' },
      ],
      2,
      agent,
      ownModelVoice('llama3.2'),
    );
    expect(unknown).toBe(0);
    expect(proposals.map((p) => p.kind)).toEqual([
      'unsupported_sentence',
      'missing_aspect',
      'irrelevant_source',
      'irrelevant_subquery',
      'missing_subquery',
    ]);
    for (const p of proposals) {
      const event = { ...makeEvent(SAMPLE_TRACE.id, { ...p.feedback, origin: 'shadow' } as never), agent: p.agent };
      expect(FeedbackEventSchema.safeParse(event).success, p.kind).toBe(true);
    }
    const span = proposals[0]?.feedback.target;
    expect(span).toMatchObject({ type: 'span', quote: { exact: 'Coffee after noon can shorten sleep.' } });
    expect(proposals[0]?.evidence).toBe('Your model (llama3.2) says: no source mentions coffee');
    expect(proposals[2]?.question).toBe('Is example.com “Ten coffee recipes” no help for your question?');
    expect(agent).toEqual({ name: 'stageback-shadow-llm:llama3.2', version: '1', confidence: 0.5 });
  });

  it('made-up ids are counted and left out; a repeat of the same target is kept once', () => {
    const { proposals, unknown } = toProposals(
      SAMPLE_TRACE,
      [
        { kind: 'unsupported_sentence', sentenceId: 's9', reason: '' },
        { kind: 'irrelevant_source', sourceId: 'src7', reason: '' },
        { kind: 'irrelevant_source', sourceId: 'src0', reason: '' },
        { kind: 'irrelevant_source', sourceId: 'src0', reason: 'again' },
      ],
      2,
      agent,
      ownModelVoice('llama3.2'),
    );
    expect(unknown).toBe(2);
    expect(proposals).toHaveLength(1);
  });
});

describe('the model server’s address', () => {
  it.each([
    ['http://localhost:11434/v1', 'http://localhost:11434/v1/chat/completions', 'http://localhost/*'],
    ['http://127.0.0.1:8080/v1/chat/completions', 'http://127.0.0.1:8080/v1/chat/completions', 'http://127.0.0.1/*'],
    ['https://api.example.com/v1/', 'https://api.example.com/v1/chat/completions', 'https://api.example.com/*'],
  ])('%s → %s, permission %s', (input, chatUrl, pattern) => {
    expect(checkModelEndpoint(input)).toMatchObject({ ok: true, chatUrl, permissionPattern: pattern });
  });

  it.each([
    ['', 'Enter the address'],
    ['localhost:11434', 'Use https://'],
    ['http://192.168.1.5:11434/v1', 'plain http:// only for localhost'],
    ['https://user:pw@api.example.com/v1', 'key field'],
    ['https://api.example.com/v1?x=1', 'query string'],
  ])('refuses %j', (input, says) => {
    const check = checkModelEndpoint(input);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(says);
  });
});
