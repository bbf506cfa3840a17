import { t } from '../i18n';

/**
 * What a person typed as a web address, as a URL: "www.nhs.uk/sleep" and "nhs.uk" get https:// as a browser's
 * address bar would. Returns an error in words when it is not an http(s) address.
 */
export function parseWebAddress(typed: string): { url: URL } | { error: string } {
  const text = typed.trim();
  if (text === '' || /\s/.test(text)) return { error: t('panelsAddressEnter') };
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[^/:]+:\d+(\/|$)/.test(text);
  const candidate = hasScheme ? text : `https://${text.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { error: t('panelsAddressEnter') };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: t('panelsAddressNotWeb') };
  if (!hasScheme && !url.hostname.includes('.') && url.hostname !== 'localhost') {
    return { error: t('panelsAddressEnter') };
  }
  return { url };
}
