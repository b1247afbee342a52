import { describe, expect, it } from 'vitest';
import { localOutlierFactor } from '../../../shared/lof/index.ts';

/** A deterministic grid of points around (cx, cy). */
function cluster(cx: number, cy: number, side: number, step: number): number[][] {
  const points: number[][] = [];
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) points.push([cx + i * step, cy + j * step]);
  return points;
}

describe('localOutlierFactor', () => {
  it('scores points inside a uniform cluster about 1 and an isolated point far above', () => {
    // Prepare
    const points = [...cluster(0, 0, 10, 1), [30, 30]];
    // Act
    const scores = localOutlierFactor(points, { neighbors: 5 });
    // Assess
    expect(scores[55]).toBeGreaterThan(0.8);
    expect(scores[55]).toBeLessThan(1.2);
    expect(scores[100]).toBeGreaterThan(5);
  });

  it('judges density locally: a point between a dense and a sparse cluster stands out from the dense one', () => {
    // The example of the paper: an outlier close to a dense cluster is an outlier even though the sparse
    // cluster's points are further from their neighbours.
    const dense = cluster(0, 0, 6, 0.1);
    const sparse = cluster(20, 20, 6, 2);
    const scores = localOutlierFactor([...dense, ...sparse, [1.5, 1.5]], { neighbors: 5 });
    expect(scores[72]).toBeGreaterThan(3);
    for (let i = 36; i < 72; i++) expect(scores[i]).toBeLessThan(1.5);
  });

  it('scores every point 1 when there are fewer than three', () => {
    expect([...localOutlierFactor([[0], [5]])]).toEqual([1, 1]);
  });

  it('gives the same scores as the full search while the points fit the reference set', () => {
    const points = [...cluster(0, 0, 8, 1), [12, 12], [-9, 3]];
    const full = localOutlierFactor(points, { neighbors: 4 });
    const sampled = localOutlierFactor(points, { neighbors: 4, maxReferencePoints: points.length });
    expect([...sampled]).toEqual([...full]);
  });

  it('still finds the outlier when neighbours are searched in a sample of the points', () => {
    // Prepare: 5,000 points, a reference sample of 500.
    const points = cluster(0, 0, 71, 1).slice(0, 4999);
    points.push([200, 200]);
    // Act
    const scores = localOutlierFactor(points, { neighbors: 10, maxReferencePoints: 500 });
    // Assess
    const max = scores.indexOf(Math.max(...scores));
    expect(max).toBe(4999);
  });

  it('handles duplicate points without dividing by zero', () => {
    const points = [...Array.from({ length: 30 }, () => [1, 1]), [5, 5]];
    const scores = localOutlierFactor(points, { neighbors: 5 });
    expect(scores[0]).toBe(1);
    expect(scores[30]).toBe(Infinity);
  });
});
