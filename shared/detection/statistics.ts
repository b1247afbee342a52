/** Robust statistics the detectors share. */

/** The median of `values` (which it sorts in place); NaN when empty. */
export function medianInPlace(values: Float64Array | Float32Array | number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  (values as Float64Array).sort();
  return n % 2 === 1 ? values[(n - 1) / 2]! : (values[n / 2 - 1]! + values[n / 2]!) / 2;
}

/** Median and the median absolute deviation scaled to a normal sigma (× 1.4826). */
export function robustSpread(values: ArrayLike<number>): { median: number; sigma: number } {
  const copy = Float64Array.from(values);
  const median = medianInPlace(copy);
  for (let i = 0; i < copy.length; i++) copy[i] = Math.abs(copy[i]! - median);
  return { median, sigma: 1.4826 * medianInPlace(copy) };
}

/** The q-quantile (0..1) of `values`, by nearest rank on a sorted copy. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const copy = Float64Array.from(values).sort();
  if (copy.length === 0) return Number.NaN;
  return copy[Math.min(copy.length - 1, Math.max(0, Math.ceil(q * copy.length) - 1))]!;
}
