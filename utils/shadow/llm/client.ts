import { t } from '../../i18n';
import { type FailureContext, type ModelFailure, type ModelFailureCode, modelFailure } from './failures';
import type { ModelInput } from './model-input';
import { type ModelOutput, ModelOutputSchema, outputJsonSchema } from './model-output';
import { chatMessages } from './prompt';

export interface ModelCallConfig {
  chatUrl: string;
  origin: string;
  model: string;
  /** '' sends no Authorization header. */
  key: string;
  timeoutSeconds: number;
  extensionOrigin: string;
  fetch?: typeof fetch;
}

export type ModelCallResult = { ok: true; output: ModelOutput; ms: number } | { ok: false; failure: ModelFailure };

/** Larger replies are refused unread: five bounded proposals fit in a few kB. */
const MAX_REPLY_CHARS = 1_000_000;
const MAX_TOKENS = 1_000;

/** The chat-completions body for one answer: the messages and the JSON schema the reply must follow. */
export function chatRequestBody(input: ModelInput, model: string) {
  return {
    model,
    messages: chatMessages(input),
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'stageback_proposals', strict: true, schema: outputJsonSchema(input) },
    },
    temperature: 0,
    max_tokens: MAX_TOKENS,
    stream: false,
  };
}

/** Calls an OpenAI-compatible chat-completions endpoint and checks its answer; never throws. */
export async function callModel(config: ModelCallConfig, input: ModelInput): Promise<ModelCallResult> {
  const context: FailureContext = {
    origin: config.origin,
    model: config.model,
    extensionOrigin: config.extensionOrigin,
    timeoutSeconds: config.timeoutSeconds,
  };
  const fail = (code: ModelFailureCode, extra: Partial<FailureContext> = {}): ModelCallResult => ({
    ok: false,
    failure: modelFailure(code, { ...context, ...extra }),
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (config.key !== '') headers.Authorization = `Bearer ${config.key}`;
  const started = Date.now();
  const signal = AbortSignal.timeout(config.timeoutSeconds * 1000);
  let status: number;
  let text: string;
  try {
    const response = await (config.fetch ?? fetch)(config.chatUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify(chatRequestBody(input, config.model)),
      signal,
      credentials: 'omit',
      redirect: 'error',
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (signal.aborted) return fail('timeout');
    return fail('unreachable', { detail: error instanceof Error ? error.message : String(error) });
  }
  if (status === 401) return fail('unauthorized');
  if (status === 403) return fail('forbidden');
  if (status === 404) return fail('no_such_model');
  if (status < 200 || status > 299) return fail('http_error', { status, detail: errorText(text) });
  if (text.length > MAX_REPLY_CHARS) return fail('http_error', { status, detail: t('shadowDetailTooLarge') });

  const envelope = parseJson(text);
  if (envelope === undefined) return fail('invalid_json', { detail: t('shadowDetailNotJson') });
  const content = (envelope as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') {
    return fail('schema_mismatch', { detail: t('shadowDetailNoContent') });
  }
  const json = parseJson(stripFences(content));
  if (json === undefined) return fail('invalid_json', { detail: t('shadowDetailBegins', content.slice(0, 40)) });
  const parsed = ModelOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? t('shadowDetailIssue', issue.path.join('.') || t('shadowTopLevel'), issue.message) : '';
    return fail('schema_mismatch', { detail });
  }
  return { ok: true, output: parsed.data, ms: Date.now() - started };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Some models wrap JSON in a Markdown code fence even when asked not to. */
function stripFences(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(text);
  return fenced?.[1] ?? text.trim();
}

/** The server's own words, when its error body has them (OpenAI style `{error: {message}}`), bounded. */
function errorText(body: string): string {
  const json = parseJson(body) as { error?: { message?: unknown } | string } | undefined;
  const message = typeof json?.error === 'string' ? json.error : json?.error?.message;
  const words = typeof message === 'string' ? message : body;
  return words.replace(/\s+/g, ' ').trim().slice(0, 200);
}
