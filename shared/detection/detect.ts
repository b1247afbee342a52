/**
 * Detection over one file's records: every detector, then one anomaly record per anomalous template, flood span
 * and outlying window.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ANALYSIS_CONFIG, type DetectorsConfig } from '../config/index.ts';
import { detectFloods, type FloodSpan } from '../window/index.ts';
import { bucketRecords, niceWidthMs, timeSpan } from './buckets.ts';
import { isErrorLevelCode, LEVEL_CODES, levelOfCode, type RecordColumns } from './record-table.ts';
import { errorIndicators, maxSeverity, severityOf } from './severity.ts';
import {
  bucketTotals,
  detectBursts,
  detectDrift,
  detectNew,
  detectRare,
  detectSecrets,
  detectSilences,
  groupByTemplate,
  recordsOf,
  type RecordsByTemplate,
  type TemplateFinding,
} from './template-detectors.ts';
import type { AnomalyKind, AnomalyRecord, DetectorEvidence, LineRange, Severity } from './types.ts';
import { detectWindowOutliers } from './window-outliers.ts';
import { isoOrNull, round } from './format.ts';

/** Anomalies scoring below this are not reported: on their own, such findings are part of normal life. */
export const MIN_REPORTED_SCORE = 0.5;
/** Records a template needs before its parameters are judged for drift. */
const DRIFT_MIN_RECORDS = 50;
/** Share of the file after which a template first seen there is "new" when there is no baseline. */
const NEW_AFTER_SHARE = 0.25;
/** Most line ranges written per anomaly. */
const MAX_LINE_RANGES = 500;
/** Windows LOF aims for: enough points for neighbourhoods, enough records per window for shares. */
const LOF_WINDOWS = { min: 30, max: 2000, recordsPerWindow: 100 } as const;

/** What detection needs to know about a file. */
export interface DetectionInput {
  /** The file, as it is named in the anomalies. */
  readonly sourceFile: string;
  /** Its records. */
  readonly records: RecordColumns;
  /** Its templates, by the index the records use. */
  readonly templates: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  /** Component names, by the index the records use. */
  readonly components: readonly string[];
  /** Template ids of earlier runs of the same source; undefined when there were none. */
  readonly knownTemplateIds?: ReadonlySet<string>;
  /** The kinds of secret found in each record that carries any, by record index. */
  readonly secretKinds?: ReadonlyMap<number, readonly string[]>;
}

/** An anomaly before its representative line's text is known. */
export type AnomalyDraft = Omit<AnomalyRecord, 'log'>;

/** A draft and what stays out of it (it is serialised): its template and the records it involves. */
interface Assembled {
  draft: AnomalyDraft;
  readonly template: number;
  readonly involved: Int32Array;
}

/** The outcome of detection. */
export interface Detection {
  /** The reported anomalies, most certain first. */
  readonly anomalies: AnomalyDraft[];
  /** Per record, the highest score of a reported anomaly that involves it (0 for none). */
  readonly recordScores: Float32Array;
  /** Severity of each template. */
  readonly templateSeverities: readonly Severity[];
  /** Error indicators found in each template. */
  readonly templateIndicators: readonly (readonly string[])[];
  /** Flood spans found, reported or not. */
  readonly floods: readonly FloodSpan[];
}

/**
 * Runs every enabled detector over a file's records and assembles the anomaly records.
 * @param detectors - the `detectors` section of the configuration.
 * @example const { anomalies } = detectAnomalies({ sourceFile: 'app.log', records, templates, components: [] });
 */
