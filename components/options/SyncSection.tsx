import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { loadRedactionRules, type RedactionRules } from '../../storage/queries/redaction-rules';
import { readSyncToken, writeSyncToken } from '../../storage/secrets';
import { t, tn } from '../../utils/i18n';
import { sendMessage } from '../../utils/messaging/protocol';
import {
  CONSENT_VERSION,
  checkEndpoint,
  DEFAULT_SYNC_SETTINGS,
  HEADER_ID_PATTERN,
  loadSyncSettings,
  type SyncSettings,
  SyncSettingsSchema,
  syncActive,
  syncSettingsItem,
} from '../../utils/sync/settings';
import { describeSyncStatus } from '../../utils/sync/status-text';
import { askWhoami, describeWhoami, type Whoami } from '../../utils/sync/whoami';
import { useSyncStatus } from '../use-sync-status';
import { SyncConsent } from './SyncConsent';

const FIREFOX_DATA_COLLECTION = ['searchTerms', 'websiteContent', 'websiteActivity', 'personallyIdentifyingInfo'];
const ENDPOINT_EXAMPLE = 'https://collector.example.org/v1/ingest';

function studyIdProblem(value: string): string | null {
  return value === '' || HEADER_ID_PATTERN.test(value) ? null : t('optionsStudyIdProblem');
}

