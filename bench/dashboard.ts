/**
 * The dashboard's benchmark: a page for a large file (10,000 anomalies, 5,000 templates, a day of per-minute
 * points), how long renderDashboard takes to build it, how big it is, and how long Chromium takes from navigation
 * to the page being interactive (the page's own ready mark), then to answer a search.
 *
 * These are figures, not pass/fail: nothing fails on a slow machine. Needs Chromium at /usr/bin/chromium.
 *
 * Usage as a script: `node bench/dashboard.ts` prints the report as JSON.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileSummary, TemplateSummary } from '../shared/analysis/index.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../shared/config/index.ts';
import { SEVERITIES, type AnomalyRecord, type DetectorName, type Severity } from '../shared/detection/index.ts';
import { renderDashboard, type DashboardInput } from '../shared/report/index.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import { seededRandom } from './rng.ts';

/** Timed renders after one warm-up; the best is reported. */
const RUNS = 3;

/** The size of a synthetic dashboard. */
export interface SyntheticDashboardOptions {
  /**
   * Anomalies on the page.
   * @default 10000
   */
  anomalies?: number;
  /**
   * Templates on the page.
   * @default 5000
   */
  templates?: number;
  /**
   * Minutes of log, one point of the timeline each (at most 1,440, as the analytics cap it).
   * @default 1440
   */
  minutes?: number;
  /**
   * Seed of the PRNG: the same seed and sizes give the same input.
   * @default 1
   */
  seed?: number;
}

/** The defaults of SyntheticDashboardOptions. */
export const DEFAULT_SYNTHETIC_DASHBOARD_OPTIONS: Required<SyntheticDashboardOptions> = { anomalies: 10_000, templates: 5_000, minutes: 1440, seed: 1 };

const WORDS = ['order', 'payment', 'customer', 'session', 'cache', 'queue', 'upstream', 'timeout', 'retry', 'connection', 'refused', 'user', 'token', 'batch', 'export', 'shard', 'replica', 'lease', 'checkpoint', 'gateway'];
const DETECTOR_NAMES: readonly DetectorName[] = ['rare', 'new', 'burst', 'silence', 'drift', 'lof', 'flood', 'security'];
const TAGS = ['database', 'network', 'authentication', 'application-error', 'performance', 'security', 'configuration'];

/**
 * A dashboard input of the given size with realistic shapes: Zipf-like template counts, anomalies spread over the
 * day with every kind, severity, verdict, detector and tag represented, and a few floods.
 * @internal for the benchmark and the browser test of a large page.
 */
