/**
 * Detectors that judge one template at a time: rare, new, bursts, silences and parameter drift.
 *
 * Rates are compared with the template's own history in the same file, normalised by the rest of the traffic in
 * each bucket: when the whole service gets busier, every template's count rises and none of them is a burst.
 * Thresholds are robust (median and MAD) and every rate detector also needs a minimum absolute count, so a single
 * line is never a burst and a template that logs twice an hour is never "silent".
 */
import type { Buckets } from './buckets.ts';
import { NUMBER_SLOTS, type RecordColumns } from './record-table.ts';
import { medianInPlace, robustSpread } from './statistics.ts';
import type { DetectorEvidence, Severity } from './types.ts';
import { round } from './format.ts';

/** A detector's verdict on one template, with the records it concerns. */
export interface TemplateFinding {
  /** The template's index. */
  readonly template: number;
  /** What fired and why. */
  readonly evidence: DetectorEvidence;
  /** Indexes of the records involved, ascending. */
  readonly records: Int32Array;
}

/** The records of each template, in file order (compressed rows: template t owns records[offsets[t]..offsets[t+1])). */
export interface RecordsByTemplate {
  readonly offsets: Int32Array;
  readonly records: Int32Array;
}

/** Groups record indexes by template in two linear passes. */
export function groupByTemplate(template: Int32Array, templateCount: number): RecordsByTemplate {
  const offsets = new Int32Array(templateCount + 1);
  for (let i = 0; i < template.length; i++) offsets[template[i]! + 1]!++;
  for (let t = 0; t < templateCount; t++) offsets[t + 1]! += offsets[t]!;
  const next = offsets.slice(0, templateCount);
  const records = new Int32Array(template.length);
  for (let i = 0; i < template.length; i++) records[next[template[i]!]!++] = i;
  return { offsets, records };
}

/** The records of template `t`. */
export function recordsOf(groups: RecordsByTemplate, t: number): Int32Array {
  return groups.records.subarray(groups.offsets[t], groups.offsets[t + 1]);
}

/** Scores by severity: how much a finding means depends on what the lines say. */
type SeverityScores = Readonly<Record<Severity, number>>;
const RARE_SCORES: SeverityScores = { info: 0.2, low: 0.3, medium: 0.4, high: 0.6, critical: 0.9 };
const NEW_SINCE_BASELINE_SCORES: SeverityScores = { info: 0.3, low: 0.4, medium: 0.55, high: 0.75, critical: 0.9 };
const NEW_IN_FILE_SCORES: SeverityScores = { info: 0.1, low: 0.2, medium: 0.35, high: 0.6, critical: 0.8 };

/** Templates seen at most `maxCount` times. */
export function detectRare(groups: RecordsByTemplate, severities: readonly Severity[], maxCount: number): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  for (let t = 0; t < severities.length; t++) {
    const records = recordsOf(groups, t);
    if (records.length === 0 || records.length > maxCount) continue;
    findings.push({
      template: t,
      records,
      evidence: {
        detector: 'rare',
        score: RARE_SCORES[severities[t]!],
        observed: records.length,
        explanation: `seen ${records.length} time(s) in ${groups.records.length.toLocaleString('en')} records (at most ${maxCount} is rare)`,
      },
    });
  }
  return findings;
}

/** Options of {@link detectNew}. */
export interface NewTemplateOptions {
  /** Template ids seen by earlier runs of the same source; undefined when there is no baseline yet. */
  readonly knownTemplateIds: ReadonlySet<string> | undefined;
  /** Share of the file (by time, or by records without times) a template must first appear after to be "new" with no baseline. */
  readonly lateShare: number;
  /**
   * Templates with at most this many records are left to the rare detector when there is no baseline: a rare
   * template almost always first appears late, so "late" would only repeat "rare".
   */
  readonly rareCount: number;
}

