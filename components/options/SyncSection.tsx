import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { loadRedactionRules, type RedactionRules } from '../../storage/queries/redaction-rules';
import { readSyncToken, writeSyncToken } from '../../storage/secrets';
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

function idProblem(value: string, name: string): string | null {
  return value === '' || HEADER_ID_PATTERN.test(value) ? null : `${name}: 1–128 of A–Z a–z 0–9 . _ : -`;
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
    idProblem(draft.studyId, 'Study id'),
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
          setNote(`The browser did not allow access to ${endpoint.origin}; sync stays off.`);
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
          setNote(reply.ok ? `${reply.data.queued.toLocaleString()} earlier events queued.` : reply.error.message);
        }
        refresh();
      })
      .catch((error: unknown) => setNote(`Could not turn sync on: ${String(error)}`))
      .finally(() => setBusy(false));
  };

  const forgetToken = async () => {
    await writeSyncToken(getDb(), '');
    const next = { ...saved, tokenSavedAt: null };
    await syncSettingsItem.setValue(next);
    setDraft({ ...draft, tokenSavedAt: null });
    setTokenDraft('');
    setWho(null);
    setNote('The saved token is removed from this browser.');
  };

  const turnOff = async () => {
    await syncSettingsItem.setValue({ ...saved, enabled: false });
    setWho(null);
    setNote('Sync is off. Nothing is sent; everything recorded stays in this browser.');
    refresh();
  };

  const sendNow = async () => {
    setBusy(true);
    const reply = await sendMessage('syncNow', undefined).catch(() => null);
    setBusy(false);
    if (reply && !reply.ok) setNote(reply.error.message);
    else if (reply)
      setNote(`Sent ${reply.data.sent.toLocaleString()}${reply.data.dead ? `, ${reply.data.dead} refused` : ''}.`);
    refresh();
  };

  return (
    <section aria-labelledby="sync-heading">
      <h2 id="sync-heading">Sync to a collector</h2>
      <p className="hint">
        Off unless you turn it on. For a study or a team that runs a Stageback collector: your feedback is then also
        sent there. Plain http:// is allowed only for this computer (localhost).
      </p>
      <p>
        <label>
          Collector URL{' '}
          <input
            type="url"
            size={44}
            placeholder="https://collector.example.org/v1/ingest"
            {...field('endpoint')}
            data-testid="sync-endpoint"
          />
        </label>
      </p>
      <p>
        <label>
          Access token (optional; kept in this browser, where web pages cannot read it){' '}
          <input
            type="password"
            size={30}
            autoComplete="off"
            value={tokenDraft}
            disabled={active}
            placeholder={saved.tokenSavedAt ? 'saved (type a new one to replace it)' : ''}
            onChange={(e) => setTokenDraft(e.target.value.trim())}
            data-testid="sync-token"
          />
        </label>{' '}
        {!active && saved.tokenSavedAt && tokenDraft === '' && (
          <button type="button" className="link" onClick={() => void forgetToken()} data-testid="sync-forget-token">
            Remove saved token
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
          Study id (optional) <input size={24} {...field('studyId')} data-testid="sync-study" />
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
          Review before upload: new feedback waits in the log ("Awaiting your review") until you approve it
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
          Turn sync on…
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
            Send now
          </button>{' '}
          <button type="button" className="danger" onClick={() => void turnOff()} data-testid="sync-turn-off">
            Turn sync off
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
