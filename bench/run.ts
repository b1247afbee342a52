/**
 * `npm run bench`: throughput, memory and accuracy benchmarks, printed as one JSON document on stdout.
 *
 * These are benchmarks, not timed tests: nothing fails on a slow machine. Speed is judged as a ratio to a
 * baseline measured in the same process on the same file, and memory as a ratio between two file sizes, so
 * the figures mean the same on a laptop and on a CI runner. Targets and pass/fail sit next to each figure.
 *
 * Options: `--only throughput,memory,accuracy,analyze,detection,llm,security,dashboard`, `--lines N` (throughput file, default 1,000,000),
 * `--gb N` (memory's big file, default 1), `--data DIR` (accuracy data, default `../shared/data/loghub-2k`
 * from the repo root). Progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mineFile } from '../shared/mining/index.ts';
import { runAccuracy } from './accuracy.ts';
import { benchAnalyze } from './analyze.ts';
import { benchDashboard } from './dashboard.ts';
import { benchDetection } from './detection.ts';
import { benchLlm } from './llm.ts';
import { ensureLogFile } from './generate.ts';
import type { MineWorkerResult } from './mine-worker.ts';
import { readSplit } from './read-split.ts';
import { runSecurityBench } from './security.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('./mine-worker.ts', import.meta.url));
const MB = 1024 * 1024;
const GB = 1024 * MB;

/** The benchmarks `--only` can select. */
const SECTIONS = ['throughput', 'memory', 'accuracy', 'analyze', 'detection', 'llm', 'security', 'dashboard'] as const;
type Section = (typeof SECTIONS)[number];

/** Timed runs of each loop after the warm-up; the best one is reported. */
const RUNS = 5;
/** Size of memory's small file; the big one is `--gb` GB. */
const SMALL_BYTES = 100 * MB;

/** What we aim for; a miss is reported, never thrown. */
const TARGETS = {
  /** Mining throughput on the generated file. */
  miningLinesPerSecond: 1_000_000,
  /** Mining throughput over the read-and-split baseline's. */
  ratio: 0.6,
  /** Peak RSS mining the big file. */
  bigPeakRssMB: 512,
  /**
   * Peak RSS on the big file over the small one's. Bounded memory means ~1.0; the slack absorbs V8 heap sizing,
   * which varies by some tens of MB from run to run.
   */
  maxPeakRatio: 1.2,
} as const;

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/** Runs `work` once and returns its result and wall time in seconds. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

async function fileInfo(file: string): Promise<{ path: string; bytes: number }> {
  return { path: relative(REPO_ROOT, file), bytes: (await stat(file)).size };
}

/**
 * Mining and the read-and-split baseline on the same file, interleaved after one warm-up run of each, so both
 * see the same JIT state, page cache and machine load.
 */
async function benchThroughput(lines: number): Promise<object> {
  const file = await ensureLogFile({ lines });
  progress('throughput: warm-up');
  await readSplit(file);
  await mineFile(file);
  const readRuns: number[] = [];
  const mineRuns: number[] = [];
  let baseline = { lines: 0, tokens: 0 };
  let mined = { lines: 0, records: 0, templates: 0 };
  for (let i = 1; i <= RUNS; i++) {
    const read = await timed(() => readSplit(file));
    baseline = read.result;
    readRuns.push(read.result.lines / read.seconds);
    const mine = await timed(() => mineFile(file));
    mined = mine.result;
    mineRuns.push(mine.result.lines / mine.seconds);
    progress(`throughput: run ${i}/${RUNS}: readSplit ${Math.round(readRuns.at(-1) ?? 0)} lines/s, mining ${Math.round(mineRuns.at(-1) ?? 0)} lines/s`);
  }
  const mining = Math.max(...mineRuns);
  const readSplitBest = Math.max(...readRuns);
  const ratio = mining / readSplitBest;
  return {
    file: { ...(await fileInfo(file)), lines: baseline.lines },
    statistic: `best of ${RUNS} runs after 1 warm-up run`,
    mining: { linesPerSecond: round(mining), runs: mineRuns.map((x) => round(x)), lines: mined.lines, records: mined.records, templates: mined.templates },
    readSplit: { linesPerSecond: round(readSplitBest), runs: readRuns.map((x) => round(x)), tokens: baseline.tokens },
    ratio: round(ratio, 3),
    targets: { miningLinesPerSecond: TARGETS.miningLinesPerSecond, ratio: TARGETS.ratio },
    pass: { miningLinesPerSecond: mining >= TARGETS.miningLinesPerSecond, ratio: ratio >= TARGETS.ratio },
  };
}

