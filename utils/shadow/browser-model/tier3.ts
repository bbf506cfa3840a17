import type { Trace } from '../../../storage/schema';
import { t } from '../../i18n';
import { modelInputOf } from '../llm/model-input';
import { ModelOutputSchema, outputJsonSchema } from '../llm/model-output';
import { SYSTEM_PROMPT } from '../llm/prompt';
import { type ProposalVoice, toProposals } from '../llm/to-proposals';
import type { TierRun, TierStatus } from '../tier-status';
import type { ShadowAgent } from '../types';
import { browserModelStatus } from './availability';
import type { LanguageModelApi } from './language-model-api';

export const BROWSER_AGENT: ShadowAgent = { name: 'stageback-shadow-browser', version: '1', confidence: 0.5 };
const TIMEOUT_MS = 60_000;

/** How the browser's model's proposals say where they come from ("Why?" on the strip). */
const BROWSER_VOICE: ProposalVoice = {
  proposed: () => t('shadowEvidenceBrowserProposed'),
  says: (reason) => t('shadowEvidenceBrowserSays', reason),
};

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
    return { proposals: [], status: failed(status.state, t('shadowTier3CannotRunShort'), status.message) };
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
        status: failed('timeout', t('shadowTier3TimeoutShort'), t('shadowTier3Timeout', timeoutMs / 1000)),
      };
    }
    const why = error instanceof Error ? error.message : String(error);
    return {
      proposals: [],
      status: failed('model_error', t('shadowTier3FailedShort'), t('shadowTier3Failed', why)),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(reply);
  } catch {
    return {
      proposals: [],
      status: failed('invalid_json', t('shadowTier3InvalidJsonShort'), t('shadowTier3InvalidJson', reply.slice(0, 40))),
    };
  }
  const parsed = ModelOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue
      ? t('shadowTier3SchemaMismatchAt', issue.path.join('.') || t('shadowTopLevel'), issue.message)
      : t('shadowTier3SchemaMismatch');
    return { proposals: [], status: failed('schema_mismatch', t('shadowTier3SchemaMismatchShort'), message) };
  }
  const made = toProposals(trace, parsed.data.proposals, 3, BROWSER_AGENT, BROWSER_VOICE);
  if (made.unknown > 0 && made.proposals.length === 0) {
    return {
      proposals: [],
      status: failed(
        'unknown_references',
        t('shadowTier3UnknownReferencesShort'),
        t('shadowTier3UnknownReferences', made.unknown),
      ),
    };
  }
  return {
    proposals: made.proposals,
    status: { tier: 3, state: 'ok', short: '', message: t('shadowTier3Answered') },
  };
}
