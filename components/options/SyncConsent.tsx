import { browser } from 'wxt/browser';
import type { RedactionRules } from '../../storage/queries/redaction-rules';
import { type MessageKey, t, tn } from '../../utils/i18n';
import { withSlots } from './slots';

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

const RULE_NAMES = {
  emails: 'optionsConsentRuleEmails',
  phones: 'optionsConsentRulePhones',
  cards: 'optionsConsentRuleCards',
  ips: 'optionsConsentRuleIps',
} satisfies Record<string, MessageKey>;

/** "a, b, c" in the page's language (no "and": each item is masked). */
function listOf(items: string[]): string {
  return new Intl.ListFormat(browser.i18n.getUILanguage?.() || 'en', { type: 'unit', style: 'short' }).format(items);
}

function requestLine(studyId: string, hasToken: boolean): string {
  if (studyId)
    return hasToken ? t('optionsConsentRequestStudyToken', studyId) : t('optionsConsentRequestStudy', studyId);
  return hasToken ? t('optionsConsentRequestToken') : t('optionsConsentRequestNone');
}

/** Exactly what turning sync on sends, where, and how to stop it; nothing is sent before "I agree". */
export function SyncConsent(p: Props) {
  const on = (Object.keys(RULE_NAMES) as (keyof typeof RULE_NAMES)[])
    .filter((k) => p.rules[k])
    .map((k) => t(RULE_NAMES[k]));
  const words = p.rules.words.filter((w) => w.trim() !== '').length;
  const masked = [...on, ...(words > 0 ? [tn('optionsConsentWordsListed', words)] : [])];
  return (
    <section className="consent" aria-labelledby="consent-heading" data-testid="sync-consent">
      <h3 id="consent-heading">{p.study ? t('optionsConsentStudyHeading') : t('optionsConsentHeading')}</h3>
      <p>{withSlots('optionsConsentSendTo', <strong data-testid="consent-url">{p.url}</strong>)}</p>
      <ul>
        <li>{withSlots('optionsConsentEvents', <strong>{t('optionsConsentEventsLead')}</strong>)}</li>
        <li>{withSlots('optionsConsentAnswers', <strong>{t('optionsConsentAnswersLead')}</strong>)}</li>
        <li>
          {requestLine(p.studyId, p.hasToken)}
          {p.hasToken && ` ${t('optionsConsentTokenExplain')}`}
        </li>
      </ul>
      <p>
        {masked.length > 0 ? t('optionsConsentMasked', listOf(masked)) : t('optionsConsentNoRules')}{' '}
        {t('optionsConsentNames')}
      </p>
      {p.reviewBeforeUpload && <p>{t('optionsConsentReview')}</p>}
      {p.study ? <p>{t('optionsConsentNotSentStudy')}</p> : <p>{t('optionsConsentNotSentSync')}</p>}
      {p.earlier > 0 && (
        <label className="inline">
          <input
            type="checkbox"
            checked={p.sendEarlier}
            onChange={(e) => p.setSendEarlier(e.target.checked)}
            data-testid="sync-send-earlier"
          />{' '}
          {tn('optionsConsentSendEarlier', p.earlier)}
        </label>
      )}
      <p>
        <button type="button" onClick={p.onAgree} disabled={p.busy} data-testid="sync-agree">
          {p.study ? t('optionsConsentAgreeStudy', p.study.name) : t('optionsConsentAgree')}
        </button>{' '}
        <button type="button" className="link" onClick={p.onCancel}>
          {t('optionsCancel')}
        </button>
      </p>
    </section>
  );
}