/** Mines `file` in a fresh child process and returns what it printed. */
function runWorker(file: string): Promise<MineWorkerResult> {
  return new Promise((resolvePromise, reject) => {
    // execArgv is passed on so flags given to the parent (say --max-old-space-size) apply to what is measured.
    const child = spawn(process.execPath, [...process.execArgv, WORKER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`mine-worker exited with code ${code} on ${file}`));
      else resolvePromise(JSON.parse(out) as MineWorkerResult);
    });
  });
}

/** Peak RSS mining a small and a big file, each in its own process; equal peaks mean memory is bounded. */
async function benchMemory(bigGb: number): Promise<object> {
  const sizes = { small: SMALL_BYTES, big: Math.round(bigGb * GB) };
  const results: Record<string, object> = {};
  const peaks: Record<string, number> = {};
  for (const [name, bytes] of Object.entries(sizes)) {
    const file = await ensureLogFile({ bytes });
    progress(`memory: mining ${relative(REPO_ROOT, file)} in a child process`);
    const r = await runWorker(file);
    const peakRssMB = r.maxRssBytes / MB;
    peaks[name] = peakRssMB;
    results[name] = {
      file: await fileInfo(file),
      lines: r.lines,
      records: r.records,
      templates: r.templates,
      seconds: round(r.seconds, 2),
      linesPerSecond: round(r.lines / r.seconds),
      peakRssMB: round(peakRssMB, 1),
    };
  }
  const big = peaks.big ?? NaN;
  const peakRatio = big / (peaks.small ?? NaN);
  return {
    ...results,
    peakRatio: round(peakRatio, 3),
    targets: { bigPeakRssMB: TARGETS.bigPeakRssMB, maxPeakRatio: TARGETS.maxPeakRatio },
    pass: { bigPeakRssMB: big < TARGETS.bigPeakRssMB, peakRatio: peakRatio <= TARGETS.maxPeakRatio },
  };
}

async function benchAccuracy(dataDir: string): Promise<object | null> {
  progress(`accuracy: ${dataDir}`);
  return runAccuracy(dataDir);
}

function parseOptions(): { only: Set<Section>; lines: number; gb: number; dataDir: string } {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, lines: { type: 'string' }, gb: { type: 'string' }, data: { type: 'string' } },
  });
  const only = new Set<Section>();
  for (const name of (values.only ?? SECTIONS.join(',')).split(',')) {
    if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`--only: unknown benchmark "${name}"; expected ${SECTIONS.join(', ')}`);
    only.add(name as Section);
  }
  const lines = Number(values.lines ?? 1_000_000);
  if (!Number.isInteger(lines) || lines <= 0) throw new Error(`--lines: expected a positive integer, got "${values.lines}"`);
  const gb = Number(values.gb ?? 1);
  if (!(gb > 0)) throw new Error(`--gb: expected a positive number, got "${values.gb}"`);
  const dataDir = values.data !== undefined ? resolve(values.data) : resolve(REPO_ROOT, '../shared/data/loghub-2k');
  return { only, lines, gb, dataDir };
}

const options = parseOptions();
const report: Record<string, unknown> = {
  node: process.version,
  cpus: cpus().length,
  startedAt: new Date().toISOString(),
};
const benches: Record<Section, () => Promise<object | null>> = {
  throughput: () => benchThroughput(options.lines),
  memory: () => benchMemory(options.gb),
  accuracy: () => benchAccuracy(options.dataDir),
  analyze: () => benchAnalyze(options.lines, progress),
  detection: () => benchDetection(progress),
  llm: () => benchLlm(options.dataDir, progress),
  security: () => runSecurityBench(),
  dashboard: () => benchDashboard(progress),
};
let failed = false;
for (const section of SECTIONS) {
  if (!options.only.has(section)) continue;
  // One benchmark failing still leaves the others' figures in the report; the exit code says something broke.
  try {
    report[section] = await benches[section]();
  } catch (error) {
    failed = true;
    progress(`${section} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    report[section] = { error: error instanceof Error ? error.message : String(error) };
  }
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
if (failed) process.exitCode = 1;
