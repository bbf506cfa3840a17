/** Every way a call to the user's model can fail, each with words for options and a quiet line for the strip. */
export const MODEL_FAILURE_CODES = [
  'not_set_up',
  'no_consent',
  'no_permission',
  'unreachable',
  'unauthorized',
  'forbidden',
  'no_such_model',
  'http_error',
  'timeout',
  'invalid_json',
  'schema_mismatch',
  'unknown_references',
] as const;
export type ModelFailureCode = (typeof MODEL_FAILURE_CODES)[number];

export interface ModelFailure {
  code: ModelFailureCode;
  /** What happened and what to do, for the options page. */
  message: string;
  /** One quiet line for the strip. */
  short: string;
}

export interface FailureContext {
  origin: string;
  model: string;
  /** The extension's own origin (`chrome-extension://<id>`), which a server such as Ollama must allow. */
  extensionOrigin: string;
  timeoutSeconds: number;
  status?: number;
  detail?: string;
}

const SHORT: Record<ModelFailureCode, string> = {
  not_set_up: 'Your model is not set up.',
  no_consent: 'Your model is off until you agree to what is sent (Options).',
  no_permission: 'Your model needs access to its server (Options).',
  unreachable: 'Your model could not be reached.',
  unauthorized: 'Your model refused the key (Options).',
  forbidden: 'Your model server refused this browser (Options).',
  no_such_model: 'Your model server has no such model (Options).',
  http_error: 'Your model server reported an error.',
  timeout: 'Your model took too long.',
  invalid_json: 'Your model did not answer in JSON.',
  schema_mismatch: 'Your model answered in the wrong format.',
  unknown_references: 'Your model named parts that are not in this answer.',
};

export function modelFailure(code: ModelFailureCode, c: FailureContext): ModelFailure {
  const detail = c.detail ? ` (${c.detail})` : '';
  const messages: Record<ModelFailureCode, string> = {
    not_set_up: 'Enter your model server’s address and the model’s name first.',
    no_consent: `Nothing is sent to ${c.origin} until you agree on the screen that lists what is sent.`,
    no_permission: `The browser has not allowed Stageback to reach ${c.origin}. Save and agree again to ask for it.`,
    unreachable: `Could not reach ${c.origin}${detail}. Is the server running, and is the address right?`,
    unauthorized: `${c.origin} refused the key (401). Check the key, or remove it if the server needs none.`,
    forbidden:
      `${c.origin} refused requests from this browser extension (403). If it is Ollama, allow the extension’s ` +
      `origin: set OLLAMA_ORIGINS=${c.extensionOrigin} in Ollama’s environment and restart Ollama. ` +
      'Otherwise check the key’s rights.',
    no_such_model: `${c.origin} has no model named “${c.model}” (404). Check the model’s name (e.g. with “ollama list”).`,
    http_error: `${c.origin} answered with an error (HTTP ${c.status ?? '?'})${detail}.`,
    timeout: `${c.origin} did not answer within ${c.timeoutSeconds} s. A larger limit helps slow models; nothing was proposed.`,
    invalid_json: `The model’s answer was not valid JSON${detail}. The server may not support structured output (response_format json_schema); try another model or server.`,
    schema_mismatch: `The model answered in JSON, but not in the format asked for${detail}. The server may ignore the JSON schema; try another model or server.`,
    unknown_references: `The model named sentences, sources or sub-queries that are not in the answer${detail}; those proposals were left out.`,
  };
  return { code, message: messages[code], short: SHORT[code] };
}
