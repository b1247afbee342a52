/**
 * Local Outlier Factor (Breunig et al., 2000): how much sparser a point's neighbourhood is than its neighbours'.
 *
 * Each point's k nearest neighbours are searched among a reference set: every point when there are at most
 * `maxReferencePoints`, else an evenly spaced sample of that many. The cost is therefore O(n · r · d) for n points
 * of d features and r reference points: linear in n once n passes r, never an n × n distance matrix. Distances are
 * computed a block at a time as matrix products (‖q‖² + ‖r‖² − 2 q·r) with ml-matrix.
 */
import { Matrix } from 'ml-matrix';
import { DEFAULT_LOF_OPTIONS, type LofOptions } from './types.ts';

// Queries per matrix product: large enough for ml-matrix to be efficient, small enough to bound memory.
const BLOCK_ROWS = 256;

/**
 * The LOF score of every point: about 1 inside a cluster, clearly above 1 for outliers.
 * @param points - one row of features per point (all rows the same length).
 * @returns one score per point; all 1 when there are fewer than 3 points.
 * @example localOutlierFactor([[0, 0], [0, 1], [1, 0], [1, 1], [9, 9]], { neighbors: 2 })  // last is ≫ 1
 */
export function localOutlierFactor(points: readonly (readonly number[])[], options: LofOptions = {}): Float64Array {
  const { neighbors, maxReferencePoints } = { ...DEFAULT_LOF_OPTIONS, ...options };
  const n = points.length;
  const scores = new Float64Array(n).fill(1);
  if (n < 3) return scores;
  const stride = Math.max(1, Math.ceil(n / maxReferencePoints));
  const referenceIndex: number[] = [];
  for (let i = 0; i < n; i += stride) referenceIndex.push(i);
  const k = Math.min(neighbors, referenceIndex.length - 1);
  const reference = new Matrix(referenceIndex.map((i) => [...points[i]!]));

  // Neighbours of the reference points among themselves: their k-distance and local reachability density.
  const refNeighbours = nearestNeighbours(reference, reference, k, referenceIndex, referenceIndex);
  const kDistance = refNeighbours.map((found) => found.distances[found.distances.length - 1] ?? 0);
  const refLrd = refNeighbours.map((found) => reachabilityDensity(found, kDistance));

  // Every point against the reference set: lrd(p) from the reach distances, LOF(p) = mean lrd(o) / lrd(p).
  const all = new Matrix(points.map((row) => [...row]));
  const found = nearestNeighbours(all, reference, k, Array.from({ length: n }, (_, i) => i), referenceIndex);
  for (let p = 0; p < n; p++) {
    const lrd = reachabilityDensity(found[p]!, kDistance);
    let sum = 0;
    for (const o of found[p]!.indexes) sum += refLrd[o]!;
    const meanNeighbourLrd = sum / found[p]!.indexes.length;
    scores[p] = lrd === Infinity ? (meanNeighbourLrd === Infinity ? 1 : 0) : meanNeighbourLrd === Infinity ? Infinity : meanNeighbourLrd / lrd;
  }
  return scores;
}

interface Neighbours {
  /** Positions in the reference set, nearest first. */
  readonly indexes: number[];
  /** Their Euclidean distances. */
  readonly distances: number[];
}

/** The k nearest reference points of each query, excluding the query itself (same original index). */
function nearestNeighbours(queries: Matrix, reference: Matrix, k: number, queryIndex: readonly number[], referenceIndex: readonly number[]): Neighbours[] {
  const refNorms = squaredNorms(reference);
  const refT = reference.transpose();
  const result: Neighbours[] = [];
  for (let start = 0; start < queries.rows; start += BLOCK_ROWS) {
    const block = queries.subMatrixRow(range(start, Math.min(queries.rows, start + BLOCK_ROWS)));
    const dots = block.mmul(refT);
    const norms = squaredNorms(block);
    for (let b = 0; b < block.rows; b++) {
      const self = queryIndex[start + b];
      // One row copied out, rather than an accessor call per entry.
      const products = dots.getRow(b);
      const indexes: number[] = [];
      const distances: number[] = [];
      // Squared distances are ranked (the order is the same); the k kept get their square roots after.
      for (let r = 0; r < reference.rows; r++) {
        if (referenceIndex[r] === self) continue;
        const d = Math.max(0, norms[b]! + refNorms[r]! - 2 * products[r]!);
        if (distances.length === k && d >= distances[k - 1]!) continue;
        // Insertion into the sorted top-k list: k is small (about 20).
        let at = distances.length === k ? k - 1 : distances.length;
        while (at > 0 && distances[at - 1]! > d) {
          distances[at] = distances[at - 1]!;
          indexes[at] = indexes[at - 1]!;
          at--;
        }
        distances[at] = d;
        indexes[at] = r;
      }
      for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!);
      result.push({ indexes, distances });
    }
  }
  return result;
}

/** lrd(p) = 1 / mean over neighbours o of max(k-distance(o), d(p, o)); Infinity when all of them coincide. */
function reachabilityDensity(found: Neighbours, kDistance: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < found.indexes.length; i++) sum += Math.max(kDistance[found.indexes[i]!]!, found.distances[i]!);
  return sum === 0 ? Infinity : found.indexes.length / sum;
}

function squaredNorms(m: Matrix): Float64Array {
  const norms = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.columns; j++) s += m.get(i, j) ** 2;
    norms[i] = s;
  }
  return norms;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
