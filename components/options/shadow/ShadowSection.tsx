import { useEffect, useState } from 'react';
import { getDb } from '../../../storage/db';
import { t } from '../../../utils/i18n';
import {
  loadShadowSettings,
  type ShadowSettings,
  ShadowSettingsSchema,
  shadowSettingsItem,
} from '../../../utils/shadow/settings';
import { BrowserModelLine } from './BrowserModelLine';
import { LearnedList } from './LearnedList';
import { ModelSetup } from './ModelSetup';

/** "Your shadow": the helper that suggests feedback from your own past feedback; its tiers, what it learned, a reset. */
export function ShadowSection() {
  const [shadow, setShadowState] = useState<ShadowSettings | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  useEffect(() => {
    void loadShadowSettings().then(setShadowState);
    return shadowSettingsItem.watch((s) => {
      const parsed = ShadowSettingsSchema.safeParse(s);
      if (parsed.success) setShadowState(parsed.data);
    });
  }, []);
  if (!shadow) return null;

  const setShadow = async (change: Partial<ShadowSettings>) => {
    const next = { ...(await loadShadowSettings()), ...change };
    setShadowState(next);
    await shadowSettingsItem.setValue(next);
  };

  return (
    <section aria-labelledby="shadow-heading" data-testid="shadow-section">
      <h2 id="shadow-heading">{t('shadowHeading')}</h2>
      <p className="hint">{t('shadowIntro')}</p>
      <h3>{t('shadowWhereFrom')}</h3>
      <label className="inline">
        <input
          type="checkbox"
          checked={shadow.tier1}
          onChange={(e) => void setShadow({ tier1: e.target.checked })}
          data-testid="shadow-tier1"
        />{' '}
        {t('shadowTier1Checkbox')}
      </label>
      <h4>{t('shadowTier2Heading')}</h4>
      <ModelSetup shadow={shadow} setShadow={setShadow} />
      <h4>{t('shadowTier3Heading')}</h4>
      <BrowserModelLine shadow={shadow} setShadow={setShadow} />
      <h3>{t('shadowLearnedHeading')}</h3>
      <LearnedList since={shadow.learnSince} />
      <p>
        {confirmReset ? (
          <>
            {t('shadowResetQuestion')}{' '}
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirmReset(false);
                // Tier 1's learned aggregates go; the model tiers' note reads only events after learnSince.
                void getDb()
                  .shadowProfile.clear()
                  .then(() => setShadow({ learnSince: new Date().toISOString() }));
              }}
              data-testid="shadow-reset-confirm"
            >
              {t('shadowResetConfirm')}
            </button>{' '}
            <button type="button" className="link" onClick={() => setConfirmReset(false)}>
              {t('shadowCancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmReset(true)} data-testid="shadow-reset">
            {t('shadowReset')}
          </button>
        )}
      </p>
    </section>
  );
}
