import { useEffect, useState } from 'react';
import { t, tn } from '../../utils/i18n';
import type { Settings } from '../../utils/settings';

interface Props {
  settings: Settings;
  update: (change: (s: Settings) => Settings) => Promise<void>;
}

const CHOICES = [null, 30, 90, 180, 365] as const;

/** Keep feedback forever (the default) or N days; older events are deleted once a day. */
export function RetentionSection({ settings, update }: Props) {
  const days = settings.retentionDays;
  const custom = days !== null && !(CHOICES as readonly (number | null)[]).includes(days);
  const [draft, setDraft] = useState(String(days ?? 30));
  useEffect(() => {
    if (days !== null) setDraft(String(days));
  }, [days]);
  const setDays = (value: number | null) => update((s) => ({ ...s, retentionDays: value }));
  const draftDays = Number(draft);
  const draftValid = Number.isInteger(draftDays) && draftDays > 0 && draftDays <= 36_500;

  return (
    <section aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t('optionsRetentionHeading')}</h2>
      <label>
        {t('optionsRetentionHowLong')}{' '}
        <select
          value={custom ? 'custom' : String(days)}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'custom') return void setDays(draftValid ? draftDays : 30);
            void setDays(v === 'null' ? null : Number(v));
          }}
          data-testid="retention"
        >
          {CHOICES.map((c) => (
            <option key={String(c)} value={String(c)}>
              {c === null ? t('optionsRetentionForever') : tn('optionsRetentionDays', c)}
            </option>
          ))}
          <option value="custom">{t('optionsRetentionOther')}</option>
        </select>
      </label>
      {custom && (
        <p>
          <label>
            {t('optionsRetentionDaysField')}{' '}
            <input
              type="number"
              min={1}
              max={36500}
              value={draft}
              aria-invalid={!draftValid}
              onChange={(e) => setDraft(e.target.value)}
              onBlur={() => draftValid && setDays(draftDays)}
            />
          </label>
        </p>
      )}
      <p className="hint">{days === null ? t('optionsRetentionKeptHint') : tn('optionsRetentionDeletedHint', days)}</p>
    </section>
  );
}
