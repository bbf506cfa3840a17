import type { StagebackDB } from '../../../storage/db';
import { loadRedactionRules, redactorFor } from '../../../storage/queries/redaction-rules';
import type { Trace } from '../../../storage/schema';
import { readModelKey } from '../../../storage/secrets';
import { t, tn } from '../../i18n';
import { loadModelSettings, loadShadowSettings, MODEL_CONSENT_VERSION, type ModelSettings } from '../settings';
import type { TierRun, TierStatus } from '../tier-status';
import type { ShadowAgent } from '../types';
import { callModel, type ModelCallConfig } from './client';
import { checkModelEndpoint } from './endpoint';
import { type ModelFailure, type ModelFailureCode, modelFailure } from './failures';
import { modelInputOf, redactModelInput } from './model-input';
import { SAMPLE_TRACE } from './sample-answer';
import { ownModelVoice, toProposals } from './to-proposals';

export interface ModelTierDeps {
  db: StagebackDB;
  /** `chrome-extension://<id>`: the origin a server such as Ollama must allow. */
  extensionOrigin: string;
  /** Whether the browser lets the extension reach this host (the optional host permission). */
  hasPermission(pattern: string): Promise<boolean>;
  fetch?: typeof fetch;
}

export const MODEL_AGENT_VERSION = '1';

export function modelAgent(model: string): ShadowAgent {
  // The model gives no calibrated confidence; ranking learns this tier's rate from the user's answers.
  return { name: `stageback-shadow-llm:${model}`.slice(0, 100), version: MODEL_AGENT_VERSION, confidence: 0.5 };
}

type Ready = { ok: true; config: ModelCallConfig; settings: ModelSettings } | { ok: false; failure: ModelFailure };

/** Checks what must hold before anything is sent: set up, consented to for this origin, and allowed. */
async function ready(deps: ModelTierDeps, needConsent: boolean): Promise<Ready> {
  const settings = await loadModelSettings();
  const endpoint = checkModelEndpoint(settings.baseUrl);
  const context = {
    origin: endpoint.ok ? endpoint.origin : settings.baseUrl,
    model: settings.model,
    extensionOrigin: deps.extensionOrigin,
    timeoutSeconds: settings.timeoutSeconds,
  };
  const fail = (code: ModelFailureCode): Ready => ({ ok: false, failure: modelFailure(code, context) });
  if (!endpoint.ok || settings.model.trim() === '') return fail('not_set_up');
  const consented = settings.consent?.origin === endpoint.origin && settings.consent.version === MODEL_CONSENT_VERSION;
  if (needConsent && !consented) return fail('no_consent');
  if (!(await deps.hasPermission(endpoint.permissionPattern))) return fail('no_permission');
  return {
    ok: true,
    settings,
    config: {
      chatUrl: endpoint.chatUrl,
      origin: endpoint.origin,
      model: settings.model.trim(),
      key: await readModelKey(deps.db),
      timeoutSeconds: settings.timeoutSeconds,
      extensionOrigin: deps.extensionOrigin,
      fetch: deps.fetch,
    },
  };
}

const failed = (failure: ModelFailure): TierStatus => ({
  tier: 2,
  state: 'failed',
  short: failure.short,
  message: failure.message,
  code: failure.code,
});

/**
 * Tier 2 for one answer: sends the answer and a short note on the user to their own model and turns its checked
 * reply into proposals. Off, not set up or not consented to: sends nothing. Never throws.
 */
export async function runModelTier(trace: Trace, profile: string, deps: ModelTierDeps): Promise<TierRun> {
  if (!(await loadShadowSettings()).tier2) {
    return { proposals: [], status: { tier: 2, state: 'off', short: '', message: t('shadowTier2Off') } };
  }
  const r = await ready(deps, true);
  if (!r.ok) return { proposals: [], status: failed(r.failure) };
  const redact = redactorFor(await loadRedactionRules());
  const result = await callModel(r.config, redactModelInput(modelInputOf(trace, profile), redact));
  if (!result.ok) return { proposals: [], status: failed(result.failure) };
  const made = toProposals(
    trace,
    result.output.proposals,
    2,
    modelAgent(r.config.model),
    ownModelVoice(r.config.model),
  );
  if (made.unknown > 0) {
    const failure = modelFailure('unknown_references', {
      origin: r.config.origin,
      model: r.config.model,
      extensionOrigin: deps.extensionOrigin,
      timeoutSeconds: r.config.timeoutSeconds,
      detail: t('shadowDetailUnknownOf', made.unknown, result.output.proposals.length),
    });
    if (made.proposals.length === 0) return { proposals: [], status: failed(failure) };
    return { proposals: made.proposals, status: { ...failed(failure), state: 'ok' } };
  }
  return {
    proposals: made.proposals,
    status: { tier: 2, state: 'ok', short: '', message: t('shadowTier2Answered', (result.ms / 1000).toFixed(1)) },
  };
}

export interface ModelTestResult {
  ok: boolean;
  code?: ModelFailureCode;
  message: string;
}

/**
 * "Test connection": sends a made-up sample answer (nothing of the user's) in the same format as a real request,
 * and checks the reply the same way. Needs the host permission, not the consent.
 */
export async function testModelConnection(deps: ModelTierDeps): Promise<ModelTestResult> {
  const r = await ready(deps, false);
  if (!r.ok) return { ok: false, code: r.failure.code, message: r.failure.message };
  const result = await callModel(r.config, modelInputOf(SAMPLE_TRACE, 'Nothing learned about this person yet.'));
  if (!result.ok) return { ok: false, code: result.failure.code, message: result.failure.message };
  const made = toProposals(
    SAMPLE_TRACE,
    result.output.proposals,
    2,
    modelAgent(r.config.model),
    ownModelVoice(r.config.model),
  );
  if (made.unknown > 0) {
    const failure = modelFailure('unknown_references', {
      origin: r.config.origin,
      model: r.config.model,
      extensionOrigin: deps.extensionOrigin,
      timeoutSeconds: r.config.timeoutSeconds,
      detail: t('shadowDetailUnknownOfSample', made.unknown, result.output.proposals.length),
    });
    return { ok: false, code: failure.code, message: failure.message };
  }
  const n = made.proposals.length;
  return {
    ok: true,
    message: tn('shadowTestConnected', n, r.config.origin, r.config.model, (result.ms / 1000).toFixed(1)),
  };
}
