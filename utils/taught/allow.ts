import { browser } from 'wxt/browser';
import { originPattern } from './rule';

/** Asks for one site only (call it first in a click handler: the prompt needs the gesture); true when allowed. */
export const allowOn = (origin: string): Promise<boolean> =>
  browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false);
