import { useEffect, useState } from 'react';
import { t } from '../../../utils/i18n';
import { type BrowserModelStatus, browserModelStatus } from '../../../utils/shadow/browser-model/availability';
import { browserLanguageModel } from '../../../utils/shadow/browser-model/language-model-api';
import type { ShadowSettings } from '../../../utils/shadow/settings';

interface Props {
  shadow: ShadowSettings;
  setShadow: (change: Partial<ShadowSettings>) => Promise<void>;
}

/** Tier 3: the browser's own model, offered only when the browser says it can run; otherwise why not. */
export function BrowserModelLine({ shadow, setShadow }: Props) {
  const [status, setStatus] = useState<BrowserModelStatus | null>(null);
  useEffect(() => {
    void browserModelStatus(browserLanguageModel()).then(setStatus);
  }, []);
  const usable =
    status !== null && (status.canRun || status.state === 'downloadable' || status.state === 'downloading');
  return (
    <div data-testid="shadow-browser-model">
      <label className="inline">
        <input
          type="checkbox"
          checked={shadow.tier3 && usable}
          disabled={!usable}
          onChange={(e) => void setShadow({ tier3: e.target.checked })}
          data-testid="shadow-tier3"
        />{' '}
        {t('shadowTier3Checkbox')}
      </label>
      <p className="hint" role="status" data-testid="shadow-browser-model-status" data-state={status?.state ?? ''}>
        {status ? status.message : t('shadowBrowserModelAsking')}
      </p>
    </div>
  );
}
