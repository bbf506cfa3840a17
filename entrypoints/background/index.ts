import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { getDb } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { injectOverlay } from '../../utils/background/inject-overlay';
import { createPageReports } from '../../utils/background/page-reports';
import { createPendingRefinements } from '../../utils/background/pending-refinements';
import { createQueryHistory } from '../../utils/background/query-history';
import { setUpCommands } from '../../utils/background/setup-commands';
import { setUpMessaging } from '../../utils/background/setup-messaging';
import { setUpRetention } from '../../utils/background/setup-retention';
import { setUpSelectionFeedback } from '../../utils/background/setup-selection-feedback';
import { setUpShadowModels } from '../../utils/background/setup-shadow-models';
import { setUpSync } from '../../utils/background/setup-sync';
import { setUpTaughtSites } from '../../utils/background/setup-taught-sites';
import { setUpWelcome } from '../../utils/background/setup-welcome';
import { setUpWithdrawal } from '../../utils/background/setup-withdrawal';
import { createTabTraces } from '../../utils/background/tab-traces';
import { configureZod } from '../../utils/zod-config';

export default defineBackground({
  type: 'module',
  main() {
    configureZod();
    const db = getDb();
    setUpRetention(db);
    setUpWelcome();
    setUpCommands();
    setUpSelectionFeedback();
    setUpTaughtSites();
    const sync = setUpSync(db);
    setUpWithdrawal(db);
    setUpMessaging({
      db,
      writer: createEventWriter(db, sync.writerOptions),
      queries: createQueryHistory(),
      tabTraces: createTabTraces(),
      injectOverlay,
      sync: sync.control,
      refinements: createPendingRefinements(browser.storage.session),
      openTab: async (url, openerTabId) => (await browser.tabs.create({ url, openerTabId })).id,
      reports: createPageReports((id) => `${browser.runtime.getURL('/report.html')}#${id}`),
      shadowModels: setUpShadowModels(db),
    });
  },
});
