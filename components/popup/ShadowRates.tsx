import { useLiveQuery } from 'dexie-react-hooks';
import { getDb } from '../../storage/db';
import { readShadowRates, type ShadowRate } from '../../storage/queries/shadow-rates';
import type { ProposalKind, ShadowTier } from '../../utils/shadow/types';

const KIND_WORDS: Record<ProposalKind, string> = {
  unreliable_source: 'Unreliable websites',
  source_grade: 'Source grades',
  missing_aspect: 'Missing topics',
  citation_check: 'Sentences their source may not show',
  unsupported_sentence: 'Sentences without support',
  irrelevant_source: 'Sources of no help',
  irrelevant_subquery: 'Searches that do not belong',
  missing_subquery: 'Missing searches',
};

const TIER_WORDS: Record<ShadowTier, string> = {
  1: 'from your past feedback',
  2: 'from your own model',
  3: 'from the browser’s model',
};

function describeRate(r: ShadowRate): string {
  const answered = r.confirmed + r.rejected;
  const waiting = Math.max(0, r.proposed - answered);
  const rate =
    answered === 0
      ? 'none answered yet'
      : `you accepted ${r.confirmed} of ${answered} (${Math.round((100 * r.confirmed) / answered)}%)`;
  return `${rate}${waiting > 0 ? `, ${waiting} not answered` : ''}`;
}

/** How often the user accepted the shadow's suggestions, per kind and source. Loaded lazily by the popup. */
export default function ShadowRates() {
  const rates = useLiveQuery(() => readShadowRates(getDb()), []);
  if (!rates || rates.length === 0) return null;
  return (
    <section aria-labelledby="shadow-rates-heading">
      <h2 id="shadow-rates-heading">Suggestions you accepted</h2>
      <ul data-testid="shadow-rates">
        {rates.map((r) => (
          <li key={`${r.tier}/${r.kind}`} data-tier={r.tier} data-kind={r.kind}>
            <span className="what">
              {KIND_WORDS[r.kind]} {TIER_WORDS[r.tier]}:
            </span>{' '}
            {describeRate(r)}
          </li>
        ))}
      </ul>
    </section>
  );
}
