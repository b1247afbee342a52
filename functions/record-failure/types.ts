/** Input and output of RecordFailure. */
import type { PrepareRunEvent } from '../prepare-run/types.ts';

/** The execution's input, with the error the run's Catch put under `error`. */
export type RecordFailureInput = PrepareRunEvent & { readonly error: { readonly Error: string; readonly Cause?: string } };

export interface RecordFailureOutput {
  readonly runId: string;
  readonly error: string;
}
