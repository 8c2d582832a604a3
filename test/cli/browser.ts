// Headless Chromium (Debian's `chromium`) driven by playwright-core, for tests that must see a
// page rendered by a real browser. Tests skip with `CHROMIUM_SKIP_REASON` when it is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['RCAFLOW_CHROMIUM'] ?? '/usr/bin/chromium';

/** Why browser tests skip, or undefined when they can run. */
export const CHROMIUM_SKIP_REASON = existsSync(CHROMIUM_PATH)
  ? undefined
  : `skipping browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set RCAFLOW_CHROMIUM)`;

/**
 * Launches a fresh headless browser with its own profile (playwright passes it as --user-data-dir);
 * `close()` also removes the profile.
 */
export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'rcaflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    offline: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
