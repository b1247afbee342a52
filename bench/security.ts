/**
 * The secret scanner's benchmark: throughput over realistic log lines, and recall and false positives of
 * redaction over a corpus of planted secrets (bench/secret-corpus.ts).
 *
 * Throughput is judged as a ratio to a baseline measured in the same process over the same lines, a loop that
 * only does `line.split(' ')`, so the figure means the same on a laptop and on a CI runner.
 *
 * Usage as a script: `node bench/security.ts [--lines N]` prints the report as JSON.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { redactSecrets, scanSecrets } from '../shared/security/index.ts';
import type { SecretKind } from '../shared/security/index.ts';
import { ensureLogFile } from './generate.ts';
import { buildCleanLookalikes, buildSecretCorpus, secretLeaked } from './secret-corpus.ts';
import type { CorpusFormat } from './secret-corpus.ts';

/** What the benchmark does. */
export interface SecurityBenchOptions {
  /**
   * Lines of generated log to time the scanner on.
   * @default 200000
   */
  lines?: number;
}

/** The defaults of SecurityBenchOptions. */
export const DEFAULT_SECURITY_BENCH_OPTIONS: Required<SecurityBenchOptions> = { lines: 200_000 };

/** Timed runs of each loop after the warm-up; the best one is reported. */
const RUNS = 5;
/** Every SECRET_EVERY-th line of the throughput set is replaced by a line with a planted secret (1%). */
const SECRET_EVERY = 100;

