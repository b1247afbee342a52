/** Input and output of WriteReport. */
import type { ClassifyTemplateOutput } from '../classify-template/types.ts';
import type { RunRef } from '../lib/pipeline.ts';

export interface WriteReportInput {
  readonly run: RunRef;
  readonly detection: { readonly key: string };
  readonly verdicts: readonly ClassifyTemplateOutput[];
}

export interface WriteReportOutput {
  readonly runId: string;
  readonly reportPrefix: string;
  readonly anomalies: number;
}
