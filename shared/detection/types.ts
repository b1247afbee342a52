/** Types of the detection stage: records grouped by template in, anomaly records out. */

/** How bad an anomaly is, from the levels and error indicators of its records. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
/** One severity. */
export type Severity = (typeof SEVERITIES)[number];

/** The detectors, by the name that appears in an anomaly's `detectors`. */
export const DETECTORS = {
  /** One template makes up most of a rolling window of records. */
  flood: 'flood',
  /** A template's rate jumps far above what the rest of the traffic predicts. */
  burst: 'burst',
  /** A steady template stops while the rest of the log goes on. */
  silence: 'silence',
  /** A template seen only a few times. */
  rare: 'rare',
  /** A template absent from earlier runs of the same source (or, with no baseline, first seen late in the file). */
  new: 'new',
  /** A numeric parameter of a template moves far outside the range it had earlier in the file. */
  drift: 'drift',
  /** A time window whose mix of templates is unlike its neighbours' (Local Outlier Factor). */
  lof: 'lof',
  /** Records that carry a secret (a password, a key, a token) in clear text. */
  security: 'security',
} as const;
/** One detector name. */
export type DetectorName = (typeof DETECTORS)[keyof typeof DETECTORS];

/** What an anomaly is about. */
export const ANOMALY_KINDS = {
  /** Something about one template: rare, new, bursting, silent or drifting. */
  template: 'template',
  /** One flood span. */
  flood: 'flood',
  /** One time window. */
  window: 'window',
} as const;
/** One anomaly kind. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[keyof typeof ANOMALY_KINDS];

/** A detector's finding, with the numbers that made it fire. */
export interface DetectorEvidence {
  /** The detector. */
  readonly detector: DetectorName;
  /** Its own score, 0 to 1. */
  readonly score: number;
  /** One sentence a person can check against the lines. */
  readonly explanation: string;
  /** Observed value (a count, a share, a parameter level), when the detector compares one. */
  readonly observed?: number;
  /** What was expected instead. */
  readonly expected?: number;
  /** Further numbers, by name (LOF score, flood share, window start, …). */
  readonly details?: Readonly<Record<string, number | string>>;
}

/** An inclusive range of physical lines, `[first, last]`, 1-based. */
export type LineRange = readonly [first: number, last: number];

/** One anomaly: an anomalous template, one flood span or one window. */
export interface AnomalyRecord {
  /** Deterministic: the same input gives the same id. */
  readonly id: string;
  /** What the anomaly is about. */
  readonly kind: AnomalyKind;
  /** The file the lines come from. */
  readonly source_file: string;
  /** The template's id (the most involved template, for a window). */
  readonly template_id: string;
  /** The template's text, with `<*>` for variables. */
  readonly template: string;
  /** A representative line (redacted). */
  readonly log: string;
  /** Line of the representative. */
  readonly log_line: number;
  /** Time of the representative record, ISO 8601 UTC; null when the log has no times. */
  readonly timestamp: string | null;
  /** Time of the first involved record. */
  readonly first_seen: string | null;
  /** Time of the last involved record. */
  readonly last_seen: string | null;
  /** Records involved. */
  readonly count: number;
  /** The involved lines, as inclusive ranges (at most a few hundred ranges; `lines_truncated` says when more). */
  readonly lines: readonly LineRange[];
  /** Whether `lines` was cut short. */
  readonly lines_truncated: boolean;
  /** How sure we are, 0 to 1. */
  readonly score: number;
  /** How bad it is. */
  readonly severity: Severity;
  /** The component most of the involved records come from, when the log names one. */
  readonly component: string | null;
  /** Which detectors fired, with their numbers. */
  readonly detectors: readonly DetectorEvidence[];
  /** Filled by the classifier: `normal`, `anomaly`, or `unclassified` until then. */
  classification: string;
  /** Filled by the classifier: why. */
  reason: string;
  /** Filled by the classifier (detector names until then). */
  tags: string[];
  /** Which provider gave the verdict (`builtin` for the offline rules); null until classified. */
  provider: string | null;
  /** Which model (or rules version) gave the verdict; null until classified. */
  model: string | null;
  /** Why no verdict was reached, when none was: the failure kind, the error's name and message. */
  classification_failure: { readonly kind: string; readonly error: string; readonly message: string } | null;
}
