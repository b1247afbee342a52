/**
 * Scores a detector's per-line verdicts against the ground truth of bench/anomaly-scenarios.ts.
 *
 * Scoring is by physical line: a line is a true positive when it is labelled (with any kind) and flagged, a false
 * positive when flagged and not labelled, a false negative when labelled and not flagged.
 *
 * - Per kind: precision, recall and F1 are computed on that kind's own single-kind files only, where a flagged line
 *   that is not labelled is a false positive for that kind. Over several files of a kind the counts are summed first
 *   (micro-average), so a long file weighs more than a short one.
 * - Mixed files report overall figures, plus each kind's recall (its labelled lines that were flagged); a kind's
 *   precision is not defined there, since a false positive cannot be attributed to one kind.
 *
 * Empty denominators: with no labelled lines, recall is 1 (nothing was missed); with no flagged lines, precision is
 * 1 when there were no labelled lines either and 0 otherwise; F1 is 0 when precision and recall are both 0. So a file
 * with nothing to find and nothing flagged scores 1/1/1.
 *
 * @example
 * const scenarios = await generateScenarios();
 * const results = [];
 * for (const s of scenarios) results.push(scoreScenario(s, await readPredictedLines(`${s.file}.lines.jsonl`, s.lineCount)));
 * console.log(summarizeDetection(results));
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ANOMALY_KIND_LIST, labelFlags, MIXED } from './anomaly-scenarios.ts';
import type { AnomalyKind, LineRange, Scenario, ScenarioKind } from './anomaly-scenarios.ts';

/** Line-level confusion counts and the figures derived from them. */
export interface LineScore {
  /** Labelled and flagged. */
  readonly tp: number;
  /** Flagged, not labelled. */
  readonly fp: number;
  /** Labelled, not flagged. */
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * The ground truth of one file: flags (element `line - 1` is non-zero when the line is labelled), labelled runs,
 * or labelled runs per kind (any kind counts).
 */
export type LineLabels = Uint8Array | readonly LineRange[] | ReadonlyMap<string, readonly LineRange[]>;

/** A detector's verdicts: flags (element `line - 1` is non-zero when flagged) or a predicate over 1-based lines. */
export type LinePredictions = Uint8Array | ((line: number) => boolean);

/** How one kind fared in one file: its labelled lines and how many of them were flagged. */
export interface KindRecall {
  readonly labelled: number;
  readonly detected: number;
  readonly recall: number;
}

/** The score of one scenario file. */
export interface ScenarioScore {
  readonly name: string;
  readonly kind: ScenarioKind;
  readonly lineCount: number;
  /** Every label counts: for a single-kind file, this is that kind's score on the file. */
  readonly score: LineScore;
  /** Recall of each kind labelled in the file. */
  readonly recallByKind: Partial<Record<AnomalyKind, KindRecall>>;
}

/** One row of the summary: summed counts, figures rounded to 3 decimals, and how many files went into it. */
export interface SummaryRow extends LineScore {
  readonly files: number;
}

/** The benchmark's detection figures. */
export interface DetectionSummary {
  /** Per kind, over that kind's single-kind files; kinds without a file are absent. */
  readonly byKind: Partial<Record<AnomalyKind, SummaryRow>>;
  /** Over the mixed files. */
  readonly mixed: SummaryRow;
  /** Recall of each kind over the mixed files (its labelled lines summed across them), rounded to 3 decimals. */
  readonly mixedRecallByKind: Partial<Record<AnomalyKind, KindRecall>>;
  /** Over every file. */
  readonly overall: SummaryRow;
}

/**
 * Precision, recall and F1 from confusion counts, with the empty-denominator rules of this module.
 * @example
 * scoreFromCounts(8, 2, 2); // { precision: 0.8, recall: 0.8, f1: 0.8, … }
 */
export function scoreFromCounts(tp: number, fp: number, fn: number): LineScore {
  const precision = tp + fp > 0 ? tp / (tp + fp) : fn === 0 ? 1 : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

function toFlags(labels: LineLabels, lineCount: number): Uint8Array {
  if (labels instanceof Uint8Array) return labels;
  if (labels instanceof Map) return labelFlags(labels, lineCount);
  return labelFlags(new Map([['any', labels as readonly LineRange[]]]), lineCount);
}

function toPredicate(predicted: LinePredictions): (line: number) => boolean {
  if (typeof predicted === 'function') return predicted;
  return (line) => predicted[line - 1] !== undefined && predicted[line - 1] !== 0;
}

/**
 * Scores one file's verdicts against its labels, line by line.
 * @param labels - the labelled lines
 * @param predicted - the flagged lines; flags beyond `lineCount` are ignored
 * @param lineCount - physical lines in the file
 * @example
 * scoreLines([[3, 4]], (line) => line >= 4, 5); // tp 1 (line 4), fp 1 (line 5), fn 1 (line 3)
 */
export function scoreLines(labels: LineLabels, predicted: LinePredictions, lineCount: number): LineScore {
  const truth = toFlags(labels, lineCount);
  const flagged = toPredicate(predicted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let line = 1; line <= lineCount; line++) {
    const labelled = truth[line - 1] !== undefined && truth[line - 1] !== 0;
    const isFlagged = flagged(line);
    if (labelled && isFlagged) tp++;
    else if (isFlagged) fp++;
    else if (labelled) fn++;
  }
  return scoreFromCounts(tp, fp, fn);
}

/**
 * Scores one scenario: overall (every label counts) and the recall of each kind labelled in it.
 * @param scenario - from generateScenarios
 * @param predicted - the detector's verdicts for the scenario's file
 */
export function scoreScenario(scenario: Scenario, predicted: LinePredictions): ScenarioScore {
  const flagged = toPredicate(predicted);
  const recallByKind: Partial<Record<AnomalyKind, KindRecall>> = {};
  for (const [kind, ranges] of scenario.labels) {
    let labelled = 0;
    let detected = 0;
    for (const [first, last] of ranges) {
      for (let line = first; line <= Math.min(last, scenario.lineCount); line++) {
        labelled++;
        if (flagged(line)) detected++;
      }
    }
    recallByKind[kind] = { labelled, detected, recall: labelled > 0 ? detected / labelled : 1 };
  }
  return {
    name: scenario.name,
    kind: scenario.kind,
    lineCount: scenario.lineCount,
    score: scoreLines(scenario.labels, flagged, scenario.lineCount),
    recallByKind,
  };
}

/**
 * Reads a detector's `<name>.lines.jsonl` (one `{"line": n, "anomaly": true|false, …}` object per physical line)
 * into flags, streaming, so a large file is never held as text.
 * @param path - the `.lines.jsonl` file
 * @param lineCount - the analysed file's line count: the flags have at least this length
 * @returns flags: element `line - 1` is 1 when the line has `"anomaly": true`
 * @throws Error naming the file and line when a line is not a JSON object with a positive integer `line`
 */
export async function readPredictedLines(path: string, lineCount = 0): Promise<Uint8Array> {
  let flags = new Uint8Array(Math.max(lineCount, 1024));
  let maxLine = lineCount;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    let record: { line?: unknown; anomaly?: unknown };
    try {
      record = JSON.parse(text) as { line?: unknown; anomaly?: unknown };
    } catch (error) {
      throw new Error(`readPredictedLines: ${path}:${n} is not JSON`, { cause: error });
    }
    const line = record.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) throw new Error(`readPredictedLines: ${path}:${n} has no positive integer "line"`);
    if (line > flags.length) {
      const grown = new Uint8Array(Math.max(line, flags.length * 2));
      grown.set(flags);
      flags = grown;
    }
    maxLine = Math.max(maxLine, line);
    if (record.anomaly === true) flags[line - 1] = 1;
  }
  return flags.subarray(0, maxLine);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function summaryRow(scores: readonly ScenarioScore[]): SummaryRow {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { score } of scores) {
    tp += score.tp;
    fp += score.fp;
    fn += score.fn;
  }
  const s = scoreFromCounts(tp, fp, fn);
  return { tp, fp, fn, precision: round3(s.precision), recall: round3(s.recall), f1: round3(s.f1), files: scores.length };
}

