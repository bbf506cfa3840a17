import { defineBackground } from 'wxt/utils/define-background';
import { getDb } from '../../storage/db';
import { createEventWriter } from '../../storage/event-writer';
import { setUpMessaging } from '../../utils/background/setup-messaging';
import { configureZod } from '../../utils/zod-config';

export default defineBackground({
  type: 'module',
  main() {
    configureZod();
    const db = getDb();
    setUpMessaging({ db, writer: createEventWriter(db) });
  },
});
