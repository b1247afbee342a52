/** Builds record columns for detector tests without reading a file. */
import { NUMBER_SLOTS, type RecordColumns } from '../../shared/detection/index.ts';
import { LEVELS, type Level } from '../../shared/parsing/index.ts';
import { seededRandom } from '../../bench/rng.ts';

/** A seeded PRNG (bench/rng.ts), so generated test logs are the same on every run. */
export { seededRandom };

/** One record of a test log. */
export interface TestRecord {
  template: number;
  timestampMs?: number;
  level?: Level;
  component?: number;
  numbers?: number[];
  lineCount?: number;
}

/** Columns for `records`, lines numbered from 1 in order. */
export function columnsOf(records: readonly TestRecord[]): RecordColumns {
  const n = records.length;
  const columns = {
    size: n,
    template: new Int32Array(n),
    line: new Int32Array(n),
    lineCount: new Int32Array(n),
    timestampMs: new Float64Array(n),
    level: new Uint8Array(n),
    component: new Int32Array(n),
    numbers: new Float32Array(n * NUMBER_SLOTS).fill(Number.NaN),
  };
  let line = 1;
  records.forEach((r, i) => {
    columns.template[i] = r.template;
    columns.line[i] = line;
    columns.lineCount[i] = r.lineCount ?? 1;
    line += r.lineCount ?? 1;
    columns.timestampMs[i] = r.timestampMs ?? Number.NaN;
    columns.level[i] = r.level === undefined ? 0 : LEVELS.indexOf(r.level) + 1;
    columns.component[i] = r.component ?? -1;
    (r.numbers ?? []).slice(0, NUMBER_SLOTS).forEach((v, k) => (columns.numbers[i * NUMBER_SLOTS + k] = v));
  });
  return columns;
}


/**
 * A steady background: `perMinute` records a minute for `minutes`, templates 0..templates-1 in turn with
 * a little jitter, starting at 2024-05-01T00:00Z.
 */
export function steadyLog(minutes: number, perMinute: number, templates: number, seed = 1): TestRecord[] {
  const random = seededRandom(seed);
  const start = Date.UTC(2024, 4, 1);
  const records: TestRecord[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < perMinute; k++) {
      records.push({ template: Math.floor(random() * templates), timestampMs: start + m * 60_000 + (k * 60_000) / perMinute, level: 'INFO' });
    }
  }
  return records;
}

/** Merges record lists by time, as one log. */
export function byTime(...lists: TestRecord[][]): TestRecord[] {
  return lists.flat().sort((a, b) => (a.timestampMs ?? 0) - (b.timestampMs ?? 0));
}