export function syntheticDashboardInput(options: SyntheticDashboardOptions = {}): DashboardInput {
  const o = { ...DEFAULT_SYNTHETIC_DASHBOARD_OPTIONS, ...options };
  const random = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const start = Date.parse('2024-05-01T00:00:00.000Z');
  const iso = (ms: number): string => new Date(ms).toISOString();
  const spanMs = o.minutes * 60_000;
  const components = Array.from({ length: 200 }, (_, i) => `com.acme.${pick(WORDS)}.${pick(WORDS)[0]!.toUpperCase()}${pick(WORDS)}Service${i}`);

  const weights = Array.from({ length: o.templates }, (_, i) => 1 / (i + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const records = 2_000_000;
  const templates: TemplateSummary[] = weights.map((w, i) => {
    const count = Math.max(1, Math.round((w / totalWeight) * records));
    const first = start + Math.floor(random() * spanMs * 0.5);
    const words = Array.from({ length: 4 + (i % 7) }, () => pick(WORDS));
    return {
      template_id: (i * 2654435761 >>> 0).toString(16).padStart(16, '0'),
      template: `${words.join(' ')} id=<*> in <*>ms (#${i})`,
      count,
      ratio: Math.round((count / records) * 1e6) / 1e6,
      severity: pick(SEVERITIES),
      first_seen: iso(first),
      last_seen: iso(first + Math.floor(random() * (start + spanMs - first))),
      example_line: 1 + Math.floor(random() * records),
      example: `${iso(first)} INFO [worker-${i % 32}] ${pick(components)}: ${words.join(' ')} id=${Math.floor(random() * 1e6)} in ${Math.floor(random() * 900)}ms (#${i})`,
    };
  });

  const severityCounts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const tagCounts: Record<string, number> = {};
  const anomalies: AnomalyRecord[] = Array.from({ length: o.anomalies }, (_, i) => {
    const t = templates[Math.floor(random() * templates.length)]!;
    const kind = i % 1000 === 0 ? 'flood' : i % 7 === 0 ? 'window' : 'template';
    const first = start + Math.floor(random() * spanMs);
    const last = Math.min(start + spanMs - 1, first + Math.floor(random() * (kind === 'template' ? 3_600_000 : 300_000)));
    const severity = pick(SEVERITIES);
    severityCounts[severity]++;
    const detectors = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const detector = kind === 'flood' ? 'flood' : pick(DETECTOR_NAMES);
      const observed = Math.round(random() * 1000) / 10;
      return { detector, score: Math.round(random() * 100) / 100, explanation: `${detector}: observed ${observed} where about ${Math.round(observed / 3)} was expected`, observed, expected: Math.round(observed / 3) };
    });
    const tags = [pick(TAGS), ...detectors.map((d) => d.detector)];
    for (const tag of tags) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
    const line = 1 + Math.floor(random() * records);
    const verdict = pick(['anomaly', 'anomaly', 'normal', 'unclassified']);
    return {
      id: (i * 40503 + 7).toString(16).padStart(24, '0'),
      kind,
      source_file: 'synthetic.log',
      template_id: t.template_id,
      template: t.template,
      log: t.example,
      log_line: line,
      timestamp: iso(first),
      first_seen: iso(first),
      last_seen: iso(last),
      count: 1 + Math.floor(random() * 500),
      lines: Array.from({ length: 1 + Math.floor(random() * 20) }, (_, k) => [line + k * 10, line + k * 10 + 3] as const),
      lines_truncated: false,
      score: Math.round((0.5 + random() / 2) * 1000) / 1000,
      severity,
      component: pick(components),
      detectors,
      classification: verdict,
      reason: `${severity} ${kind} anomaly in ${t.template.slice(0, 40)}: ${detectors.map((d) => d.explanation).join('; ')}`,
      tags,
      provider: verdict === 'unclassified' ? null : 'openai',
      model: verdict === 'unclassified' ? null : 'gpt-4o-mini',
      classification_failure: verdict === 'unclassified' ? { kind: 'timeout', error: 'LlmTimeoutError', message: 'no answer in 30 s' } : null,
    };
  });

  const series = Array.from({ length: o.minutes }, (_, m) => {
    const logs = 1000 + Math.floor(random() * 800) + (m % 300 === 0 ? 6000 : 0);
    const errors = Math.floor(logs * random() * 0.2);
    return { minute: iso(start + m * 60_000), logs, errors, error_rate: Math.round((errors / logs) * 1e4) / 1e4 };
  });
  const floods = anomalies.filter((a) => a.kind === 'flood').map((a) => ({ template_id: a.template_id, first_line: a.lines[0]![0], last_line: a.lines.at(-1)![1], count: a.count, peak_share: 0.9 }));
  const summary: FileSummary = {
    schema_version: 1,
    filename: 'logs/synthetic.log',
    original_log_count: records + 12_345,
    processed_log_count: records,
    anomalies_detected: anomalies.length,
    volume_stats: { total_records: records, top_templates: templates.slice(0, 10).map((t) => ({ template_id: t.template_id, template: t.template, count: t.count, ratio: t.ratio })) },
    template_diversity: { unique_templates: templates.length, template_entropy: 9.87, top_template_ratio: templates[0]?.ratio ?? 0 },
    time_metrics: {
      logs_per_second: Math.round((records / (spanMs / 1000)) * 1000) / 1000,
      peak_rate_per_minute: Math.max(...series.map((p) => p.logs)),
      time_span_seconds: spanMs / 1000,
      first_timestamp: iso(start),
      last_timestamp: iso(start + spanMs - 1),
      error_rate: 0.1,
      series_interval_seconds: 60,
      error_rate_per_minute: series,
    },
    component_metrics: { unique_components: components.length, top_components: components.slice(0, 10).map((component, i) => ({ component, count: 100_000 - i * 7000, ratio: (100_000 - i * 7000) / records })) },
    log_severity_summary: { INFO: records * 0.7, ERROR: records * 0.1, WARN: records * 0.15, DEBUG: records * 0.05 },
    tag_summary: tagCounts,
    anomaly_severity_summary: severityCounts,
    security: { total_findings: 3, by_kind: { PASSWORD: { count: 2, lines: [120, 99_000], lines_truncated: false }, JWT: { count: 1, lines: [1_500_000], lines_truncated: false } } },
    source: 'synthetic.log',
    format: { format: 'plain', description: 'synthetic', assumed_zone: null },
    reading: { gzip: false, bytes: records * 180, invalid_utf8_lines: 0, first_invalid_utf8_line: null, truncated_lines: 0, first_truncated_line: null, nul_bytes: 0 },
    baseline: { present: true, runs: 4, updated_at: iso(start - 86_400_000), note: 'compared with 4 earlier run(s) of synthetic.log' },
    floods,
    detectors: DEFAULT_ANALYSIS_CONFIG.detectors,
    llm: { provider: 'openai', model: 'gpt-4o-mini', candidates: 4000, calls: 3100, cache_hits: 900, tokens: { input: 1_200_000, output: 90_000 }, failures: { timeout: 2500 }, retries: 40, seconds: 612 },
  };
  return { summary, anomalies, templates, generatedAt: '2024-05-02T00:00:00.000Z' };
}

