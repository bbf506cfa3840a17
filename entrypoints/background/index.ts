import { defineBackground } from 'wxt/utils/define-background';
import { getDb } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { injectOverlay } from '../../utils/background/inject-overlay';
import { createQueryHistory } from '../../utils/background/query-history';
import { setUpCommands } from '../../utils/background/setup-commands';
import { setUpMessaging } from '../../utils/background/setup-messaging';
import { setUpRetention } from '../../utils/background/setup-retention';
import { setUpSelectionFeedback } from '../../utils/background/setup-selection-feedback';
import { configureZod } from '../../utils/zod-config';

export default defineBackground({
  type: 'module',
  main() {
    configureZod();
    const db = getDb();
    setUpRetention(db);
    setUpCommands();
    setUpSelectionFeedback();
    setUpMessaging({ db, writer: createEventWriter(db), queries: createQueryHistory(), injectOverlay });
  },
});
