/**
 * The analytics of one file, with the field names users of the tool we replace already parse: volumes, template
 * diversity, time metrics with an error-rate series, components, levels, tags and security findings.
 */
import type { RecordColumns } from '../detection/record-table.ts';
import { isErrorLevelCode, LEVEL_CODES, levelOfCode } from '../detection/record-table.ts';
import { timeSpan } from '../detection/buckets.ts';
import type { AnomalyRecord, Severity } from '../detection/types.ts';
import { round } from '../detection/format.ts';

/** How many top templates and components are listed. */
export const TOP_N = 10;
/** Most points in the per-minute series; a longer log gets wider intervals. */
const MAX_SERIES_POINTS = 1440;

/** One entry of a top list. */
export interface CountShare {
  readonly count: number;
  /** Share of all records, 0 to 1. */
  readonly ratio: number;
}

/** One point of the error-rate series. */
export interface ErrorRatePoint {
  /** Start of the interval, ISO 8601 UTC. */
  readonly minute: string;
  /** Records in the interval. */
  readonly logs: number;
  /** Error records in the interval. */
  readonly errors: number;
  /** errors / logs. */
  readonly error_rate: number;
}

/** The analytics section of a summary. */
export interface FileAnalytics<Security = unknown> {
  readonly filename: string;
  /** Physical lines read. */
  readonly original_log_count: number;
  /** Records (multi-line records count once). */
  readonly processed_log_count: number;
  readonly anomalies_detected: number;
  readonly volume_stats: {
    readonly total_records: number;
    readonly top_templates: ReadonlyArray<CountShare & { readonly template_id: string; readonly template: string }>;
  };
  readonly template_diversity: {
    readonly unique_templates: number;
    /** −Σ p log2 p over template shares, in bits. */
    readonly template_entropy: number;
    readonly top_template_ratio: number;
  };
  readonly time_metrics: {
    /** Records per second over the time span; null without times. */
    readonly logs_per_second: number | null;
    /** Most records in one minute; null without times. */
    readonly peak_rate_per_minute: number | null;
    readonly time_span_seconds: number | null;
    readonly first_timestamp: string | null;
    readonly last_timestamp: string | null;
    /** Share of records that are errors (level ERROR or FATAL, or no level and an error indicator in the template). */
    readonly error_rate: number;
    /** Width of one point of the series in seconds (60 unless the log is long). */
    readonly series_interval_seconds: number | null;
    readonly error_rate_per_minute: readonly ErrorRatePoint[];
  };
  readonly component_metrics: {
    readonly unique_components: number;
    readonly top_components: ReadonlyArray<CountShare & { readonly component: string }>;
  };
  /** Records by level; `NONE` for records without one. */
  readonly log_severity_summary: Readonly<Record<string, number>>;
  /** Anomalies by tag. */
  readonly tag_summary: Readonly<Record<string, number>>;
  /** Anomalies by severity. */
  readonly anomaly_severity_summary: Readonly<Record<Severity, number>>;
  readonly security: Security;
}

/** What the analytics are computed from. */
export interface AnalyticsInput<Security> {
  readonly filename: string;
  readonly physicalLines: number;
  readonly records: RecordColumns;
  readonly templates: ReadonlyArray<{ readonly id: string; readonly text: string }>;
  readonly templateSeverities: readonly Severity[];
  readonly components: readonly string[];
  readonly anomalies: readonly Pick<AnomalyRecord, 'tags' | 'severity'>[];
  readonly security: Security;
}

