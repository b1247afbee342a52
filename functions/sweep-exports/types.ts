/** Output of SweepExports. */
export interface SweepExportsOutput {
  /** Export objects looked at. */
  readonly seen: number;
  /** Runs started for objects not yet analysed. */
  readonly started: number;
}
