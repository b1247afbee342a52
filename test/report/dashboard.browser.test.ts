/**
 * The dashboard and the index page of the bundled sample log, opened from disk in a real Chromium: nothing fails
 * or loads, every chart draws, the anomaly browser searches, filters and expands, a hostile line stays text.
 * Screenshots go to test-output/ for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardInput } from '../../shared/report/index.ts';
import { renderDashboard, renderIndex } from '../../shared/report/index.ts';
import { useBrowser, watchedPage, type WatchedPage } from '../helpers/browser.ts';
import { HOSTILE_LINE, hostileAnomaly, sampleDashboardInput } from './sample.ts';

const SCREENSHOTS = join(import.meta.dirname, '../../test-output');

/** What each canvas holds: its size and how many of its pixels are painted. */
const CANVASES = `[...document.querySelectorAll('canvas')].map((c) => {
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
  return { id: c.id, width: c.width, height: c.height, painted };
})`;

describe('renderDashboard in Chromium', () => {
  const browser = useBrowser();
  let dir: string;
  let url: string;
  let input: DashboardInput;

  beforeAll(async () => {
    const sample = await sampleDashboardInput();
    input = { ...sample, anomalies: [...sample.anomalies, hostileAnomaly(sample.anomalies[0]!)] };
    dir = mkdtempSync(join(tmpdir(), 'loganomaly-dashboard-'));
    const file = join(dir, 'service.log.dashboard.html');
    writeFileSync(file, renderDashboard(input));
    url = pathToFileURL(file).href;
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function open(viewport?: { width: number; height: number }): Promise<WatchedPage & { dialogs: string[] }> {
    const watched = await watchedPage(browser(), viewport);
    const dialogs: string[] = [];
    watched.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await watched.page.goto(url);
    await watched.page.waitForSelector('html[data-ready=true]');
    return { ...watched, dialogs };
  }

  // Waits go through locators: the page's CSP forbids eval, which waitForFunction's string predicates need.
  const rowCount = (w: WatchedPage): Promise<number> => w.page.locator('#a-rows tr.arow').count();

  it('loads from disk with no console error, no request and no dialog', async () => {
    // Act
    const w = await open();
    // Assess
    expect(w.errors).toEqual([]);
    expect(w.requests).toEqual([]);
    expect(w.dialogs).toEqual([]);
    expect(await w.page.title()).toBe('service.log · LogAnomaly');
    await w.page.screenshot({ path: join(SCREENSHOTS, 'dashboard-sample-1366.png'), fullPage: true });
    await w.page.close();
  });

  it('draws every chart', async () => {
    const w = await open();
    const canvases = await w.page.evaluate<{ id: string; width: number; height: number; painted: number }[]>(CANVASES);
    expect(canvases.map((c) => c.id).sort()).toEqual(['chart-components', 'chart-levels', 'chart-severity', 'chart-timeline']);
    for (const canvas of canvases) {
      expect(canvas.width, canvas.id).toBeGreaterThan(200);
      expect(canvas.height, canvas.id).toBeGreaterThan(100);
      expect(canvas.painted, canvas.id).toBeGreaterThan(1000);
    }
    await w.page.close();
  });

  it('shows the headline figures', async () => {
    const w = await open();
    const tiles = await w.page.locator('.tiles').innerText();
    expect(tiles).toContain('3,000');
    expect(tiles).toContain('2,850');
    expect(tiles).toMatch(/ANOMALIES\s+11/i);
    expect(tiles).toMatch(/LLM CALLS\s+0/i);
    expect(await w.page.locator('.top .meta').innerText()).toContain('builtin · rules-v1');
    expect(await w.page.locator('#security-table').innerText()).toMatch(/AWS_ACCESS_KEY\s+1\s+2710/);
    await w.page.close();
  });

  it('narrows the anomalies by search and by severity', async () => {
    // Prepare
    const w = await open();
    const all = await rowCount(w);
    expect(all).toBe(input.anomalies.length);
    // Act: a search
    await w.page.fill('#a-search', 'sshd');
    await w.page.locator('#a-count', { hasText: ' of ' }).waitFor();
    // Assess
    const searched = await rowCount(w);
    expect(searched).toBeGreaterThan(0);
    expect(searched).toBeLessThan(all);
    for (const text of await w.page.locator('#a-rows tr.arow').allInnerTexts()) expect(text.toLowerCase()).toMatch(/sshd|ssh2|password|publickey/);
    // Act: a severity, with the search cleared
    await w.page.fill('#a-search', '');
    await w.page.locator('#a-count', { hasNotText: ' of ' }).waitFor();
    await w.page.selectOption('#a-severity', 'medium');
    // Assess
    const medium = input.anomalies.filter((a) => a.severity === 'medium').length;
    expect(await rowCount(w)).toBe(medium);
    expect(await w.page.locator('#a-rows tr.arow .badge').allInnerTexts()).toEqual(Array(medium).fill('medium'));
    // Act: a filter that matches nothing, then reset
    await w.page.fill('#a-search', 'no anomaly says this');
    await w.page.waitForSelector('#a-rows td.empty');
    await w.page.click('#a-reset');
    expect(await rowCount(w)).toBe(all);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('shows an anomaly’s reason, evidence, lines and example line when it is expanded', async () => {
    // Prepare
    const w = await open();
    const first = [...input.anomalies].sort((a, b) => b.score - a.score)[0]!;
    // Act
    await w.page.click('#a-rows tr.arow >> nth=0');
    // Assess
    const detail = w.page.locator('#a-rows tr.detail');
    await detail.waitFor();
    const text = await detail.innerText();
    expect(text).toContain(first.reason);
    for (const d of first.detectors) expect(text).toContain(d.explanation);
    expect(text).toMatch(/OBSERVED\s+EXPECTED/i);
    expect(text).toContain(`${first.lines[0]![0]}–${first.lines[0]![1]}`);
    expect(await detail.locator('pre.logline').innerText()).toBe(first.log);
    expect(await w.page.getAttribute('#a-rows tr.arow >> nth=0', 'aria-expanded')).toBe('true');
    await w.page.screenshot({ path: join(SCREENSHOTS, 'dashboard-sample-expanded.png'), fullPage: true });
    // Act: collapse it again
    await w.page.click('#a-rows tr.arow >> nth=0');
    expect(await w.page.locator('#a-rows tr.detail').count()).toBe(0);
    await w.page.close();
  });

  it('shows a hostile log line as text, never as markup', async () => {
    // Prepare
    const w = await open();
    // Act
    await w.page.fill('#a-search', 'onerror');
    await w.page.locator('#a-count', { hasText: /^1 of / }).waitFor();
    await w.page.click('#a-rows tr.arow >> nth=0');
    // Assess
    expect(await w.page.locator('#a-rows pre.logline').textContent()).toBe(HOSTILE_LINE);
    expect(await w.page.locator('#a-rows').innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await w.page.locator('img').count()).toBe(0);
    expect(await w.page.locator('script').count()).toBe(3);
    expect(await w.page.locator('#anomalies b, #anomalies i').count()).toBe(0);
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('sorts and searches the template table', async () => {
    // Prepare
    const w = await open();
    const firstTemplate = (): Promise<string> => w.page.locator('#t-rows tr >> nth=0').locator('.tpl').innerText();
    expect(await firstTemplate()).toBe(input.templates[0]!.template);
    // Act: sort by records, ascending (the second click on the column)
    await w.page.click('#template-table th[data-key=count]');
    // Assess
    expect(await w.page.getAttribute('#template-table th[data-key=count]', 'aria-sort')).toBe('ascending');
    const smallest = Math.min(...input.templates.map((t) => t.count));
    expect(await w.page.locator('#t-rows tr >> nth=0').locator('td.num >> nth=0').innerText()).toBe(String(smallest));
    // Act: search
    await w.page.fill('#t-search', 'HikariPool');
    await w.page.locator('#t-count', { hasText: ' of ' }).waitFor();
    // Assess
    const rows = await w.page.locator('#t-rows tr .tpl').allInnerTexts();
    expect(rows.length).toBe(input.templates.filter((t) => `${t.template}\n${t.example}`.toLowerCase().includes('hikaripool')).length);
    // Act: page through the full table
    await w.page.fill('#t-search', '');
    await w.page.locator('#t-count', { hasNotText: ' of ' }).waitFor();
    await w.page.click('#t-pager button:has-text("Next")');
    expect(await w.page.locator('#t-pager').innerText()).toContain('Page 2 of');
    await w.page.close();
  });

  it('opens an anomaly from its mark on the timeline', async () => {
    // Prepare
    const w = await open();
    const box = (await w.page.locator('#chart-timeline').boundingBox())!;
    const flood = input.anomalies.find((a) => a.kind === 'flood')!;
    // Where the chart puts the flood's first record, and the top of its plot (the marks' strip is above it).
    const at = await w.page.evaluate<{ x: number; top: number }>(
      `(() => { const c = Chart.getChart(document.getElementById('chart-timeline')); return { x: c.scales.x.getPixelForValue(${Date.parse(flood.first_seen!)}), top: c.chartArea.top }; })()`,
    );
    // Act: try each lane of the strip at that time until the pointer finds a mark, then click it
    let found = false;
    for (let y = box.y + at.top - 45; y < box.y + at.top && !found; y += 3) {
      await w.page.mouse.move(box.x + at.x + 2, y);
      if (await w.page.locator('.tip:not([hidden])').count()) {
        await w.page.mouse.click(box.x + at.x + 2, y);
        found = true;
      }
    }
    // Assess
    expect(found).toBe(true);
    await w.page.locator('#a-rows tr.detail').waitFor();
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('fills a 2560-pixel monitor without stretching', async () => {
    const w = await open({ width: 2560, height: 1440 });
    const main = (await w.page.locator('main').boundingBox())!;
    expect(main.width).toBeLessThanOrEqual(1880);
    expect(await w.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(2560);
    await w.page.screenshot({ path: join(SCREENSHOTS, 'dashboard-sample-2560.png'), fullPage: true });
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('has no horizontal scroll on a 1366-pixel laptop', async () => {
    const w = await open({ width: 1366, height: 768 });
    expect(await w.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);
    await w.page.close();
  });
});

describe('renderIndex in Chromium', () => {
  const browser = useBrowser();

  it('links each file to its dashboard, relatively', async () => {
    // Prepare
    const input = await sampleDashboardInput();
    const dir = mkdtempSync(join(tmpdir(), 'loganomaly-index-'));
    try {
      mkdirSync(join(dir, 'api'));
      writeFileSync(join(dir, 'api', 'a#1.log.dashboard.html'), renderDashboard(input));
      writeFileSync(join(dir, 'index.html'), renderIndex([{ name: 'api/a#1.log', dashboardPath: 'api/a#1.log.dashboard.html', summary: input.summary }], { title: 'logs/', generatedAt: input.generatedAt }));
      const w = await watchedPage(browser());
      // Act
      await w.page.goto(pathToFileURL(join(dir, 'index.html')).href);
      const row = await w.page.locator('#file-table tbody tr').innerText();
      await w.page.screenshot({ path: join(SCREENSHOTS, 'index-sample.png'), fullPage: true });
      await w.page.click('#file-table a');
      await w.page.waitForSelector('html[data-ready=true]');
      // Assess
      expect(row).toContain('3,000');
      expect(row).toContain('9 high');
      expect(row).toContain('31.9%');
      expect(w.page.url()).toBe(pathToFileURL(join(dir, 'api', 'a#1.log.dashboard.html')).href);
      expect(w.errors).toEqual([]);
      await w.page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
