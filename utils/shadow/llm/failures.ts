import { type MessageKey, t } from '../../i18n';

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

const SHORT = {
  not_set_up: 'shadowFailNotSetUpShort',
  no_consent: 'shadowFailNoConsentShort',
  no_permission: 'shadowFailNoPermissionShort',
  unreachable: 'shadowFailUnreachableShort',
  unauthorized: 'shadowFailUnauthorizedShort',
  forbidden: 'shadowFailForbiddenShort',
  no_such_model: 'shadowFailNoSuchModelShort',
  http_error: 'shadowFailHttpErrorShort',
  timeout: 'shadowFailTimeoutShort',
  invalid_json: 'shadowFailInvalidJsonShort',
  schema_mismatch: 'shadowFailSchemaMismatchShort',
  unknown_references: 'shadowFailUnknownReferencesShort',
} satisfies Record<ModelFailureCode, MessageKey>;

/** What happened and what to do; a message with the detail in it where there is one. */
function messageOf(code: ModelFailureCode, c: FailureContext): string {
  const d = c.detail ?? '';
  switch (code) {
    case 'not_set_up':
      return t('shadowFailNotSetUp');
    case 'no_consent':
      return t('shadowFailNoConsent', c.origin);
    case 'no_permission':
      return t('shadowFailNoPermission', c.origin);
    case 'unreachable':
      return d ? t('shadowFailUnreachableDetail', c.origin, d) : t('shadowFailUnreachable', c.origin);
    case 'unauthorized':
      return t('shadowFailUnauthorized', c.origin);
    case 'forbidden':
      return t('shadowFailForbidden', c.origin, c.extensionOrigin);
    case 'no_such_model':
      return t('shadowFailNoSuchModel', c.origin, c.model);
    case 'http_error': {
      const status = c.status ?? '?';
      return d ? t('shadowFailHttpErrorDetail', c.origin, status, d) : t('shadowFailHttpError', c.origin, status);
    }
    case 'timeout':
      return t('shadowFailTimeout', c.origin, c.timeoutSeconds);
    case 'invalid_json':
      return d ? t('shadowFailInvalidJsonDetail', d) : t('shadowFailInvalidJson');
    case 'schema_mismatch':
      return d ? t('shadowFailSchemaMismatchDetail', d) : t('shadowFailSchemaMismatch');
    case 'unknown_references':
      return d ? t('shadowFailUnknownReferencesDetail', d) : t('shadowFailUnknownReferences');
  }
}

export function modelFailure(code: ModelFailureCode, c: FailureContext): ModelFailure {
  return { code, message: messageOf(code, c), short: t(SHORT[code]) };
}