/**
 * Templates absent from the baseline of earlier runs; with no baseline, templates more than rare that first appear
 * only after the first part of the file (weaker evidence, scored lower).
 */
export function detectNew(records: RecordColumns, groups: RecordsByTemplate, ids: readonly string[], severities: readonly Severity[], options: NewTemplateOptions): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  const { knownTemplateIds, lateShare, rareCount } = options;
  const position = positionInFile(records);
  for (let t = 0; t < ids.length; t++) {
    const own = recordsOf(groups, t);
    if (own.length === 0) continue;
    const first = own[0]!;
    let evidence: DetectorEvidence | undefined;
    if (knownTemplateIds) {
      if (!knownTemplateIds.has(ids[t]!)) {
        evidence = { detector: 'new', score: NEW_SINCE_BASELINE_SCORES[severities[t]!], explanation: 'absent from every earlier run of this source' };
      }
    } else if (own.length > rareCount && position(first) >= lateShare) {
      evidence = {
        detector: 'new',
        score: NEW_IN_FILE_SCORES[severities[t]!],
        observed: round(position(first)),
        expected: lateShare,
        explanation: `first appears ${Math.round(position(first) * 100)}% into the file (no baseline of earlier runs yet)`,
      };
    }
    if (evidence) findings.push({ template: t, records: own, evidence });
  }
  return findings;
}

/** Where record i lies in the file, 0 to 1: by time when the log has times, else by record. */
function positionInFile(records: RecordColumns): (i: number) => number {
  const ts = records.timestampMs;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (max > min) {
    return (i) => {
      let j = i;
      while (j > 0 && ts[j] !== ts[j]) j--;
      const t = ts[j]!;
      return t === t ? (t - min) / (max - min) : i / records.size;
    };
  }
  return (i) => i / Math.max(1, records.size - 1);
}

/** Scores of records that carry a secret, by severity (a leaked credential matters whatever the level). */
const SECURITY_SCORES: SeverityScores = { info: 0.7, low: 0.7, medium: 0.75, high: 0.8, critical: 0.9 };

/**
 * Templates whose records carry secrets (credentials, keys, tokens): a leak to report, with the kinds found and
 * never the secret itself.
 * @param secretKinds - the kinds of secret found in each record that has any, by record index.
 */
export function detectSecrets(records: RecordColumns, severities: readonly Severity[], secretKinds: ReadonlyMap<number, readonly string[]>): TemplateFinding[] {
  const byTemplate = new Map<number, { records: number[]; kinds: Map<string, number> }>();
  for (const [i, kinds] of [...secretKinds].sort((a, b) => a[0] - b[0])) {
    const t = records.template[i]!;
    let entry = byTemplate.get(t);
    if (!entry) byTemplate.set(t, (entry = { records: [], kinds: new Map() }));
    entry.records.push(i);
    for (const kind of kinds) entry.kinds.set(kind, (entry.kinds.get(kind) ?? 0) + 1);
  }
  return [...byTemplate].map(([template, { records: own, kinds }]) => ({
    template,
    records: Int32Array.from(own),
    evidence: {
      detector: 'security',
      score: SECURITY_SCORES[severities[template]!],
      observed: own.length,
      explanation: `${own.length} record(s) carry ${[...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ')} in clear text (redacted in every output)`,
      details: Object.fromEntries(kinds),
    },
  }));
}

/** Buckets a template must span before its rate is steady enough for a gap to be a silence. */
const MIN_STEADY_BUCKETS = 10;

/** Options of the rate detectors. */
export interface RateOptions {
  /** Fewest records of the template in a bucket for it to be a burst. */
  readonly minCount: number;
  /** How many robust sigmas above its usual normalised rate a bucket must be to burst. */
  readonly threshold: number;
  /** Fewest records the usual rate must predict over a gap for the gap to be a silence. */
  readonly minExpected: number;
}

/** Per bucket, a template's count and the rest of the traffic's. */
interface Series {
  readonly own: Int32Array;
  readonly other: Int32Array;
}

