import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { englishI18n } from '../../locales/node-i18n';

// The fake browser has no i18n; this one reads the real English files, so a missing message or a wrong
// number of substitutions fails a unit test as it would show wrong in the browser.
const useEnglish = () => Object.assign(fakeBrowser.i18n, englishI18n());
useEnglish();

beforeEach(() => {
  fakeBrowser.reset();
  useEnglish();
});
