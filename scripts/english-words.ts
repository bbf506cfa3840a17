/**
 * For a command-line script that runs code which reads its words through `browser.i18n` (the shadow's proposals):
 * the English files answer, as in the unit tests. Import this before anything else: `wxt/browser` takes
 * `globalThis.chrome` when it is first imported.
 */
import { englishI18n } from '../locales/node-i18n';

const global = globalThis as { chrome?: { i18n?: unknown } };
global.chrome ??= {};
global.chrome.i18n ??= englishI18n();