function seriesOf(own: Int32Array, buckets: Buckets, totals: Int32Array): Series {
  const counts = new Int32Array(buckets.count);
  for (let k = 0; k < own.length; k++) counts[buckets.of[own[k]!]!]!++;
  const other = new Int32Array(buckets.count);
  for (let b = 0; b < buckets.count; b++) other[b] = totals[b]! - counts[b]!;
  return { own: counts, other };
}

/** Records per bucket, all templates of `groups` together. */
export function bucketTotals(buckets: Buckets, groups: RecordsByTemplate): Int32Array {
  const totals = new Int32Array(buckets.count);
  for (const i of groups.records) totals[buckets.of[i]!]!++;
  return totals;
}

/**
 * Bursts: buckets where a template's count is far above what its usual share of the rest of the traffic predicts.
 * The excess is measured as a Poisson residual, (count − expected) / √expected, divided by the template's own
 * overdispersion (the robust spread of its residuals, at least 1), and must reach `threshold`; the count must also
 * be at least `minCount` and three times both the expectation and the template's usual level when present, so a
 * job that always logs in batches is not a burst every time it runs.
 */
export function detectBursts(groups: RecordsByTemplate, buckets: Buckets, totals: Int32Array, timestampMs: Float64Array, options: RateOptions): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  if (buckets.count < 3) return findings;
  for (let t = 0; t + 1 < groups.offsets.length; t++) {
    const own = recordsOf(groups, t);
    if (own.length < options.minCount) continue;
    const { own: counts, other } = seriesOf(own, buckets, totals);
    const shares: number[] = [];
    const presentShares: number[] = [];
    let sumOwn = 0;
    let sumOther = 0;
    for (let b = 0; b < buckets.count; b++) {
      if (other[b]! === 0) continue;
      shares.push(counts[b]! / other[b]!);
      if (counts[b]! > 0) presentShares.push(counts[b]! / other[b]!);
      sumOwn += counts[b]!;
      sumOther += other[b]!;
    }
    // A template absent from most buckets has a median share of 0: its mean share is the better expectation.
    const share = medianInPlace(shares) || sumOwn / Math.max(1, sumOther);
    const usualShare = medianInPlace(presentShares) || share;
    const residual = new Float64Array(buckets.count);
    for (let b = 0; b < buckets.count; b++) {
      const expected = share * other[b]!;
      residual[b] = (counts[b]! - expected) / Math.sqrt(Math.max(expected, 1));
    }
    const overdispersion = Math.max(1, robustSpread(residual).sigma);
    let peak = -1;
    let windows = 0;
    const hot = new Uint8Array(buckets.count);
    for (let b = 0; b < buckets.count; b++) {
      const c = counts[b]!;
      const level = 3 * Math.max(share * other[b]!, usualShare * other[b]!);
      if (c >= options.minCount && c >= level && residual[b]! / overdispersion >= options.threshold) {
        hot[b] = 1;
        windows++;
        if (peak < 0 || residual[b]! > residual[peak]!) peak = b;
      }
    }
    if (peak < 0) continue;
    const records = extendByPace(own.filter((i) => hot[buckets.of[i]!] === 1), own, timestampMs);
    const z = residual[peak]! / overdispersion;
    const expected = share * other[peak]!;
    findings.push({
      template: t,
      records,
      evidence: {
        detector: 'burst',
        score: round(Math.min(1, 0.5 + 0.05 * (z - options.threshold))),
        observed: counts[peak]!,
        expected: round(expected),
        explanation: `${counts[peak]} records in one ${describeBucket(buckets)} where its usual share of the traffic predicts ${round(expected)} (${windows} such window(s))`,
        details: { z: round(z), windows },
      },
    });
  }
  return findings;
}

