import { describe, expect, it } from 'vitest';
import { browserModelStatus } from '../../../utils/shadow/browser-model/availability';
import type {
  BrowserModelAvailability,
  LanguageModelApi,
  LanguageModelSession,
} from '../../../utils/shadow/browser-model/language-model-api';
import { runBrowserModelTier } from '../../../utils/shadow/browser-model/tier3';
import { modelInputOf } from '../../../utils/shadow/llm/model-input';
import { outputJsonSchema } from '../../../utils/shadow/llm/model-output';
import { SYSTEM_PROMPT } from '../../../utils/shadow/llm/prompt';
import { SAMPLE_TRACE } from '../../../utils/shadow/llm/sample-answer';

/**
 * Chrome's Prompt API cannot run on these machines (Debian's Chromium says `unavailable`; the e2e test checks
 * that for real), so the call path is driven here by an object with the API's shape that records each call.
 */
function promptApi(availability: BrowserModelAvailability, reply: (input: string) => Promise<string> | string) {
  const calls: { create: unknown[]; prompt: { input: string; options: unknown }[]; destroyed: number } = {
    create: [],
    prompt: [],
    destroyed: 0,
  };
  const api: LanguageModelApi = {
    availability: async () => availability,
    create: async (options) => {
      calls.create.push(options);
      const session: LanguageModelSession = {
        prompt: async (input, options) => {
          calls.prompt.push({ input, options });
          return reply(input);
        },
        destroy: () => {
          calls.destroyed++;
        },
      };
      return session;
    },
  };
  return { api, calls };
}

describe('the browser’s model (tier 3)', () => {
  it.each([
    [undefined, 'no_api', 'no built-in language model'],
    ['unavailable', 'unavailable', 'says the model cannot run here'],
    ['downloadable', 'downloadable', 'has not downloaded it yet'],
    ['downloading', 'downloading', 'is downloading'],
    ['available', 'available', 'ready'],
  ] as const)('availability %s → %s, in words', async (said, state, words) => {
    const api = said === undefined ? undefined : promptApi(said, () => '').api;
    const status = await browserModelStatus(api);
    expect(status).toMatchObject({ state, canRun: state === 'available' });
    expect(status.message).toContain(words);
  });

  it('when available: one session with the system prompt, the answer with the JSON schema as responseConstraint, destroyed after', async () => {
    const { api, calls } = promptApi('available', () =>
      JSON.stringify({ proposals: [{ kind: 'irrelevant_source', sourceId: 'src1', reason: 'recipes' }] }),
    );
    const run = await runBrowserModelTier(SAMPLE_TRACE, 'Doubts: example.com.', api);
    expect(run.status).toMatchObject({ tier: 3, state: 'ok' });
    expect(run.proposals).toHaveLength(1);
    expect(run.proposals[0]).toMatchObject({
      kind: 'irrelevant_source',
      tier: 3,
      agent: { name: 'stageback-shadow-browser' },
      feedback: { target: { type: 'source', sourceId: 'src1' }, kind: 'relevance', value: 0 },
    });
    expect(calls.create).toHaveLength(1);
    expect(calls.create[0]).toMatchObject({ initialPrompts: [{ role: 'system', content: SYSTEM_PROMPT }] });
    const input = modelInputOf(SAMPLE_TRACE, 'Doubts: example.com.');
    expect(calls.prompt[0]?.input).toBe(JSON.stringify(input));
    expect(calls.prompt[0]?.options).toMatchObject({ responseConstraint: outputJsonSchema(input) });
    expect(calls.destroyed).toBe(1);
  });

  it('unavailable: nothing is created and options get the reason', async () => {
    const { api, calls } = promptApi('unavailable', () => '{}');
    const run = await runBrowserModelTier(SAMPLE_TRACE, '', api);
    expect(run).toMatchObject({ proposals: [], status: { tier: 3, state: 'failed', code: 'unavailable' } });
    expect(calls.create).toHaveLength(0);
  });

  it.each<[string, () => string, string]>([
    ['not JSON', () => 'Sure! Here are my thoughts', 'invalid_json'],
    ['another shape', () => '{"answer": 1}', 'schema_mismatch'],
    [
      'made-up ids',
      () => '{"proposals":[{"kind":"unsupported_sentence","sentenceId":"s42","reason":""}]}',
      'unknown_references',
    ],
    [
      'the model throws',
      () => {
        throw new Error('The model crashed');
      },
      'model_error',
    ],
  ])('%s → a failed status (%s), no proposals, the session still destroyed', async (_name, reply, code) => {
    const { api, calls } = promptApi('available', reply);
    const run = await runBrowserModelTier(SAMPLE_TRACE, '', api);
    expect(run).toMatchObject({ proposals: [], status: { tier: 3, state: 'failed', code } });
    expect(run.status.short).not.toBe('');
    expect(calls.destroyed).toBe(1);
  });

  it('a model that does not answer in time is given up', async () => {
    const { api } = promptApi('available', () => new Promise<string>(() => {}));
    // The API honours its signal; this stand-in does not, so the tier must stop waiting on its own.
    const run = await runBrowserModelTier(SAMPLE_TRACE, '', api, 50);
    expect(run.status).toMatchObject({ state: 'failed', code: 'timeout' });
  });
});
