/** How numbers and times are written in anomaly records, summaries and per-line verdicts. */

/** `x` rounded to `digits` decimals: the precision every figure of the outputs is written with. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A time as ISO 8601 UTC, or null for none (NaN, or ±Infinity left from an empty minimum or maximum). */
export function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
