/**
 * Window outliers: time windows whose mix of templates is unlike that of their neighbours, by Local Outlier Factor.
 *
 * Each window is a vector of TF-IDF-weighted template shares (the templates that vary most across windows), plus
 * its error share and its volume relative to the median window. LOF runs over windows, not lines, so a million
 * lines are a few hundred points. A window is reported when it is among the `contamination` share of highest LOF
 * scores and its LOF is clearly above 1; its lines are those of the template most over-represented in it.
 */
import { localOutlierFactor } from '../lof/index.ts';
import type { Buckets } from './buckets.ts';
import { isErrorLevelCode, type RecordColumns } from './record-table.ts';
import { medianInPlace, quantile } from './statistics.ts';
import type { DetectorEvidence } from './types.ts';
import { round } from './format.ts';

/** Options of {@link detectWindowOutliers}. */
export interface WindowOutlierOptions {
  /** k of LOF. */
  readonly neighbors: number;
  /** Share of windows that may be outliers at most. */
  readonly contamination: number;
}

/** One outlying window. */
export interface WindowFinding {
  /** The window (bucket) index. */
  readonly window: number;
  /** The template most over-represented in it. */
  readonly template: number;
  /** That template's records in the window. */
  readonly records: Int32Array;
  /** The evidence. */
  readonly evidence: DetectorEvidence;
}

// Features kept: the templates whose weighted share varies most across windows.
const MAX_FEATURES = 64;
// LOF below this is a point inside its neighbourhood's density, however high it ranks.
const MIN_LOF = 1.5;

/** Finds outlying windows; none when there are too few windows for neighbourhoods to mean anything. */
export function detectWindowOutliers(records: RecordColumns, windows: Buckets, options: WindowOutlierOptions): WindowFinding[] {
  const w = windows.count;
  if (w < 2 * (options.neighbors + 1)) return [];
  // Counts per window of every template, sparse by template.
  const totals = new Float64Array(w);
  const errors = new Float64Array(w);
  const perTemplate = new Map<number, Float64Array>();
  for (let i = 0; i < records.size; i++) {
    const b = windows.of[i]!;
    totals[b]!++;
    if (isErrorLevelCode(records.level[i]!)) errors[b]!++;
    const t = records.template[i]!;
    let series = perTemplate.get(t);
    if (!series) perTemplate.set(t, (series = new Float64Array(w)));
    series[b]!++;
  }
  const active: number[] = [];
  for (let b = 0; b < w; b++) if (totals[b]! > 0) active.push(b);
  if (active.length < 2 * (options.neighbors + 1)) return [];

  // TF-IDF weighted shares; keep the most variable templates as features.
  const weighted: Array<{ template: number; values: Float64Array; variance: number }> = [];
  for (const [template, series] of perTemplate) {
    let df = 0;
    for (const b of active) if (series[b]! > 0) df++;
    const idf = Math.log(1 + active.length / df);
    const values = new Float64Array(active.length);
    let mean = 0;
    active.forEach((b, k) => {
      values[k] = (series[b]! / totals[b]!) * idf;
      mean += values[k]!;
    });
    mean /= active.length;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2;
    weighted.push({ template, values, variance });
  }
  weighted.sort((a, b) => b.variance - a.variance || a.template - b.template);
  const features = weighted.slice(0, MAX_FEATURES).filter((f) => f.variance > 0);
  const medianTotal = medianInPlace(active.map((b) => totals[b]!));
  const points = active.map((b, k) => [
    ...features.map((f) => f.values[k]!),
    errors[b]! / totals[b]!,
    Math.log2(totals[b]! / medianTotal) / 4,
  ]);
  const scores = localOutlierFactor(points, { neighbors: options.neighbors });
  const cut = Math.max(MIN_LOF, quantile(scores, 1 - options.contamination));

  // The template furthest above its usual share explains a window.
  const usualShare = new Map<number, number>();
  for (const [t, series] of perTemplate) usualShare.set(t, medianShare(series, totals, active));
  const explained = new Map<number, { template: number; lof: number; involved: number[] }>();
  active.forEach((b, k) => {
    const lof = scores[k]!;
    if (!(lof >= cut) || lof === Infinity) return;
    let template = -1;
    let excess = -Infinity;
    for (const [t, series] of perTemplate) {
      const e = series[b]! - usualShare.get(t)! * totals[b]!;
      if (e > excess || (e === excess && t < template)) {
        excess = e;
        template = t;
      }
    }
    // A template that only ever logs in batches (a periodic job) makes its windows unusual every time it runs:
    // that is its normal behaviour, unless this batch is far larger than its usual ones. Three batches make a habit.
    const series = perTemplate.get(template)!;
    const batches = active.filter((w) => series[w]! > 0).map((w) => series[w]!);
    const periodic = usualShare.get(template)! === 0 && batches.length >= 3;
    if (periodic && series[b]! <= 3 * medianInPlace(batches)) return;
    explained.set(b, { template, lof, involved: [] });
  });
  if (explained.size === 0) return [];
  for (let i = 0; i < records.size; i++) {
    const window = explained.get(windows.of[i]!);
    if (window && records.template[i] === window.template) window.involved.push(i);
  }
  return [...explained].map(([b, { template, lof, involved }]) => ({
    window: b,
    template,
    records: Int32Array.from(involved),
    evidence: {
      detector: 'lof',
      score: round(Math.min(1, 1 - 1 / lof)),
      observed: round(lof),
      expected: 1,
      explanation:
        `the window's mix of templates has a LOF of ${lof.toFixed(2)} among ${active.length} windows (about 1 is usual); ` +
        `${involved.length} records of this template where its usual share predicts ${Math.round(usualShare.get(template)! * totals[b]!)}`,
      details: { lof: round(lof), window_records: totals[b]!, windows: active.length },
    },
  }));
}

function medianShare(series: Float64Array, totals: Float64Array, active: readonly number[]): number {
  return medianInPlace(active.map((b) => series[b]! / totals[b]!));
}
