import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_CONFIG } from '../../../shared/config/index.ts';
import { detectAnomalies, type DetectionInput } from '../../../shared/detection/index.ts';
import { byTime, columnsOf, steadyLog, type TestRecord } from '../../helpers/records.ts';

const START = Date.UTC(2024, 4, 1);
const MINUTE = 60_000;

/** Templates 0..n-1 named t0, t1, … plus any given texts after them. */
function inputOf(records: TestRecord[], texts: string[] = []): DetectionInput {
  const count = Math.max(...records.map((r) => r.template)) + 1;
  const templates = Array.from({ length: count }, (_, t) => ({ id: `id${t}`, text: texts[t] ?? `steady message number ${t} <*>` }));
  return { sourceFile: 'test.log', records: columnsOf(records), templates, components: ['api', 'db'] };
}

/** Records of one template at a fixed rate over [fromMinute, toMinute). */
function every(template: number, fromMinute: number, toMinute: number, perMinute: number, extra: Partial<TestRecord> = {}): TestRecord[] {
  const records: TestRecord[] = [];
  for (let m = fromMinute; m < toMinute; m++) {
    for (let k = 0; k < perMinute; k++) records.push({ template, timestampMs: START + m * MINUTE + ((k + 0.5) * MINUTE) / perMinute, level: 'INFO', ...extra });
  }
  return records;
}

const detectorsOnly = (...names: Array<keyof typeof DEFAULT_ANALYSIS_CONFIG.detectors>) => {
  const all = DEFAULT_ANALYSIS_CONFIG.detectors;
  return Object.fromEntries(Object.entries(all).map(([name, value]) => [name, { ...value, enabled: names.includes(name as never) }])) as typeof all;
};

