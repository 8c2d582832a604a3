// The HTML report in a real browser: headless Chromium driven by playwright-core.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/cli/report.js';
import { CHROMIUM_SKIP_REASON, launchBrowser } from './browser.js';
import { incidentA, incidentB, topology } from './report-fixture.js';
import { tempDir } from './helpers.js';

if (CHROMIUM_SKIP_REASON !== undefined) console.warn(CHROMIUM_SKIP_REASON);
const tmp = tempDir();
afterAll(() => tmp.remove());
const SCREENSHOTS = join(import.meta.dirname, '../../.cache/screenshots');

describe.skipIf(CHROMIUM_SKIP_REASON !== undefined)('HTML report in Chromium', () => {
  it('renders the incident list, the timeline lanes and markers, candidates and topology', async () => {
    const file = join(tmp.dir, 'report.html');
    writeFileSync(file, renderReport([incidentA, incidentB], { topology, summary: { 'events in': 9, incidents: 2 } }));
    const { context, close } = await launchBrowser();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('request', (r) => r.url().startsWith('file:') || requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);

      expect(await page.locator('#incident-list .incident').count()).toBe(2);
      expect(await page.locator('#incident-count').textContent()).toBe('(2)');
      expect(await page.locator('.incident.selected').getAttribute('data-id')).toBe('inc-a');
      // Incident A: 4 entities → 4 lanes; 8 markers (3 log lines make one burst).
      expect(await page.locator('#timeline .lane').count()).toBe(4);
      expect(await page.locator('#timeline .marker').count()).toBe(8);
      expect(await page.locator('#timeline .marker[data-kind="log-burst"]').count()).toBe(2);
      expect(await page.locator('#timeline .marker[data-kind="anomaly"]').count()).toBe(2);
      expect(await page.locator('#timeline .marker[data-kind="change"]').count()).toBe(1);
      expect(await page.locator('#candidates tr.candidate').count()).toBe(2);
      expect(await page.locator('#candidates tr.candidate >> nth=0').textContent()).toContain('db broke 4 min before its callers');
      expect(await page.locator('#topology .node').count()).toBe(4);
      expect(await page.locator('#topology .node.cand').count()).toBe(2);
      expect(await page.locator('#topology .node.cand text >> nth=0').textContent()).toMatch(/^#\d /);
      // Log text is shown as text, never run as markup.
      expect(await page.locator('#timeline script').count()).toBe(0);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'report-incident-a.png'), fullPage: true });

      await page.locator('.incident[data-id="inc-b"]').click();
      expect(await page.locator('#detail-title').textContent()).toBe('Incident inc-b');
      expect(await page.locator('#timeline .lane').count()).toBe(1);
      expect(await page.locator('#timeline .marker').count()).toBe(1);
      expect(await page.locator('#candidates tbody').textContent()).toContain('No root-cause candidates');
      await page.screenshot({ path: join(SCREENSHOTS, 'report-incident-b.png'), fullPage: true });

      expect(errors).toEqual([]);
      expect(requests).toEqual([]); // self-contained: no network at all
    } finally {
      await close();
    }
  });
});
