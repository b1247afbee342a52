import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANOMALY_KIND_LIST,
  ANOMALY_KINDS,
  generateScenarios,
  labelFlags,
  MIXED,
  renderSampleLog,
  renderScenario,
  SCENARIO_NAMES,
  SECURITY_FINDINGS,
} from '../../../bench/anomaly-scenarios.ts';
import type { AnomalyKind, InjectedAnomaly, LabelsFile, LineRange, Scenario } from '../../../bench/anomaly-scenarios.ts';

/** One file read back: its lines, and per line the time of the record it belongs to and whether it starts one. */
interface ReadBack {
  readonly lines: readonly string[];
  readonly timeMs: Float64Array;
  readonly recordStart: Uint8Array;
}

const ISO_HEAD = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})/;
const BRACKET_HEAD = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}),(\d{3})\]/;

/** Parses the record times of any of the generator's formats; a line without a header continues the record above. */
function readBack(text: string): ReadBack {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const timeMs = new Float64Array(lines.length);
  const recordStart = new Uint8Array(lines.length);
  let current = Number.NaN;
  lines.forEach((line, i) => {
    let m: RegExpExecArray | null;
    if ((m = ISO_HEAD.exec(line)) !== null) current = Date.parse(`${m[1]}Z`);
    else if ((m = BRACKET_HEAD.exec(line)) !== null) current = Date.parse(`${m[1]}T${m[2]}.${m[3]}Z`);
    else if (line.startsWith('{')) current = Date.parse((JSON.parse(line) as { ts: string }).ts);
    else {
      timeMs[i] = current;
      return;
    }
    timeMs[i] = current;
    recordStart[i] = 1;
  });
  return { lines, timeMs, recordStart };
}

function lineNumbers(ranges: readonly LineRange[] | undefined): number[] {
  const out: number[] = [];
  for (const [first, last] of ranges ?? []) for (let line = first; line <= last; line++) out.push(line);
  return out;
}

/** 1-based numbers of the lines that start a record matching `signature`. */
function matching(file: ReadBack, signature: RegExp): number[] {
  const out: number[] = [];
  file.lines.forEach((line, i) => {
    if (file.recordStart[i] === 1 && signature.test(line)) out.push(i + 1);
  });
  return out;
}

/** Every physical line of the records that start at the given lines. */
function recordLines(file: ReadBack, starts: readonly number[]): number[] {
  const out: number[] = [];
  for (const start of starts) {
    out.push(start);
    for (let i = start; i < file.lines.length && file.recordStart[i] === 0; i++) out.push(i + 1);
  }
  return out;
}

const injection = (s: Scenario, kind: AnomalyKind): InjectedAnomaly => s.injected.find((i) => i.kind === kind)!;
const withKind = (scenarios: readonly Scenario[], kind: AnomalyKind): Scenario[] => scenarios.filter((s) => s.labels.has(kind) || s.injected.some((i) => i.kind === kind));

