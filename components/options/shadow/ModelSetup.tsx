import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../../storage/db';
import { writeModelKey } from '../../../storage/secrets';
import { t, tParts } from '../../../utils/i18n';
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

/** Examples in the empty fields: an address and a model name, the same in every language. */
const EXAMPLE_URL = 'http://localhost:11434/v1';
const EXAMPLE_MODEL = 'llama3.2';

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
  const timeoutId = useId();

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
            message: t('shadowModelNotAllowed', endpoint.ok ? endpoint.origin : ''),
          });
        await save();
        const reply = await sendMessage('testShadowModel', undefined);
        setResult(reply.ok ? reply.data : { ok: false, message: reply.error.message });
      })
      .catch((error: unknown) => setResult({ ok: false, message: t('shadowModelTestFailed', String(error)) }))
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
            message: t('shadowModelNotAllowedOff', endpoint.origin),
          });
        await save({
          consent: { origin: endpoint.origin, version: MODEL_CONSENT_VERSION, at: new Date().toISOString() },
        });
        await setShadow({ tier2: true });
        setConsenting(false);
        setResult({ ok: true, message: t('shadowModelTurnedOn', endpoint.origin) });
      })
      .catch((error: unknown) => setResult({ ok: false, message: t('shadowModelTurnOnFailed', String(error)) }))
      .finally(() => setBusy(false));
  };

  const forgetKey = async () => {
    await writeModelKey(getDb(), '');
    const next = { ...saved, keySavedAt: null };
    await modelSettingsItem.setValue(next);
    setSaved(next);
    setResult({ ok: true, message: t('shadowModelKeyRemoved') });
  };

  const field = (key: 'baseUrl' | 'model') => ({
    value: draft[key],
    disabled: on,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: e.target.value.trim() }),
  });

  return (
    <div data-testid="shadow-model">
      <p className="hint">{t('shadowModelServers')}</p>
      <p>
        <label>
          {t('shadowModelAddress')}{' '}
          <input type="url" size={40} placeholder={EXAMPLE_URL} {...field('baseUrl')} data-testid="shadow-model-url" />
        </label>
      </p>
      <p>
        <label>
          {t('shadowModelName')}{' '}
          <input size={24} placeholder={EXAMPLE_MODEL} {...field('model')} data-testid="shadow-model-name" />
        </label>
      </p>
      <p>
        <label>
          {t('shadowModelKey')}{' '}
          <input
            type="password"
            size={24}
            autoComplete="off"
            value={keyDraft}
            disabled={on}
            placeholder={saved.keySavedAt ? t('shadowModelKeySaved') : ''}
            onChange={(e) => setKeyDraft(e.target.value.trim())}
            data-testid="shadow-model-key"
          />
        </label>{' '}
        {!on && saved.keySavedAt && keyDraft === '' && (
          <button type="button" className="link" onClick={() => void forgetKey()} data-testid="shadow-model-forget-key">
            {t('shadowModelForgetKey')}
          </button>
        )}
      </p>
      <p>
        <label htmlFor={timeoutId}>
          {tParts('shadowModelTimeout', 1).map((part) =>
            part === 0 ? (
              <input
                key="input"
                id={timeoutId}
                type="number"
                min={1}
                max={600}
                value={draft.timeoutSeconds}
                disabled={on}
                onChange={(e) =>
                  setDraft({ ...draft, timeoutSeconds: Math.min(600, Math.max(1, Number(e.target.value) || 1)) })
                }
                data-testid="shadow-model-timeout"
              />
            ) : (
              part
            ),
          )}
        </label>
      </p>
      {draft.baseUrl !== '' && !endpoint.ok && (
        <p className="error" role="alert">
          {endpoint.reason}
        </p>
      )}
      <p>
        <button type="button" disabled={!ready || busy} onClick={test} data-testid="shadow-model-test">
          {t('shadowModelTest')}
        </button>{' '}
        {!on && !consenting && (
          <button
            type="button"
            disabled={!ready || busy}
            onClick={() => setConsenting(true)}
            data-testid="shadow-model-turn-on"
          >
            {t('shadowModelUse')}
          </button>
        )}
        {on && (
          <button
            type="button"
            className="danger"
            onClick={() => void setShadow({ tier2: false })}
            data-testid="shadow-model-turn-off"
          >
            {t('shadowModelStop')}
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
        {result?.message ?? (on ? t('shadowModelOn', saved.model, endpoint.ok ? endpoint.origin : '') : '')}
      </p>
    </div>
  );
}
