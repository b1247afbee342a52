/** Types of the classification stage: anomalies in, verdicts (normal or anomaly, why, tags) out. */
import type { DetectorEvidence, Severity } from '../detection/types.ts';

/** What a verdict can say. `unclassified` is never an answer of a model: it records that no verdict was reached. */
export const CLASSIFICATIONS = { normal: 'normal', anomaly: 'anomaly', unclassified: 'unclassified' } as const;
/** One classification. */
export type Classification = (typeof CLASSIFICATIONS)[keyof typeof CLASSIFICATIONS];

/** The fixed tag vocabulary; verdicts may add free tags beside these. */
export const TAG_VOCABULARY = [
  'database',
  'network',
  'security',
  'authentication',
  'performance',
  'resource-exhaustion',
  'configuration',
  'dependency',
  'data-integrity',
  'availability',
  'hardware',
  'application-error',
  'capacity',
] as const;

/** Why no verdict was reached, in the normalised vocabulary of failures. */
export const FAILURES = {
  /** The run's `llm.max_calls` or `llm.max_tokens` was spent before this template's turn. */
  budget: 'budget',
  /** The provider kept failing (throttled, timed out, server errors) after every retry. */
  provider: 'provider',
  /** The answer could not be read as a verdict, even after one repair request. */
  badResponse: 'bad_response',
  /** The request itself was refused (bad request, missing key). */
  badRequest: 'bad_request',
} as const;
/** One failure kind. */
export type FailureKind = (typeof FAILURES)[keyof typeof FAILURES];

/** The classifier's verdict on one candidate template. */
export interface Verdict {
  readonly classification: Classification;
  readonly severity: Severity;
  readonly reason: string;
  readonly tags: readonly string[];
  /** Which provider produced it (`builtin` for the offline rules). */
  readonly provider: string;
  /** Which model (or rules version) produced it. */
  readonly model: string;
  /** Present when no verdict was reached: what failed, and the error's name and message. */
  readonly failure?: { readonly kind: FailureKind; readonly error: string; readonly message: string };
}

/** One template to classify, with what the detectors found and a few example lines (already redacted). */
export interface Candidate {
  readonly templateId: string;
  readonly template: string;
  readonly severity: Severity;
  readonly component: string | null;
  readonly errorIndicators: readonly string[];
  readonly evidence: readonly DetectorEvidence[];
  readonly examples: readonly string[];
  /** The highest anomaly score among the template's anomalies. */
  readonly score: number;
}

/** What the classifier needs of an LLM: one completion (the providers of shared/llm fit it). */
export interface CompletionClient {
  readonly provider: string;
  readonly model: string;
  complete(request: CompletionRequest): Promise<{ readonly text: string; readonly usage: { readonly inputTokens: number; readonly outputTokens: number } }>;
}

/** One request to a model. */
export interface CompletionRequest {
  readonly system: string;
  readonly prompt: string;
  /** The JSON schema the answer must follow. */
  readonly schema: Record<string, unknown>;
  readonly maxOutputTokens?: number;
}

/** Verdicts remembered across runs, keyed by template, provider, model and prompt version. */
export interface VerdictCache {
  get(key: string): Promise<Verdict | undefined>;
  set(key: string, verdict: Verdict): Promise<void>;
}

/** What classification cost. */
export interface ClassificationUsage {
  readonly provider: string;
  readonly model: string;
  /** Unique candidate templates. */
  readonly candidates: number;
  /** Calls made to the provider (repairs included; retries of one call count once). */
  readonly calls: number;
  readonly cache_hits: number;
  readonly tokens: { readonly input: number; readonly output: number };
  /** Candidates left unclassified, by failure kind. */
  readonly failures: Readonly<Record<string, number>>;
  /** Retries made after transient failures. */
  readonly retries: number;
  readonly seconds: number;
}