/**
 * A burst rarely fits its windows: its first and last records often fall in the windows beside them. The burst is
 * extended, record by record, to the template's records that follow each other at burst pace: closer than a
 * quarter of the template's mean interval over the whole file.
 * @param burst - the template's records in the burst windows, ascending.
 * @param own - all of the template's records, ascending.
 */
function extendByPace(burst: Int32Array, own: Int32Array, timestampMs: Float64Array): Int32Array {
  const first = timestampMs[own[0]!]!;
  const last = timestampMs[own[own.length - 1]!]!;
  if (!(last > first) || burst.length === 0) return burst;
  const pace = (last - first) / own.length / 4;
  const inBurst = new Set(burst);
  const extended = new Set(burst);
  for (let k = 0; k < own.length; k++) {
    if (!inBurst.has(own[k]!)) continue;
    for (let j = k + 1; j < own.length && timestampMs[own[j]!]! - timestampMs[own[j - 1]!]! < pace; j++) extended.add(own[j]!);
    for (let j = k - 1; j >= 0 && timestampMs[own[j + 1]!]! - timestampMs[own[j]!]! < pace; j--) extended.add(own[j]!);
  }
  return Int32Array.from(extended).sort();
}

/**
 * Silences: runs of buckets where a steady template has no record while the rest of the log goes on and its
 * usual share predicts at least `minExpected` records, and enough that zero is implausible after counting every
 * template and bucket tested (Poisson, 1% family-wise).
 */
export function detectSilences(records: RecordColumns, groups: RecordsByTemplate, buckets: Buckets, totals: Int32Array, options: RateOptions): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  if (buckets.count < 3) return findings;
  const templateCount = groups.offsets.length - 1;
  const needed = Math.max(options.minExpected, Math.log(Math.max(2, buckets.count * templateCount)) + Math.log(100));
  for (let t = 0; t < templateCount; t++) {
    const own = recordsOf(groups, t);
    if (own.length < needed) continue;
    const { own: counts, other } = seriesOf(own, buckets, totals);
    const firstBucket = buckets.of[own[0]!]!;
    const lastBucket = buckets.of[own[own.length - 1]!]!;
    // A rate is only established over some time: a template that lived for a few minutes has no steady rate.
    if (lastBucket - firstBucket + 1 < MIN_STEADY_BUCKETS) continue;
    const ratios: number[] = [];
    let presentBuckets = 0;
    for (let b = firstBucket; b <= lastBucket; b++) {
      if (other[b]! > 0) ratios.push(counts[b]! / other[b]!);
      if (counts[b]! > 0) presentBuckets++;
    }
    // Only steady templates can fall silent: present in most of the buckets of their lifetime.
    if (presentBuckets < 0.8 * (lastBucket - firstBucket + 1)) continue;
    const share = medianInPlace(ratios);
    if (!(share > 0)) continue;
    let b = firstBucket + 1;
    while (b < buckets.count) {
      if (counts[b]! > 0) {
        b++;
        continue;
      }
      let end = b;
      let expected = 0;
      while (end < buckets.count && counts[end]! === 0) expected += share * other[end++]!;
      if (expected >= needed) findings.push(silenceFinding(records, t, own, b, end, expected, buckets));
      b = end;
    }
  }
  return findings;
}

