import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package; Playwright's own browser downloads are not used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const launchArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const skipMessage = `BROWSER TESTS SKIPPED: ${CHROMIUM_PATH} not found; install with apt-get install -y chromium`;

/**
 * The `skip` option for every browser suite. Without Chromium, a developer's run skips them visibly;
 * on CI (CI=true) they run and fail in launchBrowser, so a broken CI image cannot pass unnoticed.
 */
export const browserSuiteSkip: string | false = (() => {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return false;
  process.stderr.write(`\n${'!'.repeat(skipMessage.length)}\n${skipMessage}\n${'!'.repeat(skipMessage.length)}\n\n`);
  return skipMessage;
})();

/** One headless Chromium per test file; Playwright gives each launch a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests cannot run: ${CHROMIUM_PATH} not found and CI=true. Install it in the CI image with apt-get install -y chromium.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: launchArgs });
}
