/**
 * A dashboard for a large file (10,000 anomalies, 5,000 templates, a day of per-minute points) in Chromium: it
 * loads, and the page keeps answering while it is searched, filtered, sorted and paged. The times are printed,
 * not asserted: bench/dashboard.ts is where they are measured.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDashboardInput } from '../../bench/dashboard.ts';
import { renderDashboard, type DashboardInput } from '../../shared/report/index.ts';
import { useBrowser, watchedPage } from '../helpers/browser.ts';

describe('renderDashboard with 10,000 anomalies and 5,000 templates', () => {
  const browser = useBrowser();
  let dir: string;
  let url: string;
  let input: DashboardInput;
  let renderMs: number;
  let bytes: number;

  beforeAll(() => {
    input = syntheticDashboardInput({ anomalies: 10_000, templates: 5_000 });
    const started = performance.now();
    const html = renderDashboard(input);
    renderMs = performance.now() - started;
    bytes = Buffer.byteLength(html);
    mkdirSync(join(import.meta.dirname, '../../test-output'), { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'loganomaly-dashboard-large-'));
    writeFileSync(join(dir, 'synthetic.log.dashboard.html'), html);
    url = pathToFileURL(join(dir, 'synthetic.log.dashboard.html')).href;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads, and stays responsive while it is searched, filtered, sorted and paged', async () => {
    // Act: load
    const w = await watchedPage(browser());
    const started = performance.now();
    await w.page.goto(url);
    await w.page.waitForSelector('html[data-ready=true]', { timeout: 30_000 });
    const loadMs = performance.now() - started;
    const readyMs = await w.page.evaluate<number>('window.__dashboardReadyMs');
    // Assess: one page of rows, not ten thousand
    expect(await w.page.locator('#a-rows tr.arow').count()).toBe(50);
    expect(await w.page.locator('#t-rows tr').count()).toBe(25);
    expect(await w.page.locator('#a-count').innerText()).toContain('10,000 anomalies');

    // Act: search, filter, sort, page, expand
    const interacted = performance.now();
    await w.page.fill('#a-search', 'timeout retry');
    await w.page.locator('#a-count', { hasText: / of 10,000/ }).waitFor();
    await w.page.fill('#a-search', '');
    await w.page.locator('#a-count', { hasNotText: ' of ' }).waitFor();
    await w.page.selectOption('#a-severity', 'critical');
    await w.page.selectOption('#a-sort', 'count');
    const counts = (await w.page.locator('#a-rows tr.arow td.num:nth-child(5)').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
    await w.page.click('#a-pager button:has-text("Next")');
    await w.page.click('#a-rows tr.arow >> nth=0');
    await w.page.locator('#a-rows tr.detail').waitFor();
    await w.page.click('#template-table th[data-key=template]');
    await w.page.fill('#t-search', 'gateway');
    await w.page.locator('#t-count', { hasText: ' of ' }).waitFor();
    const interactMs = performance.now() - interacted;
    await w.page.screenshot({ path: join(import.meta.dirname, '../../test-output/dashboard-large-1366.png') });
    // Assess: the page still answers at once, and the sort held
    expect(await w.page.evaluate<number>('1 + 1')).toBe(2);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([]);
    console.log(
      `large dashboard: render ${Math.round(renderMs)} ms, ${(bytes / 1048576).toFixed(1)} MB, load ${Math.round(loadMs)} ms (ready at ${Math.round(readyMs)} ms in the page), search/filter/sort/page/expand ${Math.round(interactMs)} ms`,
    );
    await w.page.close();
  }, 60_000);
});
