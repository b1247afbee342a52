/**
 * Ports: the storage the pipeline needs, declared here and implemented outside the core (functions/lib/): S3 and
 * DynamoDB in AWS; a folder and a JSON file on a laptop; the S3 and DynamoDB servers of the tests.
 */
import type { Verdict, VerdictCache } from '../classify/index.ts';
import type { AnomalyRecord, BaselineStore, Severity } from '../detection/index.ts';

/** Bytes [start, end) of an object. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Where objects live: log files, chunks, intermediate results, reports. */
export interface ObjectStore {
  /** Size and ETag of an object; undefined when it does not exist. */
  head(key: string): Promise<{ readonly size: number; readonly etag: string } | undefined>;
  /** An object's bytes. @throws Error naming the key when it does not exist. */
  get(key: string): Promise<Uint8Array>;
  /** Writes an object (replacing it). */
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  /**
   * Copies an object, or the bytes [start, end) of it, to a local file (for the readers, which stream files).
   * @throws Error naming the key when it does not exist.
   */
  download(key: string, path: string, range?: ByteRange): Promise<void>;
  /** Writes a local file as an object. */
  upload(path: string, key: string, contentType?: string): Promise<void>;
  /** Keys under a prefix, with their ETags, in key order; pagination handled. */
  list(prefix: string): Promise<Array<{ readonly key: string; readonly etag: string; readonly size: number }>>;
}

/** States a run goes through. */
export const RUN_STATUS = { running: 'RUNNING', completed: 'COMPLETED', failed: 'FAILED' } as const;
/** One run status. */
export type RunStatus = (typeof RUN_STATUS)[keyof typeof RUN_STATUS];

/** One analysis of one object. */
export interface RunRecord {
  /** Hash of bucket, key and ETag: the same object analysed again is the same run. */
  readonly runId: string;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  /** The source (baseline key) the object belongs to. */
  readonly source: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Counts, once completed. */
  readonly lines?: number;
  readonly anomalies?: number;
  /** Where the reports were written. */
  readonly reportPrefix?: string;
  /** The error, when failed. */
  readonly error?: { readonly error: string; readonly cause: string };
}

/** What `loganomaly query` can ask for; fields combine (all must match). */
export interface AnomalyQuery {
  readonly runId?: string;
  /** The source object, `bucket/key` (or the file path of a local run). */
  readonly object?: string;
  readonly severity?: Severity;
  readonly templateId?: string;
  readonly tag?: string;
  /** ISO 8601 bounds on `first_seen`, inclusive. */
  readonly from?: string;
  readonly to?: string;
  /** Most anomalies returned. @default 100 */
  readonly limit?: number;
}

/** An anomaly as stored: the record and the run it belongs to. */
export interface StoredAnomaly {
  readonly runId: string;
  /** The source object, `bucket/key`. */
  readonly object: string;
  readonly anomaly: AnomalyRecord;
}

/** Where runs, anomalies and baselines live. */
export interface AnomalyStore extends BaselineStore {
  /**
   * Records that a run started. @returns false when the run already completed (a redelivered event), so the
   * caller can stop.
   */
  startRun(run: RunRecord): Promise<boolean>;
  /** Marks a run completed, with its counts. */
  completeRun(runId: string, result: Pick<RunRecord, 'lines' | 'anomalies' | 'reportPrefix' | 'finishedAt'>): Promise<void>;
  /** Marks a run failed, with the error. */
  failRun(runId: string, error: { readonly error: string; readonly cause: string }, finishedAt: string): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Writes a run's anomalies; writing the same anomalies again leaves one item each (deterministic keys). */
  putAnomalies(run: Pick<RunRecord, 'runId' | 'bucket' | 'key'>, anomalies: readonly AnomalyRecord[]): Promise<void>;
  /** Anomalies matching the query, newest first; pagination handled. */
  queryAnomalies(query: AnomalyQuery): Promise<StoredAnomaly[]>;
}

export type { Verdict, VerdictCache };
