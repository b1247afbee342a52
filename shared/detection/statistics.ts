/** Robust statistics the detectors share. */

/**
 * The median of `values`, which it reorders in place; NaN when empty. Quickselect, so linear on average: the
 * detectors take medians over every bucket of every template.
 */
export function medianInPlace(values: Float64Array | Float32Array | number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const upper = select(values, n >> 1);
  if (n % 2 === 1) return upper;
  // The lower middle is the largest value left of the upper one after selection.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/** Reorders `values` so that index k holds the k-th smallest, smaller ones before it and larger after (Hoare). */
function select(values: Float64Array | Float32Array | number[], k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
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
