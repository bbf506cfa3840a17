import type { Trace } from '../../../storage/schema';
import { modelInputOf } from '../llm/model-input';
import { ModelOutputSchema, outputJsonSchema } from '../llm/model-output';
import { SYSTEM_PROMPT } from '../llm/prompt';
import { toProposals } from '../llm/to-proposals';
import type { TierRun, TierStatus } from '../tier-status';
import type { ShadowAgent } from '../types';
import { browserModelStatus } from './availability';
import type { LanguageModelApi } from './language-model-api';

export const BROWSER_AGENT: ShadowAgent = { name: 'stageback-shadow-browser', version: '1', confidence: 0.5 };
const TIMEOUT_MS = 60_000;

/** Settles when `promise` does, or rejects once `signal` aborts, whether or not the API honours the signal. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

const failed = (code: string, short: string, message: string): TierStatus => ({
  tier: 3,
  state: 'failed',
  short,
  message,
  code,
});

/**
 * Tier 3 for one answer: the browser's own model (Chrome's Prompt API), with the same prompt, JSON schema
 * (`responseConstraint`) and checks as tier 2. Runs only when `availability()` says `available`; never throws.
 */
export async function runBrowserModelTier(
  trace: Trace,
  profile: string,
  api: LanguageModelApi | undefined,
  timeoutMs = TIMEOUT_MS,
): Promise<TierRun> {
  const status = await browserModelStatus(api);
  if (!api || !status.canRun) {
    return { proposals: [], status: failed(status.state, 'The browser’s model cannot run here.', status.message) };
  }
  const input = modelInputOf(trace, profile);
  const signal = AbortSignal.timeout(timeoutMs);
  let reply: string;
  try {
    const session = await untilAborted(
      api.create({ initialPrompts: [{ role: 'system', content: SYSTEM_PROMPT }], signal }),
      signal,
    );
    try {
      reply = await untilAborted(
        session.prompt(JSON.stringify(input), { responseConstraint: outputJsonSchema(input), signal }),
        signal,
      );
    } finally {
      session.destroy();
    }
  } catch (error) {
    if (signal.aborted) {
      return {
        proposals: [],
        status: failed(
          'timeout',
          'The browser’s model took too long.',
          `The browser’s model did not answer within ${timeoutMs / 1000} s.`,
        ),
      };
    }
    const why = error instanceof Error ? error.message : String(error);
    return {
      proposals: [],
      status: failed('model_error', 'The browser’s model failed.', `The browser’s model failed (${why}).`),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(reply);
  } catch {
    return {
      proposals: [],
      status: failed(
        'invalid_json',
        'The browser’s model did not answer in JSON.',
        `The browser’s model did not answer in JSON (it began “${reply.slice(0, 40)}”).`,
      ),
    };
  }
  const parsed = ModelOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'top level'}: ${issue.message})` : '';
    return {
      proposals: [],
      status: failed(
        'schema_mismatch',
        'The browser’s model answered in the wrong format.',
        `The browser’s model answered in JSON, but not in the format asked for${where}.`,
      ),
    };
  }
  const made = toProposals(trace, parsed.data.proposals, 3, BROWSER_AGENT, 'The browser’s model');
  if (made.unknown > 0 && made.proposals.length === 0) {
    return {
      proposals: [],
      status: failed(
        'unknown_references',
        'The browser’s model named parts that are not in this answer.',
        `The browser’s model named ${made.unknown} sentence(s), source(s) or sub-query(s) that are not in the answer; they were left out.`,
      ),
    };
  }
  return {
    proposals: made.proposals,
    status: { tier: 3, state: 'ok', short: '', message: 'The browser’s model answered.' },
  };
}
