import { describe, expect, it } from 'vitest';
import { medianInPlace, quantile, robustSpread } from '../../../shared/detection/statistics.ts';
import { seededRandom } from '../../helpers/records.ts';

describe('medianInPlace', () => {
  it.each([
    [[], Number.NaN],
    [[5], 5],
    [[3, 1], 2],
    [[9, 1, 5], 5],
    [[4, 4, 4, 4], 4],
    [[10, 0, 0, 0, 0, 7], 0],
    [[1, 2, 3, 4], 2.5],
  ])('gives the median of %j as %d', (values, expected) => {
    expect(medianInPlace([...values])).toEqual(expected);
  });

  it('agrees with sorting on random data with many ties', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const values = Float64Array.from({ length: 1 + Math.floor(random() * 60) }, () => Math.floor(random() * 8));
      const sorted = Float64Array.from(values).sort();
      const n = sorted.length;
      const expected = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(medianInPlace(values)).toBe(expected);
    }
  });
});

describe('robustSpread', () => {
  it('ignores a few wild values', () => {
    const { median, sigma } = robustSpread([10, 11, 9, 10, 12, 8, 10, 1000, -500]);
    expect(median).toBe(10);
    expect(sigma).toBeCloseTo(1.4826, 4);
  });
});

describe('quantile', () => {
  it('returns the nearest-rank quantile', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.8)).toBe(4);
    expect(quantile([5, 1, 4, 2, 3], 1)).toBe(5);
  });
});
