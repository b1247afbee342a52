/**
 * The bundled sample log, analysed as `npm start` does: every summary number is counted here again from the raw
 * text with plain string handling (not the parser), and the incident the sample tells (a database connection
 * flood, a brute-force run, an SQL injection attempt, two leaked credentials) comes out as anomalies.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loganomaly } from '../helpers/cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'samples/service.log');

interface Anomaly {
  kind: string;
  template: string;
  log: string;
  lines: [number, number][];
  tags: string[];
  severity: string;
  count: number;
  detectors: { detector: string; explanation: string }[];
}

let out: string;
let summary: Record<string, any>;
let anomalies: Anomaly[];
const raw = readFileSync(SAMPLE, 'utf8').replace(/\n$/, '').split('\n');
const labels = JSON.parse(readFileSync(join(ROOT, 'samples/service.labels.json'), 'utf8')) as { labels: Record<string, [number, number][]> };

/** Records by hand: a line that starts with a timestamp starts a record; any other line continues the one above. */
const HEADER = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\w+) \[[^\]]+\] ([^:]+):/;
const records = raw.flatMap((line) => {
  const m = HEADER.exec(line);
  return m ? [{ time: m[1]!, level: m[2]!, component: m[3]! }] : [];
});

function linesOf(ranges: readonly [number, number][]): Set<number> {
  const lines = new Set<number>();
  for (const [first, last] of ranges) for (let l = first; l <= last; l++) lines.add(l);
  return lines;
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'loganomaly-sample-'));
  const result = await loganomaly(['analyze', '--input', SAMPLE, '--output', out]);
  if (result.code !== 0) throw new Error(`analyze failed: ${result.stderr}`);
  summary = JSON.parse(readFileSync(join(out, 'service.log.summary.json'), 'utf8'));
  anomalies = JSON.parse(readFileSync(join(out, 'service.log.anomalies.json'), 'utf8')) as Anomaly[];
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('Sample: samples/service.log', () => {
  it('counts lines, records and levels as a hand count does', () => {
    const levels: Record<string, number> = {};
    for (const r of records) levels[r.level] = (levels[r.level] ?? 0) + 1;
    expect(summary['original_log_count']).toBe(raw.length);
    expect(summary['processed_log_count']).toBe(records.length);
    expect(summary['log_severity_summary']).toEqual(levels);
    const errors = records.filter((r) => r.level === 'ERROR' || r.level === 'FATAL').length;
    expect(summary['time_metrics']['error_rate']).toBeCloseTo(errors / records.length, 6);
  });

  it('measures time as a hand count does', () => {
    const times = records.map((r) => Date.parse(r.time));
    const perMinute = new Map<string, number>();
    for (const r of records) perMinute.set(r.time.slice(0, 16), (perMinute.get(r.time.slice(0, 16)) ?? 0) + 1);
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    expect(summary['time_metrics']['time_span_seconds']).toBeCloseTo(span, 3);
    expect(summary['time_metrics']['logs_per_second']).toBeCloseTo(records.length / span, 3);
    expect(summary['time_metrics']['peak_rate_per_minute']).toBe(Math.max(...perMinute.values()));
    const series = summary['time_metrics']['error_rate_per_minute'] as { minute: string; logs: number; errors: number }[];
    expect(series).toHaveLength(perMinute.size);
    for (const point of series) expect(point.logs).toBe(perMinute.get(point.minute.slice(0, 16)));
  });

  it('counts components as a hand count does', () => {
    const components = new Map<string, number>();
    for (const r of records) components.set(r.component, (components.get(r.component) ?? 0) + 1);
    expect(summary['component_metrics']['unique_components']).toBe(components.size);
    const top = summary['component_metrics']['top_components'][0];
    expect(top.count).toBe(Math.max(...components.values()));
  });

  it('reports the flood of database connection failures once, on exactly its lines, with its rate', () => {
    const floods = anomalies.filter((a) => a.kind === 'flood');
    expect(floods).toHaveLength(1);
    expect(floods[0]!.template).toMatch(/Connection to db-primary:<\*> refused/);
    expect(floods[0]!.severity).toBe('high');
    expect(linesOf(floods[0]!.lines)).toEqual(linesOf(labels.labels['flood']!));
    expect(floods[0]!.detectors[0]!.explanation).toMatch(/per second/);
    expect(summary['volume_stats']['top_templates'][0].count).toBe(linesOf(labels.labels['flood']!).size);
  });

  it('reports the brute-force run, the SQL injection attempt and the two leaked credentials', () => {
    const flagged = new Set(anomalies.flatMap((a) => [...linesOf(a.lines)]));
    for (const kind of ['brute_force', 'sql_injection', 'credential_in_url', 'aws_access_key']) {
      for (const line of linesOf(labels.labels[kind]!)) expect(flagged.has(line), `${kind} line ${line}`).toBe(true);
    }
    const leaks = anomalies.filter((a) => a.detectors.some((d) => d.detector === 'security'));
    expect(leaks.map((a) => a.lines[0]![0]).sort((a, b) => a - b)).toEqual([168, 2710]);
  });

  it('lists security findings by kind and line, and never writes a secret', () => {
    expect(summary['security']['by_kind']['AWS_ACCESS_KEY']).toEqual({ count: 1, lines: [2710], lines_truncated: false });
    expect(summary['security']['by_kind']['PASSWORD']).toMatchObject({ lines: [168] });
    const secretKey = /AKIA[0-9A-Z]{16}/.exec(raw[2709]!)![0];
    const password = /orders_app:([^@]+)@/.exec(raw[167]!)![1]!;
    for (const file of ['service.log.summary.json', 'service.log.anomalies.json']) {
      const text = readFileSync(join(out, file), 'utf8');
      expect(text).not.toContain(secretKey);
      expect(text).not.toContain(password);
    }
  });

  it('says it had no baseline on a first run', () => {
    expect(summary['baseline']).toMatchObject({ present: false });
    expect(summary['baseline']['note']).toMatch(/no baseline/);
  });
});