export function detectAnomalies(input: DetectionInput, detectors: DetectorsConfig = DEFAULT_ANALYSIS_CONFIG.detectors): Detection {
  const o = detectors;
  const { records, templates } = input;
  const groups = groupByTemplate(records.template, templates.length);
  const templateIndicators = templates.map((t) => errorIndicators(t.text));
  const templateSeverities = templates.map((_, t) => severityOf(levelOfCode(modeLevel(records, recordsOf(groups, t))), templateIndicators[t]!));

  const assembled: Assembled[] = [];
  const floodOf = new Map<number, Assembled>();
  const assemble = makeAssembler(input, templateSeverities);
  const addEvidence = (entry: Assembled, evidence: DetectorEvidence): void => {
    const detectors = [...entry.draft.detectors, evidence];
    entry.draft = {
      ...entry.draft,
      detectors,
      score: round(combineScores(detectors.map((e) => e.score))),
      severity: draftSeverity(entry.draft.kind, templateSeverities[entry.template]!, detectors),
      tags: tagsOf(detectors),
    };
  };
  const floods = o.rolling_window.enabled ? detectFloods(records.template, { windowSize: o.rolling_window.window_size, repetitionThreshold: o.rolling_window.repetition_threshold }) : [];
  for (const flood of floods) {
    const involved: number[] = [];
    for (let i = flood.firstRecord; i <= flood.lastRecord; i++) if (records.template[i] === flood.template) involved.push(i);
    const fileShare = recordsOf(groups, flood.template).length / records.size;
    const dominatesFile = fileShare >= o.rolling_window.repetition_threshold && records.size > flood.windowSize;
    const threshold = o.rolling_window.repetition_threshold;
    const score = (0.5 + (0.5 * (flood.peakShare - threshold)) / Math.max(1e-9, 1 - threshold)) * (dominatesFile ? 0.6 : 1);
    const seconds = spanSeconds(records, flood.firstRecord, flood.lastRecord);
    const evidence: DetectorEvidence = {
      detector: 'flood',
      score: round(score),
      observed: round(flood.peakShare),
      expected: threshold,
      explanation:
        `${flood.count.toLocaleString('en')} records of one template in lines ${records.line[flood.firstRecord]}–${records.line[flood.lastRecord]}, ` +
        `up to ${Math.round(flood.peakShare * 100)}% of a ${flood.windowSize}-record window` +
        (seconds ? ` (${round(flood.count / Math.max(seconds, 1e-3))} per second)` : '') +
        (dominatesFile ? '; the template dominates the whole file, so this may be its normal behaviour' : ''),
      details: { window_size: flood.windowSize, peak_share: round(flood.peakShare), ...(seconds ? { rate_per_second: round(flood.count / Math.max(seconds, 1e-3)) } : {}) },
    };
    const entry = assemble('flood', flood.template, Int32Array.from(involved), flood.firstRecord, [evidence], score, [flood.template, flood.firstRecord]);
    assembled.push(entry);
    if (!floodOf.has(flood.template)) floodOf.set(flood.template, entry);
  }

  const findings: TemplateFinding[] = [];
  if (o.rare.enabled) findings.push(...detectRare(groups, templateSeverities, o.rare.max_count));
  if (o.new_templates.enabled) {
    const newOptions = { knownTemplateIds: input.knownTemplateIds, lateShare: NEW_AFTER_SHARE, rareCount: o.rare.enabled ? o.rare.max_count : 0 };
    findings.push(...detectNew(records, groups, templates.map((t) => t.id), templateSeverities, newOptions));
  }
  if (input.secretKinds && input.secretKinds.size > 0) findings.push(...detectSecrets(records, templateSeverities, input.secretKinds));
  const rateOptions = { minCount: o.bursts.min_count, threshold: o.bursts.threshold, minExpected: o.silence.min_expected };
  if (o.bursts.enabled || o.silence.enabled) {
    // Rates leave flood records out: a flood is reported once, as a flood, and must not make every other template
    // look silent (their share of an inflated total drops) or itself look like a burst.
    const rateGroups = withoutFloodRecords(records, groups, floods);
    const buckets = bucketRecords(records.timestampMs, o.bursts.window_seconds * 1000, 1000);
    const totals = bucketTotals(buckets, rateGroups);
    if (o.bursts.enabled) findings.push(...detectBursts(rateGroups, buckets, totals, records.timestampMs, rateOptions));
    if (o.silence.enabled) findings.push(...detectSilences(records, rateGroups, buckets, totals, rateOptions));
  }
  if (o.drift.enabled) findings.push(...detectDrift(records, groups, DRIFT_MIN_RECORDS));

  const byTemplate = new Map<number, TemplateFinding[]>();
  for (const finding of findings) {
    const own = byTemplate.get(finding.template);
    if (own) own.push(finding);
    else byTemplate.set(finding.template, [finding]);
  }
  for (const [template, own] of byTemplate) {
    // Whatever else is said of a flooding template (new, bursting) is said in its flood's anomaly.
    const flood = floodOf.get(template);
    if (flood) {
      for (const finding of own) addEvidence(flood, finding.evidence);
      continue;
    }
    const involved = mergeSorted(own.map((f) => f.records));
    const representative = firstOfTemplate(records, involved, template) ?? recordsOf(groups, template)[0]!;
    assembled.push(assemble('template', template, involved, representative, own.map((f) => f.evidence), combineScores(own.map((f) => f.evidence.score)), [template]));
  }

  if (o.lof.enabled && records.size > 0) {
    const span = timeSpan(records.timestampMs);
    const target = Math.min(LOF_WINDOWS.max, Math.max(LOF_WINDOWS.min, records.size / LOF_WINDOWS.recordsPerWindow));
    const windows = span ? bucketRecords(records.timestampMs, niceWidthMs(span.maxMs - span.minMs, target), 0) : bucketRecords(records.timestampMs, 0, records.size / target);
    for (const finding of detectWindowOutliers(records, windows, { neighbors: o.lof.neighbors, contamination: o.lof.contamination })) {
      if (finding.records.length === 0) continue;
      // A window explained by a template already reported there (a flood, a burst) adds evidence to that anomaly.
      const explained = assembled.find((a) => a.template === finding.template && includes(a.involved, finding.records[0]!));
      if (explained) addEvidence(explained, finding.evidence);
      else assembled.push(assemble('window', finding.template, finding.records, finding.records[0]!, [finding.evidence], finding.evidence.score, [finding.window]));
    }
  }

  const reported = assembled
    .filter(({ draft }) => draft.score >= MIN_REPORTED_SCORE)
    .sort((a, b) => b.draft.score - a.draft.score || a.draft.lines[0]![0] - b.draft.lines[0]![0] || (a.draft.id < b.draft.id ? -1 : 1));
  const recordScores = new Float32Array(records.size);
  for (const { draft, involved } of reported) {
    for (const i of involved) if (recordScores[i]! < draft.score) recordScores[i] = draft.score;
  }
  return { anomalies: reported.map((a) => a.draft), recordScores, templateSeverities, templateIndicators, floods };
}

