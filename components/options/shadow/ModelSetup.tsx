import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../../storage/db';
import { writeModelKey } from '../../../storage/secrets';
import { sendMessage } from '../../../utils/messaging/protocol';
import { checkModelEndpoint } from '../../../utils/shadow/llm/endpoint';
import {
  DEFAULT_MODEL_SETTINGS,
  loadModelSettings,
  MODEL_CONSENT_VERSION,
  type ModelSettings,
  modelSettingsItem,
  type ShadowSettings,
} from '../../../utils/shadow/settings';
import { ModelConsent } from './ModelConsent';

interface Props {
  shadow: ShadowSettings;
  setShadow: (change: Partial<ShadowSettings>) => Promise<void>;
}

/** Tier 2: the user's own OpenAI-compatible model server, tested, consented to per origin, and allowed. */
export function ModelSetup({ shadow, setShadow }: Props) {
  const [saved, setSaved] = useState<ModelSettings | null>(null);
  const [draft, setDraft] = useState<ModelSettings>(DEFAULT_MODEL_SETTINGS);
  const [keyDraft, setKeyDraft] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [consenting, setConsenting] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadModelSettings().then((s) => {
      setSaved(s);
      setDraft(s);
    });
  }, []);
  if (!saved) return null;

  const endpoint = checkModelEndpoint(draft.baseUrl);
  const ready = endpoint.ok && draft.model.trim() !== '';
  const consented =
    endpoint.ok && saved.consent?.origin === endpoint.origin && saved.consent.version === MODEL_CONSENT_VERSION;
  const on = shadow.tier2 && consented && saved.baseUrl === draft.baseUrl;

  /** Saves the fields (and a typed key to the extension's own database). */
  const save = async (extra: Partial<ModelSettings> = {}) => {
    if (!endpoint.ok) return saved;
    if (keyDraft !== '') await writeModelKey(getDb(), keyDraft);
    const next: ModelSettings = {
      ...saved,
      ...extra,
      baseUrl: endpoint.baseUrl,
      model: draft.model.trim(),
      timeoutSeconds: draft.timeoutSeconds,
      keySavedAt: keyDraft !== '' ? new Date().toISOString() : saved.keySavedAt,
    };
    await modelSettingsItem.setValue(next);
    setSaved(next);
    setDraft(next);
    setKeyDraft('');
    return next;
  };

  // The permission request must be the first thing a click does: the browser grants it only during a gesture.
  const askPermission = () => {
    if (!endpoint.ok) return Promise.resolve(false);
    return browser.permissions.request({ origins: [endpoint.permissionPattern] });
  };

  const test = () => {
    setBusy(true);
    setResult(null);
    void askPermission()
      .then(async (granted) => {
        if (!granted)
          return setResult({
            ok: false,
            message: `The browser did not allow access to ${endpoint.ok ? endpoint.origin : ''}.`,
          });
        await save();
        const reply = await sendMessage('testShadowModel', undefined);
        setResult(reply.ok ? reply.data : { ok: false, message: reply.error.message });
      })
      .catch((error: unknown) => setResult({ ok: false, message: `Could not test: ${String(error)}` }))
      .finally(() => setBusy(false));
  };

  const agree = () => {
    if (!endpoint.ok) return;
    setBusy(true);
    void askPermission()
      .then(async (granted) => {
        if (!granted)
          return setResult({
            ok: false,
            message: `The browser did not allow access to ${endpoint.origin}; your model stays off.`,
          });
        await save({
          consent: { origin: endpoint.origin, version: MODEL_CONSENT_VERSION, at: new Date().toISOString() },
        });
        await setShadow({ tier2: true });
        setConsenting(false);
        setResult({ ok: true, message: `Your model at ${endpoint.origin} is on.` });
      })
      .catch((error: unknown) => setResult({ ok: false, message: `Could not turn it on: ${String(error)}` }))
      .finally(() => setBusy(false));
  };

  const forgetKey = async () => {
    await writeModelKey(getDb(), '');
    const next = { ...saved, keySavedAt: null };
    await modelSettingsItem.setValue(next);
    setSaved(next);
    setResult({ ok: true, message: 'The saved key is removed from this browser.' });
  };

  const field = (key: 'baseUrl' | 'model') => ({
    value: draft[key],
    disabled: on,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: e.target.value.trim() }),
  });

  return (
    <div data-testid="shadow-model">
      <p className="hint">
        Any server that speaks the OpenAI chat API: Ollama (http://localhost:11434/v1), llama.cpp’s server
        (http://localhost:8080/v1), LM Studio, vLLM or a hosted service. Plain http:// only for this computer.
      </p>
      <p>
        <label>
          Server address{' '}
          <input
            type="url"
            size={40}
            placeholder="http://localhost:11434/v1"
            {...field('baseUrl')}
            data-testid="shadow-model-url"
          />
        </label>
      </p>
      <p>
        <label>
          Model name <input size={24} placeholder="llama3.2" {...field('model')} data-testid="shadow-model-name" />
        </label>
      </p>
      <p>
        <label>
          Key (optional; kept in this browser, where web pages cannot read it){' '}
          <input
            type="password"
            size={24}
            autoComplete="off"
            value={keyDraft}
            disabled={on}
            placeholder={saved.keySavedAt ? 'saved (type a new one to replace it)' : ''}
            onChange={(e) => setKeyDraft(e.target.value.trim())}
            data-testid="shadow-model-key"
          />
        </label>{' '}
        {!on && saved.keySavedAt && keyDraft === '' && (
          <button type="button" className="link" onClick={() => void forgetKey()} data-testid="shadow-model-forget-key">
            Remove saved key
          </button>
        )}
      </p>
      <p>
        <label>
          Give up after{' '}
          <input
            type="number"
            min={1}
            max={600}
            value={draft.timeoutSeconds}
            disabled={on}
            onChange={(e) =>
              setDraft({ ...draft, timeoutSeconds: Math.min(600, Math.max(1, Number(e.target.value) || 1)) })
            }
            data-testid="shadow-model-timeout"
          />{' '}
          seconds
        </label>
      </p>
      {draft.baseUrl !== '' && !endpoint.ok && (
        <p className="error" role="alert">
          {endpoint.reason}
        </p>
      )}
      <p>
        <button type="button" disabled={!ready || busy} onClick={test} data-testid="shadow-model-test">
          Test connection
        </button>{' '}
        {!on && !consenting && (
          <button
            type="button"
            disabled={!ready || busy}
            onClick={() => setConsenting(true)}
            data-testid="shadow-model-turn-on"
          >
            Use this model…
          </button>
        )}
        {on && (
          <button
            type="button"
            className="danger"
            onClick={() => void setShadow({ tier2: false })}
            data-testid="shadow-model-turn-off"
          >
            Stop using my model
          </button>
        )}
      </p>
      {consenting && endpoint.ok && (
        <ModelConsent
          origin={endpoint.origin}
          model={draft.model}
          hasKey={keyDraft !== '' || saved.keySavedAt !== null}
          onAgree={agree}
          onCancel={() => setConsenting(false)}
          busy={busy}
        />
      )}
      <p role="status" className={result && !result.ok ? 'error' : 'hint'} data-testid="shadow-model-result">
        {result?.message ?? (on ? `On: ${saved.model} at ${endpoint.ok ? endpoint.origin : ''}.` : '')}
      </p>
    </div>
  );
}