/** Computes a file's analytics from its records, templates and anomalies. */
export function computeAnalytics<Security>(input: AnalyticsInput<Security>): FileAnalytics<Security> {
  const { records, templates } = input;
  const n = records.size;
  const perTemplate = new Float64Array(templates.length);
  const perComponent = new Float64Array(input.components.length);
  // By level code, as the records hold it: named once, for the summary.
  const perLevel = new Float64Array(LEVEL_CODES);
  const isError = new Uint8Array(n);
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const t = records.template[i]!;
    perTemplate[t]!++;
    const c = records.component[i]!;
    if (c >= 0) perComponent[c]!++;
    const level = records.level[i]!;
    perLevel[level]!++;
    const severity = input.templateSeverities[t]!;
    const error = isErrorLevelCode(level) || (level === 0 && (severity === 'high' || severity === 'critical'));
    if (error) {
      isError[i] = 1;
      errors++;
    }
  }
  const ratio = (count: number): number => round(n === 0 ? 0 : count / n, 6);
  let entropy = 0;
  for (const count of perTemplate) if (count > 0) entropy -= (count / n) * Math.log2(count / n);
  const byCount = [...perTemplate.keys()].filter((t) => perTemplate[t]! > 0).sort((a, b) => perTemplate[b]! - perTemplate[a]! || a - b);
  const topComponents = [...perComponent.keys()].sort((a, b) => perComponent[b]! - perComponent[a]! || (input.components[a]! < input.components[b]! ? -1 : 1));

  const tagSummary: Record<string, number> = {};
  const severitySummary: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const anomaly of input.anomalies) {
    for (const tag of anomaly.tags) tagSummary[tag] = (tagSummary[tag] ?? 0) + 1;
    severitySummary[anomaly.severity]++;
  }

  return {
    filename: input.filename,
    original_log_count: input.physicalLines,
    processed_log_count: n,
    anomalies_detected: input.anomalies.length,
    volume_stats: {
      total_records: n,
      top_templates: byCount.slice(0, TOP_N).map((t) => ({ template_id: templates[t]!.id, template: templates[t]!.text, count: perTemplate[t]!, ratio: ratio(perTemplate[t]!) })),
    },
    template_diversity: {
      unique_templates: byCount.length,
      template_entropy: round(entropy, 4),
      top_template_ratio: byCount.length === 0 ? 0 : ratio(perTemplate[byCount[0]!]!),
    },
    time_metrics: { ...timeMetrics(records, isError), error_rate: ratio(errors) },
    component_metrics: {
      unique_components: input.components.length,
      top_components: topComponents.slice(0, TOP_N).map((c) => ({ component: input.components[c]!, count: perComponent[c]!, ratio: ratio(perComponent[c]!) })),
    },
    log_severity_summary: Object.fromEntries(
      [...perLevel.keys()]
        .filter((code) => perLevel[code]! > 0)
        .map((code) => [levelOfCode(code) ?? 'NONE', perLevel[code]!] as const)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    ),
    tag_summary: tagSummary,
    anomaly_severity_summary: severitySummary,
    security: input.security,
  };
}

function timeMetrics(records: RecordColumns, isError: Uint8Array) {
  const span = timeSpan(records.timestampMs);
  if (!span) {
    return { logs_per_second: null, peak_rate_per_minute: null, time_span_seconds: null, first_timestamp: null, last_timestamp: null, series_interval_seconds: null, error_rate_per_minute: [] };
  }
  const spanSeconds = (span.maxMs - span.minMs) / 1000;
  const start = Math.floor(span.minMs / 60_000) * 60_000;
  const minutes = Math.floor((span.maxMs - start) / 60_000) + 1;
  const perMinute = new Float64Array(minutes);
  const intervalMinutes = Math.ceil(minutes / MAX_SERIES_POINTS);
  const points = Math.ceil(minutes / intervalMinutes);
  const logs = new Float64Array(points);
  const errors = new Float64Array(points);
  let last = span.minMs;
  for (let i = 0; i < records.size; i++) {
    const t = records.timestampMs[i]!;
    if (t === t) last = t;
    const minute = Math.floor((last - start) / 60_000);
    perMinute[minute]!++;
    const point = Math.floor(minute / intervalMinutes);
    logs[point]!++;
    errors[point]! += isError[i]!;
  }
  let peak = 0;
  for (const count of perMinute) if (count > peak) peak = count;
  return {
    logs_per_second: spanSeconds > 0 ? round(records.size / spanSeconds, 3) : null,
    peak_rate_per_minute: peak,
    time_span_seconds: round(spanSeconds, 3),
    first_timestamp: new Date(span.minMs).toISOString(),
    last_timestamp: new Date(span.maxMs).toISOString(),
    series_interval_seconds: intervalMinutes * 60,
    error_rate_per_minute: [...logs.keys()].map((p) => ({
      minute: new Date(start + p * intervalMinutes * 60_000).toISOString(),
      logs: logs[p]!,
      errors: errors[p]!,
      error_rate: logs[p]! === 0 ? 0 : round(errors[p]! / logs[p]!, 4),
    })),
  };
}

