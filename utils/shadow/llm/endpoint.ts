import { t } from '../../i18n';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type ModelEndpointCheck =
  | { ok: true; baseUrl: string; chatUrl: string; origin: string; permissionPattern: string }
  | { ok: false; reason: string };

/**
 * The base URL of an OpenAI-compatible API (`http://localhost:11434/v1` for Ollama, `http://localhost:8080/v1`
 * for llama.cpp's server, `https://api.example.com/v1` for a hosted one): HTTPS, or plain HTTP to this machine.
 * Requests go to `<base>/chat/completions`; `permissionPattern` is the host permission to ask for (match patterns
 * ignore the port).
 */
export function checkModelEndpoint(input: string): ModelEndpointCheck {
  const text = input.trim();
  if (text === '') return { ok: false, reason: t('shadowEndpointEmpty') };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: t('shadowEndpointNotAddress') };
  }
  if (url.username || url.password) return { ok: false, reason: t('shadowEndpointCredentials') };
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, reason: t('shadowEndpointInsecure') };
  }
  if (url.search || url.hash) return { ok: false, reason: t('shadowEndpointQuery') };
  // People paste the full chat URL as often as the base.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/chat\/completions$/, '');
  const baseUrl = `${url.origin}${path}`;
  return {
    ok: true,
    baseUrl,
    chatUrl: `${baseUrl}/chat/completions`,
    origin: url.origin,
    permissionPattern: `${url.protocol}//${url.hostname}/*`,
  };
}