/** What we aim for; a miss is reported, never thrown. */
const TARGETS = {
  /** Share of planted secrets gone from the redacted corpus. */
  recallPercent: 99,
  /** Share of clean look-alike lines in which something is found. */
  maxFalsePositivePercent: 5,
  /** Scan throughput over the split baseline's. */
  ratio: 0.5,
} as const;

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/** Generated log lines with 1% of them replaced by single-line records holding a planted secret. */
async function throughputLines(count: number): Promise<string[]> {
  const file = await ensureLogFile({ lines: count });
  const lines = (await readFile(file, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const planted = buildSecretCorpus({ seed: 11, perTemplate: 2 }).filter((e) => !e.text.includes('\n'));
  for (let i = SECRET_EVERY - 1, j = 0; i < lines.length; i += SECRET_EVERY, j++) lines[i] = planted[j % planted.length]?.text ?? '';
  return lines;
}

/** Runs `loop` once and returns its lines per second. */
function linesPerSecond(lines: readonly string[], loop: (lines: readonly string[]) => number): { rate: number; result: number } {
  const started = performance.now();
  const result = loop(lines);
  return { rate: lines.length / ((performance.now() - started) / 1000), result };
}

const splitLoop = (lines: readonly string[]): number => {
  let tokens = 0;
  for (const line of lines) tokens += line.split(' ').length;
  return tokens;
};

const scanLoop = (lines: readonly string[]): number => {
  let findings = 0;
  for (const line of lines) findings += scanSecrets(line).length;
  return findings;
};

const redactLoop = (lines: readonly string[]): number => {
  let changed = 0;
  for (const line of lines) if (redactSecrets(line).text !== line) changed++;
  return changed;
};

/** Scanning, redaction and the split baseline over the same lines, interleaved after one warm-up run of each. */
async function benchThroughput(count: number): Promise<object> {
  const lines = await throughputLines(count);
  const loops = { split: splitLoop, scan: scanLoop, redact: redactLoop };
  const runs: Record<keyof typeof loops, number[]> = { split: [], scan: [], redact: [] };
  const results: Record<keyof typeof loops, number> = { split: 0, scan: 0, redact: 0 };
  for (const loop of Object.values(loops)) loop(lines);
  for (let i = 0; i < RUNS; i++) {
    for (const [name, loop] of Object.entries(loops) as [keyof typeof loops, (l: readonly string[]) => number][]) {
      const { rate, result } = linesPerSecond(lines, loop);
      runs[name].push(rate);
      results[name] = result;
    }
  }
  const best = (name: keyof typeof loops): number => Math.max(...runs[name]);
  const ratio = best('scan') / best('split');
  return {
    lines: lines.length,
    plantedLines: Math.floor(lines.length / SECRET_EVERY),
    statistic: `best of ${RUNS} runs after 1 warm-up run`,
    splitBaseline: { linesPerSecond: round(best('split')), runs: runs.split.map((x) => round(x)) },
    scan: { linesPerSecond: round(best('scan')), runs: runs.scan.map((x) => round(x)), findings: results.scan },
    redact: { linesPerSecond: round(best('redact')), runs: runs.redact.map((x) => round(x)), linesChanged: results.redact },
    ratio: round(ratio, 3),
    target: { ratio: TARGETS.ratio },
    pass: { ratio: ratio >= TARGETS.ratio },
  };
}

/** Redaction over the planted corpus (recall) and over clean look-alike lines (false positives). */
function benchRedaction(): object {
  const corpus = buildSecretCorpus();
  const byKind: Record<string, { planted: number; leaked: number }> = {};
  const byFormat: Record<string, { planted: number; leaked: number }> = {};
  const leaks: { kind: SecretKind; format: CorpusFormat; redacted: string }[] = [];
  let planted = 0;
  let leaked = 0;
  for (const entry of corpus) {
    const redacted = redactSecrets(entry.text).text;
    for (const secret of entry.secrets) {
      planted++;
      const kind = (byKind[secret.kind] ??= { planted: 0, leaked: 0 });
      const format = (byFormat[entry.format] ??= { planted: 0, leaked: 0 });
      kind.planted++;
      format.planted++;
      if (!secretLeaked(secret, redacted)) continue;
      leaked++;
      kind.leaked++;
      format.leaked++;
      // The secrets are synthetic, so showing the redacted line is safe and says what was missed.
      leaks.push({ kind: secret.kind, format: entry.format, redacted });
    }
  }
  const clean = buildCleanLookalikes();
  const falsePositives: { line: string; kinds: SecretKind[] }[] = [];
  for (const line of clean) {
    const findings = scanSecrets(line);
    if (findings.length > 0) falsePositives.push({ line: redactSecrets(line).text, kinds: findings.map((f) => f.kind) });
  }
  const recallPercent = (100 * (planted - leaked)) / planted;
  const falsePositivePercent = (100 * falsePositives.length) / clean.length;
  return {
    corpus: { records: corpus.length, plantedSecrets: planted, kinds: Object.keys(byKind).length, formats: Object.keys(byFormat).length },
    recallPercent: round(recallPercent, 2),
    leaked,
    byKind,
    byFormat,
    leaks: leaks.slice(0, 20),
    cleanLookalikes: { lines: clean.length, falsePositiveLines: falsePositives.length, falsePositivePercent: round(falsePositivePercent, 2), examples: falsePositives.slice(0, 20) },
    targets: { recallPercent: TARGETS.recallPercent, maxFalsePositivePercent: TARGETS.maxFalsePositivePercent },
    pass: { recall: recallPercent >= TARGETS.recallPercent, falsePositives: falsePositivePercent <= TARGETS.maxFalsePositivePercent },
  };
}

/**
 * Runs the security benchmark: redaction recall and false positives, then scan throughput.
 * @example
 * const report = await runSecurityBench(); // { redaction: { recallPercent: 100, … }, throughput: { ratio: 0.8, … } }
 */
export async function runSecurityBench(options: SecurityBenchOptions = {}): Promise<object> {
  const lines = options.lines ?? DEFAULT_SECURITY_BENCH_OPTIONS.lines;
  return { redaction: benchRedaction(), throughput: await benchThroughput(lines) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { lines: { type: 'string' } } });
  const lines = Number(values.lines ?? DEFAULT_SECURITY_BENCH_OPTIONS.lines);
  if (!Number.isInteger(lines) || lines <= 0) throw new Error(`--lines: expected a positive integer, got "${values.lines}"`);
  process.stdout.write(`${JSON.stringify(await runSecurityBench({ lines }), null, 2)}\n`);
}