describe('detectAnomalies', () => {
  it('finds nothing in a steady log', () => {
    const { anomalies } = detectAnomalies(inputOf(steadyLog(180, 100, 20)));
    expect(anomalies).toEqual([]);
  });

  it('reports a burst of one template once, with the lines of the burst windows', () => {
    // Prepare: template 20 at 3 a minute, then 60 a minute for minutes 100-104.
    const records = byTime(steadyLog(180, 100, 20), every(20, 0, 180, 3), every(20, 100, 105, 57));
    const input = inputOf(records);
    // Act
    const { anomalies } = detectAnomalies(input, detectorsOnly('bursts'));
    // Assess
    expect(anomalies).toHaveLength(1);
    const [burst] = anomalies;
    expect(burst).toMatchObject({ kind: 'template', template_id: 'id20', tags: ['burst'] });
    expect(burst!.count).toBe(300);
    expect(burst!.first_seen! >= new Date(START + 100 * MINUTE).toISOString()).toBe(true);
    expect(burst!.last_seen! < new Date(START + 105 * MINUTE).toISOString()).toBe(true);
    expect(burst!.detectors[0]).toMatchObject({ detector: 'burst', observed: 60 });
    expect(burst!.detectors[0]!.expected).toBeLessThan(6);
  });

  it('does not call a busier service a burst: every template rises together', () => {
    const records = byTime(steadyLog(180, 100, 20, 1), steadyLog(20, 900, 20, 2).map((r) => ({ ...r, timestampMs: r.timestampMs! + 90 * MINUTE })));
    const { anomalies } = detectAnomalies(inputOf(records), detectorsOnly('bursts'));
    expect(anomalies).toEqual([]);
  });

  it('reports a steady template that stops, with the lines logged while it was silent', () => {
    // Prepare: a heartbeat (template 20) every 10 s, missing from minute 60 to 80.
    const records = byTime(steadyLog(180, 100, 20), every(20, 0, 60, 6), every(20, 80, 180, 6));
    const input = inputOf(records);
    // Act
    const { anomalies } = detectAnomalies(input, detectorsOnly('silence'));
    // Assess
    expect(anomalies).toHaveLength(1);
    const [silence] = anomalies;
    expect(silence).toMatchObject({ template_id: 'id20', tags: ['silence'] });
    expect(silence!.count).toBeGreaterThan(1900);
    expect(silence!.count).toBeLessThan(2100);
    expect(silence!.detectors[0]!.expected).toBeGreaterThan(100);
  });

  it('does not call a template that logs now and then silent', () => {
    const now = (r: TestRecord) => Math.floor((r.timestampMs! - START) / MINUTE) % 5 === 0;
    const records = byTime(steadyLog(180, 100, 20), every(20, 0, 60, 1).filter(now), every(20, 80, 180, 1).filter(now));
    expect(detectAnomalies(inputOf(records), detectorsOnly('silence')).anomalies).toEqual([]);
  });

  it('scores a rare fatal template high and leaves rare informational ones unreported', () => {
    // Prepare
    const records = byTime(steadyLog(60, 100, 20), [
      { template: 20, timestampMs: START + 30 * MINUTE, level: 'FATAL' },
      { template: 21, timestampMs: START + 31 * MINUTE, level: 'INFO' },
    ]);
    // Act
    const { anomalies } = detectAnomalies(inputOf(records), detectorsOnly('rare'));
    // Assess
    expect(anomalies.map((a) => [a.template_id, a.severity])).toEqual([['id20', 'critical']]);
    expect(anomalies[0]!.score).toBeGreaterThanOrEqual(0.9);
  });

  it('reports an error template absent from the baseline, and nothing the baseline knows', () => {
    const records = byTime(steadyLog(60, 100, 20), every(20, 30, 60, 1, { level: 'ERROR' }));
    const input = { ...inputOf(records), knownTemplateIds: new Set(Array.from({ length: 20 }, (_, t) => `id${t}`)) };
    const { anomalies } = detectAnomalies(input, detectorsOnly('new_templates'));
    expect(anomalies.map((a) => a.template_id)).toEqual(['id20']);
    expect(anomalies[0]!.detectors[0]!.explanation).toMatch(/earlier run/);
    const known = { ...input, knownTemplateIds: new Set([...input.knownTemplateIds, 'id20']) };
    expect(detectAnomalies(known, detectorsOnly('new_templates')).anomalies).toEqual([]);
  });

  it('reports a parameter drifting far past its earlier range, with the lines beyond it', () => {
    // Prepare: template 20's latency between 40 and 59 ms, then climbing to 800 ms over the last half.
    const latency = every(20, 0, 180, 2).map((r, i, all) => {
      const late = i > all.length / 2 ? ((i - all.length / 2) / (all.length / 2)) * 800 : 0;
      return { ...r, numbers: [40 + ((i * 7) % 20) + late] };
    });
    const records = byTime(steadyLog(180, 50, 10), latency);
    // Act
    const { anomalies } = detectAnomalies(inputOf(records), detectorsOnly('drift'));
    // Assess
    expect(anomalies).toHaveLength(1);
    const beyond = latency.filter((r) => r.numbers![0]! > 59).length;
    expect(anomalies[0]!.count).toBe(beyond);
    expect(anomalies[0]!.detectors[0]).toMatchObject({ detector: 'drift', expected: 49.5 });
  });

  it('reports a flood as one span with its rate', () => {
    const records = byTime(steadyLog(30, 100, 20), every(20, 10, 13, 1000, { level: 'ERROR' }));
    const { anomalies, floods } = detectAnomalies(inputOf(records, Array(20).fill('').concat('Connection to <*> refused')), detectorsOnly('rolling_window'));
    expect(floods).toHaveLength(1);
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: 'flood', count: 3000, severity: 'high', tags: ['flood'] });
    expect(anomalies[0]!.detectors[0]!.details).toMatchObject({ window_size: 1000 });
    expect(anomalies[0]!.detectors[0]!.details!['rate_per_second']).toBeCloseTo(3000 / 180, 0);
  });

  it('reports a window whose template mix stands out, by LOF', () => {
    // Prepare: 300 minutes of the same mix; in minute 150 template 20 replaces most of the traffic.
    const records = byTime(steadyLog(300, 100, 10), every(20, 150, 151, 400));
    // Act
    const { anomalies } = detectAnomalies(inputOf(records), detectorsOnly('lof'));
    // Assess
    const windows = anomalies.filter((a) => a.kind === 'window');
    expect(windows.length).toBeGreaterThanOrEqual(1);
    expect(windows[0]!.template_id).toBe('id20');
    expect(windows[0]!.detectors[0]!.detector).toBe('lof');
  });

  it('merges the findings on one template into one anomaly, and gives the same ids on every run', () => {
    const records = byTime(steadyLog(60, 100, 20), every(20, 40, 60, 1, { level: 'ERROR' }).slice(0, 2));
    const baseline = new Set(Array.from({ length: 20 }, (_, t) => `id${t}`));
    const first = detectAnomalies({ ...inputOf(records), knownTemplateIds: baseline });
    const second = detectAnomalies({ ...inputOf(records), knownTemplateIds: baseline });
    const anomaly = first.anomalies.find((a) => a.template_id === 'id20')!;
    expect(anomaly.tags.sort()).toEqual(['new', 'rare']);
    expect(anomaly.score).toBeGreaterThan(Math.max(...anomaly.detectors.map((d) => d.score)));
    expect(second.anomalies.map((a) => a.id)).toEqual(first.anomalies.map((a) => a.id));
  });

  it('marks every line of the records an anomaly involves, multi-line records included', () => {
    const records = byTime(steadyLog(60, 100, 20), [{ template: 20, timestampMs: START + 30 * MINUTE, level: 'FATAL', lineCount: 4 }]);
    const input = inputOf(records);
    const { anomalies, recordScores } = detectAnomalies(input, detectorsOnly('rare'));
    const index = records.findIndex((r) => r.template === 20);
    const line = input.records.line[index]!;
    expect(anomalies[0]!.lines).toEqual([[line, line + 3]]);
    expect(recordScores[index]).toBeGreaterThan(0.5);
    expect(recordScores.filter((s) => s > 0)).toHaveLength(1);
  });

  it('reports records that carry a credential as a high-severity security anomaly, whatever their level', () => {
    const records = steadyLog(60, 100, 20);
    const input = { ...inputOf(records), secretKinds: new Map([[120, ['PASSWORD']], [480, ['PASSWORD', 'JWT']]]) };
    const { anomalies } = detectAnomalies(input, detectorsOnly());
    const leaks = anomalies.filter((a) => a.tags.includes('security'));
    expect(leaks.map((a) => a.severity)).toEqual(leaks.map(() => 'high'));
    expect(leaks.reduce((n, a) => n + a.count, 0)).toBe(2);
    expect(leaks.flatMap((a) => a.detectors.map((d) => d.explanation)).join(' ')).toMatch(/PASSWORD/);
  });

  it('raises a flood whose records carry a credential to high severity, as any anomaly that carries one', () => {
    // Prepare: an informational template floods, and every record of it logs a password.
    const records = byTime(steadyLog(30, 100, 20), every(20, 10, 13, 1000));
    const input = inputOf(records);
    const secretKinds = new Map<number, string[]>();
    records.forEach((r, i) => r.template === 20 && secretKinds.set(i, ['PASSWORD']));
    // Act
    const { anomalies } = detectAnomalies({ ...input, secretKinds }, detectorsOnly('rolling_window'));
    // Assess
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: 'flood', severity: 'high' });
    expect(anomalies[0]!.tags).toEqual(['flood', 'security']);
  });

  it('leaves a rare template that first appears late to the rare detector when there is no baseline', () => {
    const records = byTime(steadyLog(60, 100, 20), [{ template: 20, timestampMs: START + 50 * MINUTE, level: 'WARN' }]);
    const { anomalies } = detectAnomalies(inputOf(records), detectorsOnly('rare', 'new_templates'));
    expect(anomalies).toEqual([]);
  });

  it('analyses a log without timestamps by record windows', () => {
    const records = steadyLog(60, 100, 20).map(({ timestampMs: _, ...r }) => r);
    records.splice(3000, 0, ...Array.from({ length: 2000 }, () => ({ template: 20, level: 'ERROR' as const })));
    const { anomalies } = detectAnomalies(inputOf(records));
    expect(anomalies.some((a) => a.kind === 'flood' && a.template_id === 'id20')).toBe(true);
    expect(anomalies.every((a) => a.timestamp === null)).toBe(true);
  });
});
