import { useEffect, useState } from 'react';
import { getDb } from '../../../storage/db';
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
      <h2 id="shadow-heading">Your shadow</h2>
      <p className="hint">
        A helper that learns from your own feedback and suggests some for answers you have not rated yet, as questions
        on the answer (“Is this website unreliable here?”). You confirm or reject each with one key; a suggestion counts
        as your feedback only once you confirm it.
      </p>
      <h3>Where suggestions come from</h3>
      <label className="inline">
        <input
          type="checkbox"
          checked={shadow.tier1}
          onChange={(e) => void setShadow({ tier1: e.target.checked })}
          data-testid="shadow-tier1"
        />{' '}
        Your past feedback, on this device (no language model)
      </label>
      <h4>Your own language model (optional)</h4>
      <ModelSetup shadow={shadow} setShadow={setShadow} />
      <h4>The browser’s built-in model</h4>
      <BrowserModelLine shadow={shadow} setShadow={setShadow} />
      <h3>What it has learned</h3>
      <LearnedList since={shadow.learnSince} />
      <p>
        {confirmReset ? (
          <>
            Forget what it learned? Your feedback stays in the log; the shadow starts learning again from now.{' '}
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
              Forget
            </button>{' '}
            <button type="button" className="link" onClick={() => setConfirmReset(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmReset(true)} data-testid="shadow-reset">
            Forget what it learned…
          </button>
        )}
      </p>
    </section>
  );
}
