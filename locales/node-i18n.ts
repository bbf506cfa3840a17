/** `browser.i18n` for Node (unit tests and CLIs), answered from the English files exactly as the browser would. */
import { type Catalog, formatMessage, readCatalog } from './catalog';

let english: Catalog | undefined;

export function englishI18n() {
  english ??= readCatalog('en');
  const catalog = english;
  return {
    getMessage: (name: string, substitutions?: string | string[]) =>
      formatMessage(catalog, name, substitutions === undefined ? [] : [substitutions].flat()),
    getUILanguage: () => 'en',
    getAcceptLanguages: async () => ['en'],
  };
}