/**
 * Renders the large dashboard, loads it in Chromium and times it.
 * @param progress - where progress lines go.
 * @returns render ms (HTML build, best of RUNS after a warm-up), HTML bytes, load-to-interactive ms (navigation
 *   start to the page's ready mark, in the page's clock) and the time a search takes to show its rows.
 */
export async function benchDashboard(progress: (message: string) => void): Promise<object> {
  const input = syntheticDashboardInput();
  progress(`dashboard: rendering ${input.anomalies.length.toLocaleString('en')} anomalies, ${input.templates.length.toLocaleString('en')} templates`);
  let html = renderDashboard(input);
  const renders: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    html = renderDashboard(input);
    renders.push(performance.now() - started);
  }
  const dir = await mkdtemp(join(tmpdir(), 'loganomaly-dashboard-bench-'));
  const file = join(dir, 'synthetic.log.dashboard.html');
  await writeFile(file, html);
  const browser = await launchChromium();
  try {
    const loads: number[] = [];
    const searches: number[] = [];
    let heapMB = 0;
    for (let i = 0; i < RUNS; i++) {
      progress(`dashboard: load ${i + 1}/${RUNS}`);
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('html[data-ready=true]', { timeout: 60_000 });
      // Expressions as strings: this file is type-checked without the DOM library.
      loads.push(await page.evaluate<number>('window.__dashboardReadyMs'));
      const started = performance.now();
      await page.fill('#a-search', 'timeout retry');
      // A locator, not waitForFunction: the page's CSP forbids the eval a string predicate needs.
      await page.locator('#a-count', { hasText: /^[\d,]+ of / }).waitFor();
      searches.push(performance.now() - started);
      heapMB = await page.evaluate<number>('(performance.memory ? performance.memory.usedJSHeapSize : 0) / 1048576');
      await page.close();
    }
    const best = (xs: number[]): number => Math.round(Math.min(...xs));
    return {
      anomalies: input.anomalies.length,
      templates: input.templates.length,
      timelinePoints: input.summary.time_metrics.error_rate_per_minute.length,
      renderMs: best(renders),
      htmlBytes: Buffer.byteLength(html),
      loadToInteractiveMs: best(loads),
      // Includes the search box's debounce (150 ms on a page this size).
      searchMs: best(searches),
      jsHeapMB: Math.round(heapMB),
    };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await benchDashboard((message) => process.stderr.write(`bench: ${message}\n`));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