let dir: string;
let scenarios: Scenario[];
const files = new Map<string, ReadBack>();
const read = (s: Scenario): ReadBack => {
  let file = files.get(s.name);
  if (file === undefined) files.set(s.name, (file = readBack(readFileSync(s.file, 'utf8'))));
  return file;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'anomaly-scenarios-'));
  scenarios = await generateScenarios(dir);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Module: anomaly-scenarios', () => {
  describe('Function: generateScenarios', () => {
    it('writes two single-kind files per anomaly kind and two mixed files, each 50k-150k lines', () => {
      // Assess
      expect(scenarios.map((s) => s.name)).toEqual(SCENARIO_NAMES);
      for (const kind of ANOMALY_KIND_LIST) expect(scenarios.filter((s) => s.kind === kind)).toHaveLength(2);
      expect(scenarios.filter((s) => s.kind === MIXED)).toHaveLength(2);
      for (const s of scenarios) {
        expect(s.lineCount, s.name).toBeGreaterThanOrEqual(50_000);
        expect(s.lineCount, s.name).toBeLessThanOrEqual(150_000);
        expect(read(s).lines.length, s.name).toBe(s.lineCount);
        const expected = s.kind === MIXED ? ANOMALY_KIND_LIST : [s.kind];
        expect([...s.labels.keys()].sort(), s.name).toEqual([...expected].sort());
      }
    });

    it('writes each file\'s labels beside it, matching the returned scenario', () => {
      for (const s of scenarios) {
        // Act
        const written = JSON.parse(readFileSync(`${s.file}.labels.json`, 'utf8')) as LabelsFile;
        // Assess
        expect(written).toMatchObject({ name: s.name, kind: s.kind, seed: s.seed, lineCount: s.lineCount });
        expect(new Map(Object.entries(written.labels))).toEqual(new Map([...s.labels].map(([k, v]) => [k, v])));
      }
    });

    it('reuses cached files instead of writing them again', async () => {
      // Prepare
      const before = scenarios.map((s) => statSync(s.file).mtimeMs);
      // Act
      const again = await generateScenarios(dir);
      // Assess
      expect(again).toEqual(scenarios);
      expect(again.map((s) => statSync(s.file).mtimeMs)).toEqual(before);
    });

    it('gives the same bytes for the same seed and other bytes for another seed', () => {
      // Prepare
      const s = scenarios.find((x) => x.name === 'drift-worker')!;
      // Act
      const same = renderScenario(s.name);
      const other = renderScenario(s.name, s.seed + 1);
      // Assess
      expect(same.text === readFileSync(s.file, 'utf8')).toBe(true);
      expect(other.text === same.text).toBe(false);
    });

    it('keeps normal data noisy: unlabelled WARN and ERROR lines, and normal templates that occur only a few times', () => {
      for (const s of scenarios.filter((x) => x.name.endsWith('-orders') || x.name.endsWith('-gateway') || x.name.endsWith('-worker'))) {
        // Prepare
        const file = read(s);
        const labelled = labelFlags(s.labels, s.lineCount);
        // Act
        let errors = 0;
        file.lines.forEach((line, i) => {
          if (labelled[i] === 0 && file.recordStart[i] === 1 && /\b(ERROR|WARN|error|warn)\b/.test(line.slice(0, 80))) errors++;
        });
        // Assess: between 0.5% and 20% of the lines, as in a real service.
        expect(errors / s.lineCount, s.name).toBeGreaterThan(0.005);
        expect(errors / s.lineCount, s.name).toBeLessThan(0.2);
      }
      // A certificate warning appears a handful of times in a gateway file, and is not labelled.
      const gateway = scenarios.find((x) => x.name === 'burst-gateway')!;
      const rare = matching(read(gateway), /certificate for api\.acme\.com expires in/);
      expect(rare.length).toBeGreaterThanOrEqual(1);
      expect(rare.length).toBeLessThanOrEqual(6);
    });
  });

  describe('Labels', () => {
    it('label exactly the records of the injected template, whole, for flood, burst, new_error and rare_fatal', () => {
      for (const kind of [ANOMALY_KINDS.flood, ANOMALY_KINDS.burst, ANOMALY_KINDS.newError, ANOMALY_KINDS.rareFatal]) {
        for (const s of withKind(scenarios, kind)) {
          // Prepare
          const file = read(s);
          const inj = s.injected.filter((i) => i.kind === kind);
          const starts = inj.flatMap((i) => matching(file, new RegExp(i.signature)))
            .filter((line) => {
              const time = file.timeMs[line - 1] as number;
              if (kind === ANOMALY_KINDS.flood) return time >= Date.parse(inj[0]!.from) && time <= Date.parse(inj[0]!.to);
              if (kind === ANOMALY_KINDS.burst) return time >= Date.parse(inj[0]!.from) && time < Date.parse(inj[0]!.to);
              return true;
            });
          // Act
          const expected = recordLines(file, [...new Set(starts)].sort((a, b) => a - b));
          // Assess
          expect(lineNumbers(s.labels.get(kind)), `${s.name} ${kind}`).toEqual(expected);
          expect(expected.length, `${s.name} ${kind}`).toBeGreaterThan(0);
        }
      }
    });

    it('make the flood at least 90% of the lines of its span, over several thousand lines', () => {
      for (const s of withKind(scenarios, ANOMALY_KINDS.flood)) {
        // Prepare
        const flood = lineNumbers(s.labels.get(ANOMALY_KINDS.flood));
        // Act
        const span = flood[flood.length - 1]! - flood[0]! + 1;
        // Assess
        expect(flood.length, s.name).toBeGreaterThanOrEqual(5000);
        expect(flood.length / span, s.name).toBeGreaterThanOrEqual(0.9);
      }
    });

    it('make a burst 8-20 times the template\'s usual rate for a few minutes, well under 75% of the lines', () => {
      for (const s of withKind(scenarios, ANOMALY_KINDS.burst)) {
        // Prepare
        const file = read(s);
        const inj = injection(s, ANOMALY_KINDS.burst);
        const from = Date.parse(inj.from);
        const to = Date.parse(inj.to);
        const all = matching(file, new RegExp(inj.signature));
        const burst = lineNumbers(s.labels.get(ANOMALY_KINDS.burst));
        // Act
        const fileMs = (file.timeMs[file.lines.length - 1] as number) - (file.timeMs[0] as number);
        const insideRate = burst.length / (to - from);
        const outsideRate = (all.length - burst.length) / (fileMs - (to - from));
        const linesInPeriod = file.timeMs.filter((t) => t >= from && t < to).length;
        // Assess
        expect(insideRate / outsideRate, s.name).toBeGreaterThan(6);
        expect(insideRate / outsideRate, s.name).toBeLessThan(25);
        expect(burst.length / linesInPeriod, s.name).toBeLessThan(0.5);
        expect((to - from) / 60_000, s.name).toBeGreaterThanOrEqual(3);
      }
    });

    it('have no line of the silenced template inside the silent interval, and label every line in it', () => {
      for (const s of withKind(scenarios, ANOMALY_KINDS.silence)) {
        // Prepare
        const file = read(s);
        const inj = injection(s, ANOMALY_KINDS.silence);
        const from = Date.parse(inj.from);
        const to = Date.parse(inj.to);
        const times = matching(file, new RegExp(inj.signature)).map((line) => file.timeMs[line - 1] as number);
        // Act
        const inside: number[] = [];
        file.timeMs.forEach((t, i) => {
          if (t >= from && t < to) inside.push(i + 1);
        });
        // Assess
        expect((to - from) / 60_000, s.name).toBeGreaterThanOrEqual(10);
        expect((to - from) / 60_000, s.name).toBeLessThanOrEqual(30);
        expect(times.filter((t) => t >= from && t < to), s.name).toEqual([]);
        expect(times.filter((t) => t < from).length, s.name).toBeGreaterThan(100);
        expect(times.filter((t) => t >= to).length, s.name).toBeGreaterThan(100);
        expect(lineNumbers(s.labels.get(ANOMALY_KINDS.silence)), s.name).toEqual(inside);
      }
    });

    it('label the drifting template\'s lines whose value exceeds its maximum before the drift, which grows 10x', () => {
      for (const s of withKind(scenarios, ANOMALY_KINDS.drift)) {
        // Prepare
        const file = read(s);
        const inj = injection(s, ANOMALY_KINDS.drift);
        const signature = new RegExp(inj.signature);
        const from = Date.parse(inj.from);
        const points = matching(file, signature).map((line) => ({ line, time: file.timeMs[line - 1] as number, value: Number(signature.exec(file.lines[line - 1]!)![1]) }));
        const before = points.filter((p) => p.time < from);
        const after = points.filter((p) => p.time >= from);
        const maxBefore = Math.max(...before.map((p) => p.value));
        const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        // Act
        const expected = after.filter((p) => p.value > maxBefore).map((p) => p.line);
        const growth = median(after.slice(-Math.ceil(points.length / 20)).map((p) => p.value)) / median(before.map((p) => p.value));
        // Assess
        expect(lineNumbers(s.labels.get(ANOMALY_KINDS.drift)), s.name).toEqual(expected);
        expect(expected.length, s.name).toBeGreaterThan(30);
        expect(growth, s.name).toBeGreaterThanOrEqual(10);
      }
    });

    it('put rare_fatal and new_error templates nowhere but in their labelled records, new_error only after its start', () => {
      for (const kind of [ANOMALY_KINDS.rareFatal, ANOMALY_KINDS.newError]) {
        for (const s of withKind(scenarios, kind)) {
          // Prepare
          const file = read(s);
          const labelled = new Set(lineNumbers(s.labels.get(kind)));
          for (const inj of s.injected.filter((i) => i.kind === kind)) {
            // Act
            const signature = new RegExp(inj.signature);
            const anywhere = file.lines.flatMap((line, i) => (signature.test(line) ? [i + 1] : []));
            // Assess
            expect(anywhere.every((line) => labelled.has(line)), `${s.name} ${inj.signature}`).toBe(true);
            expect(anywhere.every((line) => (file.timeMs[line - 1] as number) >= Date.parse(inj.from)), s.name).toBe(true);
          }
          if (kind === ANOMALY_KINDS.newError) expect(labelled.size, s.name).toBeGreaterThanOrEqual(30);
        }
      }
    });
  });

  describe('Function: writeSampleLog', () => {
    it('has been run: samples/service.log is the sample generator\'s output', () => {
      // Act
      const sample = renderSampleLog();
      // Assess
      const onDisk = readFileSync(join(import.meta.dirname, '../../../samples/service.log'), 'utf8');
      expect(onDisk === sample.text).toBe(true);
      const labels = JSON.parse(readFileSync(join(import.meta.dirname, '../../../samples/service.labels.json'), 'utf8')) as LabelsFile;
      expect(new Map(Object.entries(labels.labels))).toEqual(new Map(sample.labels));
    });

    it('tells the incident story: a flood within 1000 lines at 75% share, and each security finding', () => {
      // Prepare
      const sample = renderSampleLog();
      const file = readBack(sample.text);
      const flood = labelFlags(sample.labels, sample.lineCount, ANOMALY_KINDS.flood);
      // Act
      let best = 0;
      let inWindow = 0;
      for (let i = 0; i < flood.length; i++) {
        inWindow += flood[i]! - (i >= 1000 ? flood[i - 1000]! : 0);
        best = Math.max(best, inWindow);
      }
      const linesOf = (key: string): string[] => lineNumbers(sample.labels.get(key)).map((line) => file.lines[line - 1]!);
      // Assess
      expect(sample.lineCount).toBe(3000);
      expect(best / 1000).toBeGreaterThanOrEqual(0.75);
      expect(linesOf(ANOMALY_KINDS.flood).every((l) => /ERROR \[.*\] c\.z\.h\.p\.HikariPool: HikariPool-1 - Connection to db-primary:5432 refused, retrying in \d+ms \(attempt \d\/5\)$/.test(l))).toBe(true);
      const brute = linesOf(SECURITY_FINDINGS.bruteForce);
      expect(brute.length).toBeGreaterThanOrEqual(10);
      expect(brute.every((l) => /sshd: Failed password for invalid user \S+ from 203\.0\.113\.77 port \d+ ssh2$/.test(l))).toBe(true);
      expect(linesOf(SECURITY_FINDINGS.sqlInjection)).toEqual([expect.stringMatching(/WARN .*Possible SQL injection attempt blocked .*UNION SELECT/)]);
      expect(linesOf(SECURITY_FINDINGS.credentialInUrl)).toEqual([expect.stringMatching(/postgresql:\/\/orders_app:[^@\s]+@db-replica:5432/)]);
      expect(linesOf(SECURITY_FINDINGS.awsAccessKey)).toEqual([expect.stringMatching(/\bAKIA[A-Z0-9]{16}\b/)]);
    });
  });
});
