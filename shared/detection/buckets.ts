/**
 * Time buckets: each record's window of `widthMs`, so rates can be compared across a file. Records without a time
 * take their predecessor's; a log with (almost) no times is cut into windows of a fixed number of records instead.
 */

/** The bucket of every record. */
export interface Buckets {
  /** Number of buckets. */
  readonly count: number;
  /** Bucket index of each record. */
  readonly of: Int32Array;
  /** Width of a bucket in milliseconds; undefined when buckets are counted in records. */
  readonly widthMs: number | undefined;
  /** Width in records when the log has no times. */
  readonly widthRecords: number | undefined;
  /** Start of bucket 0 (ms since the epoch), when timed. */
  readonly startMs: number | undefined;
}

// Never more buckets than this: a log spanning a year at one-minute windows gets wider windows instead.
const MAX_BUCKETS = 20_000;

/** Nice widths to round up to, in seconds. */
const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** The time span of the timed records, or undefined when fewer than half of them have a time. */
export function timeSpan(timestampMs: Float64Array): { minMs: number; maxMs: number } | undefined {
  let minMs = Infinity;
  let maxMs = -Infinity;
  let timed = 0;
  for (let i = 0; i < timestampMs.length; i++) {
    const t = timestampMs[i]!;
    if (t !== t) continue;
    timed++;
    if (t < minMs) minMs = t;
    if (t > maxMs) maxMs = t;
  }
  return timed * 2 >= timestampMs.length && timed > 0 ? { minMs, maxMs } : undefined;
}

/**
 * Buckets of `widthMs` (widened when the span would need too many), or of `fallbackRecords` records when the log
 * has no times.
 */
export function bucketRecords(timestampMs: Float64Array, widthMs: number, fallbackRecords: number): Buckets {
  const n = timestampMs.length;
  const of = new Int32Array(n);
  const span = timeSpan(timestampMs);
  if (!span) {
    const width = Math.max(1, Math.round(fallbackRecords));
    for (let i = 0; i < n; i++) of[i] = Math.floor(i / width);
    return { count: n === 0 ? 0 : Math.floor((n - 1) / width) + 1, of, widthMs: undefined, widthRecords: width, startMs: undefined };
  }
  let width = widthMs;
  while ((span.maxMs - span.minMs) / width >= MAX_BUCKETS) width *= 2;
  const startMs = Math.floor(span.minMs / width) * width;
  let last = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = timestampMs[i]!;
    if (t === t) last = Math.floor((t - startMs) / width);
    of[i] = last;
    if (last >= count) count = last + 1;
  }
  return { count, of, widthMs: width, widthRecords: undefined, startMs };
}

/** A bucket width for about `target` buckets over the span, rounded up to a nice number of seconds. */
export function niceWidthMs(spanMs: number, target: number): number {
  const seconds = spanMs / 1000 / Math.max(1, target);
  return 1000 * (NICE_SECONDS.find((s) => s >= seconds) ?? Math.ceil(seconds / 86400) * 86400);
}
