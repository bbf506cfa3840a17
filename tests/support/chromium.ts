import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];

/** Finds a Chromium to drive: CHROMIUM_PATH, then Debian's locations; otherwise says how to install one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    [
      'Chromium was not found (looked at CHROMIUM_PATH, /usr/bin/chromium, /usr/lib/chromium/chromium).',
      'Install it with:   sudo apt-get install -y chromium      (Debian/Ubuntu)',
      'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    ].join('\n'),
  );
}