/** Opt-in upload to a collector: off until the user names an endpoint, reads what is sent, and agrees. */
export function SyncSection() {
  const [saved, setSaved] = useState<SyncSettings | null>(null);
  const [draft, setDraft] = useState<SyncSettings>(DEFAULT_SYNC_SETTINGS);
  const [rules, setRules] = useState<RedactionRules | null>(null);
  const [consenting, setConsenting] = useState(false);
  const [sendEarlier, setSendEarlier] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  /** A token typed here; '' keeps the saved one. The saved token is never shown back. */
  const [tokenDraft, setTokenDraft] = useState('');
  const [who, setWho] = useState<Whoami | null>(null);
  const [status, refresh] = useSyncStatus();

  /** Asks the collector who the saved token belongs to (only once sync is on: the origin is allowed then). */
  const checkToken = async (s: SyncSettings) => {
    const url = checkEndpoint(s.endpoint);
    if (!syncActive(s) || !url.ok || s.tokenSavedAt === null) return setWho(null);
    setWho(await askWhoami(url.url, await readSyncToken(getDb())));
  };

  useEffect(() => {
    void loadSyncSettings().then((s) => {
      setSaved(s);
      setDraft(s);
      void checkToken(s);
    });
    return syncSettingsItem.watch((s) => {
      const parsed = SyncSettingsSchema.safeParse(s);
      if (!parsed.success) return;
      setSaved(parsed.data);
      // Turned on elsewhere (joining a study): show what it runs with; the fields are locked while it is on.
      if (syncActive(parsed.data)) {
        setDraft(parsed.data);
        void checkToken(parsed.data);
      } else setWho(null);
    });
  }, []);
  if (!saved) return null;

  const active = syncActive(saved);
  const endpoint = checkEndpoint(draft.endpoint);
  const problems = [
    draft.endpoint === '' ? null : endpoint.ok ? null : endpoint.reason,
    studyIdProblem(draft.studyId),
  ].filter((p) => p !== null);
  const field = (key: 'endpoint' | 'studyId') => ({
    value: draft[key],
    disabled: active,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [key]: e.target.value.trim() }),
  });

  const startConsent = async () => {
    setRules(await loadRedactionRules());
    setSendEarlier(false);
    setNote(null);
    setConsenting(true);
  };

  // The permission request must be the first thing the click does: the browser only grants it during a gesture.
  const agree = () => {
    if (!endpoint.ok) return;
    const request = { origins: [endpoint.permissionPattern] } as Parameters<typeof browser.permissions.request>[0];
    if (import.meta.env.FIREFOX) Object.assign(request, { data_collection: FIREFOX_DATA_COLLECTION });
    setBusy(true);
    void browser.permissions
      .request(request)
      .then(async (granted) => {
        if (!granted) {
          setNote(t('optionsSyncDenied', endpoint.origin));
          return;
        }
        // The token goes to the extension's own database first; the settings only say when it changed.
        if (tokenDraft !== '') await writeSyncToken(getDb(), tokenDraft);
        const next: SyncSettings = {
          ...draft,
          endpoint: endpoint.url,
          enabled: true,
          tokenSavedAt: tokenDraft !== '' ? new Date().toISOString() : draft.tokenSavedAt,
          consent: { version: CONSENT_VERSION, at: new Date().toISOString() },
        };
        await syncSettingsItem.setValue(next);
        setDraft(next);
        setTokenDraft('');
        setConsenting(false);
        void checkToken(next);
        if (sendEarlier) {
          const reply = await sendMessage('queueExisting', undefined);
          setNote(reply.ok ? tn('optionsSyncQueued', reply.data.queued) : reply.error.message);
        }
        refresh();
      })
      .catch((error: unknown) => setNote(t('optionsSyncOnFailed', String(error))))
      .finally(() => setBusy(false));
  };

  const forgetToken = async () => {
    await writeSyncToken(getDb(), '');
    const next = { ...saved, tokenSavedAt: null };
    await syncSettingsItem.setValue(next);
    setDraft({ ...draft, tokenSavedAt: null });
    setTokenDraft('');
    setWho(null);
    setNote(t('optionsSyncTokenRemoved'));
  };

  const turnOff = async () => {
    await syncSettingsItem.setValue({ ...saved, enabled: false });
    setWho(null);
    setNote(t('optionsSyncOff'));
    refresh();
  };

  const sendNow = async () => {
    setBusy(true);
    const reply = await sendMessage('syncNow', undefined).catch(() => null);
    setBusy(false);
    if (reply && !reply.ok) setNote(reply.error.message);
    else if (reply) {
      const sent = reply.data.sent.toLocaleString();
      setNote(
        reply.data.dead
          ? t('optionsSyncSentRefused', sent, reply.data.dead.toLocaleString())
          : t('optionsSyncSent', sent),
      );
    }
    refresh();
  };

  return (
    <section aria-labelledby="sync-heading">
      <h2 id="sync-heading">{t('optionsSyncHeading')}</h2>
      <p className="hint">{t('optionsSyncHint')}</p>
      <p>
        <label>
          {t('optionsSyncUrl')}{' '}
          <input
            type="url"
            size={44}
            placeholder={ENDPOINT_EXAMPLE}
            {...field('endpoint')}
            data-testid="sync-endpoint"
          />
        </label>
      </p>
      <p>
        <label>
          {t('optionsSyncToken')}{' '}
          <input
            type="password"
            size={30}
            autoComplete="off"
            value={tokenDraft}
            disabled={active}
            placeholder={saved.tokenSavedAt ? t('optionsSyncTokenSaved') : ''}
            onChange={(e) => setTokenDraft(e.target.value.trim())}
            data-testid="sync-token"
          />
        </label>{' '}
        {!active && saved.tokenSavedAt && tokenDraft === '' && (
          <button type="button" className="link" onClick={() => void forgetToken()} data-testid="sync-forget-token">
            {t('optionsSyncForgetToken')}
          </button>
        )}
      </p>
      {who && (
        <p role="status" data-testid="sync-participant">
          {describeWhoami(who)}
        </p>
      )}
      <p>
        <label>
          {t('optionsSyncStudyId')} <input size={24} {...field('studyId')} data-testid="sync-study" />
        </label>
      </p>
      <p>
        <label className="inline">
          <input
            type="checkbox"
            checked={active ? saved.reviewBeforeUpload : draft.reviewBeforeUpload}
            onChange={(e) => {
              const reviewBeforeUpload = e.target.checked;
              setDraft({ ...draft, reviewBeforeUpload });
              if (active) {
                // Shown at once: waiting for the storage round trip would flip the box back for a moment.
                const next = { ...saved, reviewBeforeUpload };
                setSaved(next);
                void syncSettingsItem.setValue(next);
              }
            }}
            data-testid="sync-review"
          />{' '}
          {t('optionsSyncReview')}
        </label>
      </p>
      {problems.map((p) => (
        <p key={p} className="error" role="alert">
          {p}
        </p>
      ))}
      {!active && !consenting && (
        <button
          type="button"
          disabled={!endpoint.ok || problems.length > 0}
          onClick={() => void startConsent()}
          data-testid="sync-turn-on"
        >
          {t('optionsSyncTurnOn')}
        </button>
      )}
      {consenting && endpoint.ok && rules && (
        <SyncConsent
          url={endpoint.url}
          studyId={draft.studyId}
          hasToken={tokenDraft !== '' || saved.tokenSavedAt !== null}
          reviewBeforeUpload={draft.reviewBeforeUpload}
          rules={rules}
          earlier={status?.unqueued ?? 0}
          sendEarlier={sendEarlier}
          setSendEarlier={setSendEarlier}
          onAgree={agree}
          onCancel={() => setConsenting(false)}
          busy={busy}
        />
      )}
      {active && (
        <p>
          <button type="button" onClick={() => void sendNow()} disabled={busy} data-testid="sync-now">
            {t('optionsSyncNow')}
          </button>{' '}
          <button type="button" className="danger" onClick={() => void turnOff()} data-testid="sync-turn-off">
            {t('optionsSyncTurnOff')}
          </button>
        </p>
      )}
      <p role="status" data-testid="sync-status-line">
        {status ? describeSyncStatus(status) : ''}
      </p>
      {note && (
        <p className="hint" role="status" data-testid="sync-note">
          {note}
        </p>
      )}
    </section>
  );
}