/** The finding for a gap of template t over buckets [from, to): the records logged between its last and next record. */
function silenceFinding(records: RecordColumns, t: number, own: Int32Array, from: number, to: number, expected: number, buckets: Buckets): TemplateFinding {
  let k = 0;
  while (k < own.length && buckets.of[own[k]!]! < from) k++;
  const lastBefore = own[k - 1]!;
  const firstAfter = k < own.length ? own[k]! : records.size;
  const involved = new Int32Array(Math.max(0, firstAfter - lastBefore - 1));
  for (let i = 0; i < involved.length; i++) involved[i] = lastBefore + 1 + i;
  const startMs = records.timestampMs[lastBefore]!;
  const endMs = firstAfter < records.size ? records.timestampMs[firstAfter]! : records.timestampMs[records.size - 1]!;
  const minutes = startMs === startMs && endMs === endMs ? (endMs - startMs) / 60_000 : undefined;
  return {
    template: t,
    records: involved,
    evidence: {
      detector: 'silence',
      score: round(Math.min(1, 0.5 + 0.5 * (1 - 14 / Math.max(14, expected)))),
      observed: 0,
      expected: round(expected),
      explanation:
        `no record for ${minutes === undefined ? `${to - from} window(s)` : `${round(minutes)} minute(s)`} ` +
        `${firstAfter < records.size ? 'before it resumed' : 'until the end of the log'}, where about ${Math.round(expected)} were expected`,
      details: { silent_from_line: records.line[lastBefore]!, silent_to_line: firstAfter < records.size ? records.line[firstAfter]! : -1 },
    },
  };
}

/**
 * Drift: a numeric parameter whose typical value in the last fifth of a template's records lies beyond every value
 * it took in the first third, and at least doubled (or halved). The records involved are those past the earlier
 * range.
 */
export function detectDrift(records: RecordColumns, groups: RecordsByTemplate, minRecords: number): TemplateFinding[] {
  const findings: TemplateFinding[] = [];
  const numbers = records.numbers;
  for (let t = 0; t + 1 < groups.offsets.length; t++) {
    const own = recordsOf(groups, t);
    if (own.length < minRecords) continue;
    const baselineEnd = Math.floor(own.length / 3);
    const lateStart = Math.floor((own.length * 4) / 5);
    let best: TemplateFinding | undefined;
    for (let slot = 0; slot < NUMBER_SLOTS; slot++) {
      // The early values first: a slot that is missing or constant there is no drift, whatever comes later.
      const early: number[] = [];
      let min = Infinity;
      let max = -Infinity;
      for (let k = 0; k < baselineEnd; k++) {
        const v = numbers[own[k]! * NUMBER_SLOTS + slot]!;
        if (v !== v) continue;
        early.push(v);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (early.length < baselineEnd * 0.9 || max === min) continue;
      const late: number[] = [];
      for (let k = lateStart; k < own.length; k++) {
        const v = numbers[own[k]! * NUMBER_SLOTS + slot]!;
        if (v === v) late.push(v);
      }
      if (late.length < (own.length - lateStart) * 0.9) continue;
      const earlyMedian = medianInPlace(early);
      const lateMedian = medianInPlace(late);
      const up = lateMedian > max && lateMedian >= 2 * Math.max(earlyMedian, Number.EPSILON);
      const down = lateMedian < min && lateMedian <= earlyMedian / 2 && min > 0;
      if (!up && !down) continue;
      const beyond = own.slice(baselineEnd).filter((i) => {
        const v = numbers[i * NUMBER_SLOTS + slot]!;
        return up ? v > max : v < min;
      });
      const factor = up ? lateMedian / Math.max(max, Number.EPSILON) : min / Math.max(lateMedian, Number.EPSILON);
      const score = round(Math.min(1, 0.5 + 0.25 * Math.log2(Math.max(1, factor))));
      if (best && best.evidence.score >= score) continue;
      best = {
        template: t,
        records: beyond,
        evidence: {
          detector: 'drift',
          score,
          observed: round(lateMedian),
          expected: round(earlyMedian),
          explanation: `number #${slot + 1} of the message moved from a median of ${round(earlyMedian)} (range ${round(min)}–${round(max)}) to ${round(lateMedian)}`,
          details: { parameter: slot + 1, early_min: round(min), early_max: round(max) },
        },
      };
    }
    if (best) findings.push(best);
  }
  return findings;
}

function describeBucket(buckets: Buckets): string {
  if (buckets.widthMs === undefined) return `window of ${buckets.widthRecords} records`;
  const s = buckets.widthMs / 1000;
  return s % 60 === 0 ? `${s / 60}-minute window` : `${s}-second window`;
}

