/** Input and output of DetectAnomalies, and what it stores for WriteReport. */
import type { Baseline, AnomalyRecord, Severity } from '../../shared/detection/index.ts';
import type { FloodSpan } from '../../shared/window/index.ts';
import type { RunRef } from '../lib/pipeline.ts';

export interface DetectAnomaliesInput {
  readonly run: RunRef;
}

/** A candidate template to classify: its id and the object holding it. */
export interface CandidateRef {
  readonly templateId: string;
  readonly key: string;
}

export interface DetectAnomaliesOutput {
  readonly run: RunRef;
  readonly detection: { readonly key: string; readonly anomalies: number };
  readonly candidates: readonly CandidateRef[];
}

/** The detection, stored for WriteReport. */
export interface StoredDetection {
  /** The anomalies before classification, with their representative lines. */
  readonly drafts: AnomalyRecord[];
  /** The lines fetched: representatives and each template's first line, redacted. */
  readonly lines: Array<[number, string]>;
  readonly templateSeverities: readonly Severity[];
  readonly floods: readonly FloodSpan[];
  /** The baseline compared with; null on a source's first run. */
  readonly baseline: Baseline | null;
  /** Candidate templates past `llm.max_calls`, left unclassified. */
  readonly overBudget: string[];
}
