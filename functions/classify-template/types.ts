/** Input and output of ClassifyTemplate. */
import type { CandidateRef } from '../detect-anomalies/types.ts';
import type { RunRef } from '../lib/pipeline.ts';

export interface ClassifyTemplateInput {
  readonly run: RunRef;
  readonly candidate: CandidateRef;
}

/** Where the verdict was stored; the Catch of the state gives `verdictKey: null` and the failure instead. */
export interface ClassifyTemplateOutput {
  readonly templateId: string;
  readonly verdictKey: string | null;
  readonly failure?: { readonly Error: string; readonly Cause: string };
}