/**
 * An anomaly's severity: its template's, at least `low` for a flood, and at least `high` when a record carries a
 * credential in clear text, whatever level the line was logged at.
 */
function draftSeverity(kind: AnomalyKind, templateSeverity: Severity, evidence: readonly DetectorEvidence[]): Severity {
  let severity = templateSeverity;
  if (kind === 'flood') severity = maxSeverity(severity, 'low');
  if (evidence.some((e) => e.detector === 'security')) severity = maxSeverity(severity, 'high');
  return severity;
}

/** An unclassified anomaly's tags: the detectors that found it. */
function tagsOf(evidence: readonly DetectorEvidence[]): string[] {
  return [...new Set(evidence.map((e) => e.detector))];
}

/** Whether an ascending list holds `value` (binary search). */
function includes(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Records grouped by template, leaving out each flood's records of its flooding template. */
function withoutFloodRecords(records: RecordColumns, groups: RecordsByTemplate, floods: readonly FloodSpan[]): RecordsByTemplate {
  if (floods.length === 0) return groups;
  const templateCount = groups.offsets.length - 1;
  const template = records.template.slice();
  for (const flood of floods) {
    for (let i = flood.firstRecord; i <= flood.lastRecord; i++) if (template[i] === flood.template) template[i] = templateCount;
  }
  // The flood records form one extra group past the last template, which the detectors never visit.
  const grouped = groupByTemplate(template, templateCount + 1);
  return { offsets: grouped.offsets.subarray(0, templateCount + 1), records: grouped.records.subarray(0, grouped.offsets[templateCount]) };
}

function makeAssembler(input: DetectionInput, severities: readonly Severity[]) {
  const { records, templates, components, sourceFile } = input;
  return (kind: AnomalyKind, template: number, involved: Int32Array, representative: number, evidence: DetectorEvidence[], score: number, identity: readonly number[]): Assembled => {
    const { ranges, truncated } = lineRanges(records, involved);
    let firstMs = Infinity;
    let lastMs = -Infinity;
    for (const i of involved) {
      const t = records.timestampMs[i]!;
      if (t < firstMs) firstMs = t;
      if (t > lastMs) lastMs = t;
    }
    const draft: AnomalyDraft = {
      id: anomalyId(sourceFile, kind, templates[template]!.id, identity),
      kind,
      source_file: sourceFile,
      template_id: templates[template]!.id,
      template: templates[template]!.text,
      log_line: records.line[representative]!,
      timestamp: isoOrNull(records.timestampMs[representative]!),
      first_seen: isoOrNull(firstMs),
      last_seen: isoOrNull(lastMs),
      count: involved.length,
      lines: ranges,
      lines_truncated: truncated,
      score: round(score),
      severity: draftSeverity(kind, severities[template]!, evidence),
      component: mostCommonComponent(records, involved, components),
      detectors: evidence,
      classification: 'unclassified',
      reason: '',
      tags: tagsOf(evidence),
      provider: null,
      model: null,
      classification_failure: null,
    };
    return { draft, template, involved };
  };
}

/** Deterministic id: the same file, kind, template and position give the same id on every run. */
function anomalyId(sourceFile: string, kind: AnomalyKind, templateId: string, identity: readonly number[]): string {
  return createHash('sha256').update(JSON.stringify([sourceFile, kind, templateId, ...identity])).digest('hex').slice(0, 24);
}

/** Physical line ranges of records, adjacent ones merged. */
function lineRanges(records: RecordColumns, involved: Int32Array): { ranges: LineRange[]; truncated: boolean } {
  const ranges: [number, number][] = [];
  for (const i of involved) {
    const first = records.line[i]!;
    const last = first + records.lineCount[i]! - 1;
    const previous = ranges[ranges.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else ranges.push([first, last]);
  }
  return { ranges: ranges.slice(0, MAX_LINE_RANGES), truncated: ranges.length > MAX_LINE_RANGES };
}

/** Union of ascending index lists, ascending and without repeats. */
function mergeSorted(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0]!;
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let out = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[out++] = all[i]!;
  return all.slice(0, out);
}

/** Noisy-or: independent pieces of evidence make an anomaly more certain than any one of them. */
function combineScores(scores: readonly number[]): number {
  return 1 - scores.reduce((p, s) => p * (1 - s), 1);
}

function firstOfTemplate(records: RecordColumns, involved: Int32Array, template: number): number | undefined {
  for (const i of involved) if (records.template[i] === template) return i;
  return undefined;
}

/** The most common level code among records (0 when none has a level). */
function modeLevel(records: RecordColumns, own: Int32Array): number {
  const counts = new Int32Array(LEVEL_CODES);
  for (const i of own) counts[records.level[i]!]!++;
  let best = 0;
  for (let code = 1; code < counts.length; code++) if (counts[code]! > counts[best]! || (best === 0 && counts[code]! > 0)) best = code;
  return best;
}

function mostCommonComponent(records: RecordColumns, involved: Int32Array, components: readonly string[]): string | null {
  const counts = new Map<number, number>();
  for (const i of involved) {
    const c = records.component[i]!;
    if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = -1;
  let bestCount = 0;
  for (const [c, n] of counts) if (n > bestCount) [best, bestCount] = [c, n];
  return best < 0 ? null : components[best]!;
}

function spanSeconds(records: RecordColumns, first: number, last: number): number | undefined {
  const a = records.timestampMs[first]!;
  const b = records.timestampMs[last]!;
  return a === a && b === b && b > a ? (b - a) / 1000 : undefined;
}

