import { useState } from 'react';
import { browser } from 'wxt/browser';
import { getDb } from '../../storage/db';
import { loadRedactionRules, type RedactionRules } from '../../storage/queries/redaction-rules';
import { writeSyncToken } from '../../storage/secrets';
import { t } from '../../utils/i18n';
import { sendMessage } from '../../utils/messaging/protocol';
import { enrol, fetchStudy, type PublicStudy } from '../../utils/study/collector-api';
import { parseEnrolmentInput } from '../../utils/study/enrol-link';
import { addEnrolment } from '../../utils/study/enrolments';
import {
  CONSENT_VERSION,
  checkEndpoint,
  loadSyncSettings,
  syncActive,
  syncSettingsItem,
} from '../../utils/sync/settings';
import { useSyncStatus } from '../use-sync-status';
import { SyncConsent } from './SyncConsent';
import { withSlots } from './slots';

const FIREFOX_DATA_COLLECTION = ['searchTerms', 'websiteContent', 'websiteActivity', 'personallyIdentifyingInfo'];
const LINK_EXAMPLE = 'https://collector.example.org/enrol/sbe_…';
const COLLECTOR_EXAMPLE = 'https://collector.example.org';

interface Opened {
  study: PublicStudy;
  collector: string;
  code: string;
  permissionPattern: string;
  rules: RedactionRules;
}

/** "Join a study": paste the enrolment link, read the study's consent text and what is sent, agree. */
export function JoinStudy() {
  const [open, setOpen] = useState(false);
  const [pasted, setPasted] = useState('');
  const [collectorAddress, setCollectorAddress] = useState('');
  const [opened, setOpened] = useState<Opened | null>(null);
  const [sendEarlier, setSendEarlier] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status] = useSyncStatus();
  const [syncingTo, setSyncingTo] = useState<string | null>(null);
  const input = parseEnrolmentInput(pasted, collectorAddress);

  const showStudy = async () => {
    if (!input.ok) return setProblem(input.reason);
    setBusy(true);
    setProblem(null);
    const answer = await fetchStudy(input.collector, input.code);
    setBusy(false);
    if (!answer.ok) return setProblem(answer.message);
    setSendEarlier(false);
    const settings = await loadSyncSettings();
    const now = checkEndpoint(settings.endpoint);
    setSyncingTo(syncActive(settings) && now.ok && now.origin !== input.collector ? now.origin : null);
    setOpened({ ...input, study: answer.study, rules: await loadRedactionRules() });
  };

  // The permission request must be the first thing the click does: the browser only grants it during a gesture.
  const agree = () => {
    if (!opened) return;
    const request = { origins: [opened.permissionPattern] } as Parameters<typeof browser.permissions.request>[0];
    if (import.meta.env.FIREFOX) Object.assign(request, { data_collection: FIREFOX_DATA_COLLECTION });
    setBusy(true);
    setProblem(null);
    void browser.permissions
      .request(request)
      .then(async (granted) => {
        if (!granted) return setProblem(t('optionsJoinDenied', opened.collector));
        const answer = await enrol(opened.collector, opened.code);
        if (!answer.ok) return setProblem(answer.message);
        const at = new Date().toISOString();
        await writeSyncToken(getDb(), answer.token);
        await addEnrolment({
          studyId: answer.study.id,
          studyName: answer.study.name,
          collector: opened.collector,
          participantId: answer.participantId,
          enrolledAt: at,
          leftAt: null,
          receipts: null,
          receiptsAt: null,
        });
        const settings = await loadSyncSettings();
        await syncSettingsItem.setValue({
          ...settings,
          enabled: true,
          endpoint: `${opened.collector}/v1/ingest`,
          tokenSavedAt: at,
          studyId: answer.study.id,
          consent: { version: CONSENT_VERSION, at },
        });
        if (sendEarlier) await sendMessage('queueExisting', undefined).catch(() => null);
        setOpened(null);
        setOpen(false);
        setPasted('');
      })
      .catch((error: unknown) => setProblem(t('optionsJoinFailed', String(error))))
      .finally(() => setBusy(false));
  };

  if (!open) {
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)} data-testid="study-join">
          {t('optionsJoinOpen')}
        </button>
      </p>
    );
  }
  return (
    <div className="study-join">
      {!opened && (
        <>
          <p>
            <label>
              {t('optionsJoinLink')}{' '}
              <input
                size={60}
                value={pasted}
                placeholder={LINK_EXAMPLE}
                onChange={(e) => setPasted(e.target.value)}
                data-testid="study-link"
              />
            </label>
          </p>
          {!input.ok && input.needsCollector && (
            <p>
              <label>
                {t('optionsJoinCollector')}{' '}
                <input
                  type="url"
                  size={40}
                  value={collectorAddress}
                  placeholder={COLLECTOR_EXAMPLE}
                  onChange={(e) => setCollectorAddress(e.target.value)}
                  data-testid="study-collector"
                />
              </label>
            </p>
          )}
          <p>
            <button
              type="button"
              disabled={busy || pasted.trim() === ''}
              onClick={() => void showStudy()}
              data-testid="study-continue"
            >
              {t('optionsJoinShow')}
            </button>{' '}
            <button type="button" className="link" onClick={() => setOpen(false)}>
              {t('optionsCancel')}
            </button>
          </p>
        </>
      )}
      {opened && (
        <>
          <h3 data-testid="study-name">{opened.study.name}</h3>
          <p>
            {withSlots('optionsJoinRunBy', <strong data-testid="study-collector-origin">{opened.collector}</strong>)}
          </p>
          <div className="study-consent-text" data-testid="study-consent-text">
            {opened.study.consentText}
          </div>
          {syncingTo && (
            <p className="hint" data-testid="study-replaces-sync">
              {t('optionsJoinReplacesSync', syncingTo)}
            </p>
          )}
          <SyncConsent
            url={`${opened.collector}/v1/ingest`}
            studyId={opened.study.id}
            hasToken
            reviewBeforeUpload={false}
            rules={opened.rules}
            earlier={status?.unqueued ?? 0}
            sendEarlier={sendEarlier}
            setSendEarlier={setSendEarlier}
            onAgree={agree}
            onCancel={() => setOpened(null)}
            busy={busy}
            study={{ name: opened.study.name }}
          />
        </>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="study-error">
          {problem}
        </p>
      )}
    </div>
  );
}
