/**
 * The `analyze` benchmark: end-to-end analysis without an LLM over a generated log, as `loganomaly analyze` runs it
 * (the state machine executed locally, every handler, the embedded store, the reports written), next to the
 * read-and-split baseline on the same file in the same run; and how LOF's time grows with ten times the lines.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeLocally } from '../functions/lib/local-execution.ts';
import { localDeps } from '../functions/lib/local-deps.ts';
import { mergeChunks, mineChunk, type FileSummary } from '../shared/analysis/index.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../shared/config/index.ts';
import { detectAnomalies } from '../shared/detection/index.ts';
import { ensureLogFile } from './generate.ts';
import { readSplit } from './read-split.ts';

/** What we aim for; a miss is reported, never thrown. */
const TARGETS = {
  /** End-to-end analysis throughput over the generated file. */
  analyzeLinesPerSecond: 400_000,
} as const;

/** Timed runs after the warm-up; the best one is reported. */
const RUNS = 3;

const round = (x: number, digits = 0): number => Number(x.toFixed(digits));

/** One full analysis as `analyze` runs it: the state machine over the file, its reports written to the store. */
async function analyzeOnce(file: string, outDir: string): Promise<{ lines: number; anomalies: number; templates: number }> {
  const deps = localDeps({ outputDir: outDir, config: DEFAULT_ANALYSIS_CONFIG, inputs: new Map([['incoming/bench.log', file]]) });
  const result = await executeLocally({ bucket: 'local', key: 'incoming/bench.log' }, deps);
  if (result.status !== 'SUCCEEDED') throw new Error(`analysis failed: ${result.error}: ${result.cause}`);
  const { reportPrefix } = result.output as { reportPrefix: string };
  const summary = JSON.parse(Buffer.from(await deps.objects.get(`${reportPrefix}bench.log.summary.json`)).toString('utf8')) as FileSummary;
  return { lines: summary.original_log_count, anomalies: summary.anomalies_detected, templates: summary.template_diversity.unique_templates };
}

/** Best-of-`runs` seconds of `work`. */
async function best(runs: number, work: () => unknown): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return fastest;
}

/**
 * Runs the benchmark.
 * @param lines - lines of the generated file (at least 1,000,000 for the target to mean anything).
 * @param progress - where progress lines go.
 */
export async function benchAnalyze(lines: number, progress: (message: string) => void): Promise<object> {
  const file = await ensureLogFile({ lines });
  const outDir = await mkdtemp(join(tmpdir(), 'loganomaly-bench-'));
  try {
    progress('analyze: warm-up');
    await readSplit(file);
    let result = await analyzeOnce(file, outDir);
    const readRuns: number[] = [];
    const analyzeRuns: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      readRuns.push(lines / (await best(1, () => readSplit(file))));
      const started = performance.now();
      result = await analyzeOnce(file, outDir);
      analyzeRuns.push(result.lines / ((performance.now() - started) / 1000));
      progress(`analyze: run ${i}/${RUNS}: readSplit ${round(readRuns.at(-1)!)} lines/s, analyze ${round(analyzeRuns.at(-1)!)} lines/s`);
    }
    const analyzeBest = Math.max(...analyzeRuns);
    const readBest = Math.max(...readRuns);
    return {
      file: { lines: result.lines, templates: result.templates, anomalies: result.anomalies },
      statistic: `best of ${RUNS} runs after 1 warm-up run`,
      analyze: { linesPerSecond: round(analyzeBest), runs: analyzeRuns.map((x) => round(x)) },
      readSplit: { linesPerSecond: round(readBest) },
      ratio: round(analyzeBest / readBest, 3),
      lofScaling: await benchLofScaling(Math.max(10_000, Math.round(lines / 10)), progress),
      targets: TARGETS,
      pass: { analyzeLinesPerSecond: analyzeBest >= TARGETS.analyzeLinesPerSecond },
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** LOF alone on the records of n and 10n lines: its time ratio next to what n log n would allow. */
async function benchLofScaling(lines: number, progress: (message: string) => void): Promise<object> {
  const lofOnly = Object.fromEntries(
    Object.entries(DEFAULT_ANALYSIS_CONFIG.detectors).map(([name, value]) => [name, { ...value, enabled: name === 'lof' }]),
  ) as typeof DEFAULT_ANALYSIS_CONFIG.detectors;
  const sizes = [lines, lines * 10];
  const seconds: number[] = [];
  for (const size of sizes) {
    progress(`analyze: LOF on ${size.toLocaleString('en')} lines`);
    // Only the records and their templates are wanted: mined and merged, not analysed and reported.
    const { records, templates } = mergeChunks([await mineChunk(await ensureLogFile({ lines: size }))]);
    const input = { sourceFile: 'bench.log', records, templates, components: [] };
    seconds.push(await best(RUNS, () => detectAnomalies(input, lofOnly)));
  }
  const ratio = seconds[1]! / seconds[0]!;
  const nLogN = (10 * Math.log(sizes[1]!)) / Math.log(sizes[0]!);
  return {
    lines: sizes,
    seconds: seconds.map((s) => round(s, 4)),
    timeRatio: round(ratio, 2),
    nLogNRatio: round(nLogN, 2),
    pass: { atMostNLogN: ratio <= nLogN },
  };
}
