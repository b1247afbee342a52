/**
 * Child process of the memory benchmark: mines one file and prints its peak RSS as one JSON line on stdout.
 * It runs in a fresh process so the peak belongs to this file alone, not to whatever the parent did before.
 *
 * Usage: `node bench/mine-worker.ts <file>`.
 */
import { mineFile } from '../shared/mining/index.ts';

/** What the worker prints. */
export interface MineWorkerResult {
  /** Lines, records and templates mineFile reported. */
  lines: number;
  records: number;
  templates: number;
  /** Wall time of mineFile, in seconds. */
  seconds: number;
  /** Peak resident set size of the whole process, in bytes. */
  maxRssBytes: number;
}

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node bench/mine-worker.ts <file>\n');
  process.exit(2);
}
const started = performance.now();
const mined = await mineFile(file);
const seconds = (performance.now() - started) / 1000;
const result: MineWorkerResult = {
  lines: mined.lines,
  records: mined.records,
  templates: mined.templates,
  seconds,
  // resourceUsage reports maxRSS in kilobytes.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
