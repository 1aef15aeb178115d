import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * A real browser for the tests that need one: Debian's chromium, driven by playwright-core.
 * `.ci/run` installs chromium and sets REQUIRE_BROWSER=1; elsewhere a suite that needs it says
 * it is skipped when chromium is missing.
 */
export const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser && process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install -y chromium`);

/** `describe` when chromium is there, else `describe.skip` with a line saying why. */
export function describeWithBrowser(name: string, suite: () => void): void {
  if (!haveBrowser) console.warn(`${CHROMIUM} is missing: "${name}" is skipped (apt-get install -y chromium).`);
  (haveBrowser ? describe : describe.skip)(name, suite);
}

// Without the background-networking flags chromium reaches out to Google's services at start,
// and on a closed network its connections are refused.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless chromium with a fresh profile; `close` also removes the profile. */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: options.viewport });
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
