/** Options of Local Outlier Factor, apart from its implementation so the configuration can name its defaults. */

/** Options of localOutlierFactor. */
export interface LofOptions {
  /**
   * k: neighbours that define a point's neighbourhood (MinPts in the paper).
   * @default 20
   */
  neighbors?: number;
  /**
   * Largest reference set; past it, neighbours are searched in an evenly spaced sample of the points.
   * @default 500
   */
  maxReferencePoints?: number;
}

/** Default LOF options. */
export const DEFAULT_LOF_OPTIONS: Required<LofOptions> = Object.freeze({ neighbors: 20, maxReferencePoints: 500 });
