import type { RedactionRules } from '../../storage/queries/redaction-rules';

interface Props {
  url: string;
  studyId: string;
  hasToken: boolean;
  reviewBeforeUpload: boolean;
  rules: RedactionRules;
  earlier: number;
  sendEarlier: boolean;
  setSendEarlier: (v: boolean) => void;
  onAgree: () => void;
  onCancel: () => void;
  busy: boolean;
  /** Joining a study: how to leave it differs from turning sync off. */
  study?: { name: string };
}

const RULE_NAMES = { emails: 'e-mail addresses', phones: 'phone numbers', cards: 'card numbers', ips: 'IP addresses' };

/** Exactly what turning sync on sends, where, and how to stop it; nothing is sent before "I agree". */
export function SyncConsent(p: Props) {
  const on = (Object.keys(RULE_NAMES) as (keyof typeof RULE_NAMES)[])
    .filter((k) => p.rules[k])
    .map((k) => RULE_NAMES[k]);
  const words = p.rules.words.filter((w) => w.trim() !== '').length;
  const masked = [...on, ...(words > 0 ? [`${words} word(s) you listed`] : [])];
  return (
    <section className="consent" aria-labelledby="consent-heading" data-testid="sync-consent">
      <h3 id="consent-heading">{p.study ? 'What Stageback sends for this study' : 'Before you turn sync on'}</h3>
      <p>
        Stageback will send to <strong data-testid="consent-url">{p.url}</strong>:
      </p>
      <ul>
        <li>
          <strong>Your feedback events</strong> from now on: ratings, labels, source grades, edits and corrected
          answers, comments (free text), and passive signals (source clicks, dwell, copies, reformulations) — each with
          its id, time, stage and what it refers to.
        </li>
        <li>
          <strong>The answers they refer to</strong>: the site, the page URL, your query, the sub-queries, the sources
          (URLs and titles) and the answer text.
        </li>
        <li>
          With each request: {p.studyId ? `study id "${p.studyId}"` : 'no study id'},{' '}
          {p.hasToken
            ? 'and your access token. The collector works out from the token which participant you are, if the token names one; no participant id is sent besides it.'
            : 'no access token and no participant id.'}
        </li>
      </ul>
      <p>
        {masked.length > 0
          ? `Your redaction rules apply before anything leaves: ${masked.join(', ')} are masked.`
          : 'No redaction rule is on: text is sent as recorded. Set rules under "Redaction" above first if you want masking.'}{' '}
        Names are not detected automatically; list them there.
      </p>
      {p.reviewBeforeUpload && (
        <p>Review before upload is on: nothing is sent until you approve it in the log ("Awaiting your review").</p>
      )}
      {p.study ? (
        <p>
          Not sent: your settings, answers you gave no feedback on, other browsing. Leave the study here at any time
          ("Leave this study"): sending stops at once and Stageback asks the collector to delete everything it holds
          from you, and shows you its answer.
        </p>
      ) : (
        <p>
          Not sent: your settings, answers you gave no feedback on, other browsing. Sync never deletes anything in this
          browser. Turn it off here at any time ("Turn sync off"); sending stops at once. What was already sent stays
          with the collector's operator — ask them to delete it.
        </p>
      )}
      {p.earlier > 0 && (
        <label className="inline">
          <input
            type="checkbox"
            checked={p.sendEarlier}
            onChange={(e) => p.setSendEarlier(e.target.checked)}
            data-testid="sync-send-earlier"
          />{' '}
          Also send the {p.earlier.toLocaleString()} event{p.earlier === 1 ? '' : 's'} already recorded (otherwise only
          new feedback is sent)
        </label>
      )}
      <p>
        <button type="button" onClick={p.onAgree} disabled={p.busy} data-testid="sync-agree">
          {p.study ? `I agree, join "${p.study.name}"` : 'I agree, turn sync on'}
        </button>{' '}
        <button type="button" className="link" onClick={p.onCancel}>
          Cancel
        </button>
      </p>
    </section>
  );
}
