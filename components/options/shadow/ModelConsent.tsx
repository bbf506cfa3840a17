import { Fragment, type ReactNode } from 'react';
import { type MessageKey, t, tParts } from '../../../utils/i18n';
import { INPUT_LIMITS } from '../../../utils/shadow/llm/model-input';

interface Props {
  origin: string;
  model: string;
  hasKey: boolean;
  onAgree: () => void;
  onCancel: () => void;
  busy: boolean;
}

/** A message with elements at its `$n` substitutions, in the order the language puts them. */
function Parts({ message, slots }: { message: MessageKey; slots: ReactNode[] }) {
  return (
    <>
      {tParts(message, slots.length).map((part, i) =>
        typeof part === 'number' ? <Fragment key={i}>{slots[part]}</Fragment> : part,
      )}
    </>
  );
}

/** One item of what is sent: its name in bold, then what it is ("$WHAT$ as you asked it on the site."). */
function Sent({ message, what, limit }: { message: MessageKey; what: MessageKey; limit?: number }) {
  const slots: ReactNode[] = [<strong key="what">{t(what)}</strong>];
  if (limit !== undefined) slots.push(limit);
  return (
    <li>
      <Parts message={message} slots={slots} />
    </li>
  );
}

/** Exactly what using the user's own model sends, and where; nothing is sent before "I agree". */
export function ModelConsent(p: Props) {
  return (
    <section className="consent" aria-labelledby="model-consent-heading" data-testid="shadow-model-consent">
      <h3 id="model-consent-heading">{t('shadowConsentHeading')}</h3>
      <p>
        <Parts
          message="shadowConsentSendsTo"
          slots={[
            <strong key="origin" data-testid="model-consent-origin">
              {p.origin}
            </strong>,
            p.model,
          ]}
        />
      </p>
      <ul data-testid="model-consent-list">
        <Sent message="shadowConsentQuestion" what="shadowConsentQuestionWhat" />
        <Sent message="shadowConsentSentences" what="shadowConsentSentencesWhat" limit={INPUT_LIMITS.sentences} />
        <Sent message="shadowConsentSources" what="shadowConsentSourcesWhat" limit={INPUT_LIMITS.sources} />
        <Sent message="shadowConsentSearches" what="shadowConsentSearchesWhat" />
        <Sent message="shadowConsentSummary" what="shadowConsentSummaryWhat" limit={INPUT_LIMITS.profile} />
        <li>{p.hasKey ? t('shadowConsentKey') : t('shadowConsentNoKey')}</li>
      </ul>
      <p>{t('shadowConsentRedaction')}</p>
      <p>{t('shadowConsentNotSent', p.origin)}</p>
      <p>
        <button type="button" onClick={p.onAgree} disabled={p.busy} data-testid="shadow-model-agree">
          {t('shadowConsentAgree')}
        </button>{' '}
        <button type="button" className="link" onClick={p.onCancel}>
          {t('shadowCancel')}
        </button>
      </p>
    </section>
  );
}