/**
 * Summarizes scenario scores: per kind over its single-kind files, over the mixed files, and over every file, each
 * a micro-average (counts summed, then the figures), rounded to 3 decimals.
 * @example
 * const summary = summarizeDetection(results);
 * summary.byKind.flood?.f1; summary.mixed.recall; summary.overall.precision;
 */
export function summarizeDetection(results: readonly ScenarioScore[]): DetectionSummary {
  const byKind: Partial<Record<AnomalyKind, SummaryRow>> = {};
  for (const kind of ANOMALY_KIND_LIST) {
    const files = results.filter((r) => r.kind === kind);
    if (files.length > 0) byKind[kind] = summaryRow(files);
  }
  const mixedFiles = results.filter((r) => r.kind === MIXED);
  const mixedRecallByKind: Partial<Record<AnomalyKind, KindRecall>> = {};
  for (const kind of ANOMALY_KIND_LIST) {
    let labelled = 0;
    let detected = 0;
    for (const r of mixedFiles) {
      labelled += r.recallByKind[kind]?.labelled ?? 0;
      detected += r.recallByKind[kind]?.detected ?? 0;
    }
    if (labelled > 0) mixedRecallByKind[kind] = { labelled, detected, recall: round3(detected / labelled) };
  }
  return { byKind, mixed: summaryRow(mixedFiles), mixedRecallByKind, overall: summaryRow(results) };
}
