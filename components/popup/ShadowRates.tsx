import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../storage/db';
import { readShadowRates, type ShadowRate } from '../../storage/queries/shadow-rates';
import { type MessageKey, t, tn } from '../../utils/i18n';
import type { ProposalKind, ShadowTier } from '../../utils/shadow/types';

const KIND_WORDS = {
  unreliable_source: 'popupKindUnreliableSource',
  source_grade: 'popupKindSourceGrade',
  missing_aspect: 'popupKindMissingAspect',
  citation_check: 'popupKindCitationCheck',
  unsupported_sentence: 'popupKindUnsupportedSentence',
  irrelevant_source: 'popupKindIrrelevantSource',
  irrelevant_subquery: 'popupKindIrrelevantSubquery',
  missing_subquery: 'popupKindMissingSubquery',
} satisfies Record<ProposalKind, MessageKey>;

const TIER_WORDS = {
  1: 'popupFromTier1',
  2: 'popupFromTier2',
  3: 'popupFromTier3',
} satisfies Record<ShadowTier, MessageKey>;

function describeRate(r: ShadowRate): string {
  const answered = r.confirmed + r.rejected;
  const waiting = Math.max(0, r.proposed - answered);
  const rate =
    answered === 0
      ? t('popupRateNoneAnswered')
      : t('popupRateAccepted', r.confirmed, answered, Math.round((100 * r.confirmed) / answered));
  return waiting > 0 ? tn('popupRateWaiting', waiting, rate) : rate;
}

/** How often the user accepted the shadow's suggestions, per kind and source. Loaded lazily by the popup. */
export default function ShadowRates() {
  const rates = useLiveQuery(() => readShadowRates(getDb()), []);
  if (!rates || rates.length === 0) return null;
  return (
    <section aria-labelledby="shadow-rates-heading">
      <h2 id="shadow-rates-heading">{t('popupRatesHeading')}</h2>
      <ul data-testid="shadow-rates">
        {rates.map((r) => (
          <li key={`${r.tier}/${r.kind}`} data-tier={r.tier} data-kind={r.kind}>
            <span className="what">{t('popupRateWhat', t(KIND_WORDS[r.kind]), t(TIER_WORDS[r.tier]))}</span>{' '}
            {describeRate(r)}
          </li>
        ))}
      </ul>
    </section>
  );
}
