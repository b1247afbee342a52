/**
 * What the anomaly stores share about queries: the time an anomaly is indexed by, the order results come in, and
 * the predicate of an {@link AnomalyQuery}, so the DynamoDB table and the local file answer a query alike; and the
 * fields of a run they write.
 */
import type { AnomalyRecord } from '../../shared/detection/index.ts';
import type { AnomalyQuery, RunRecord, StoredAnomaly } from '../../shared/store/index.ts';

/** Defaults of {@link AnomalyQuery}. */
export const DEFAULT_ANOMALY_QUERY = { limit: 100 } as const;

/** An anomaly as a store keeps it: the record, where it comes from, and the time it is indexed by. */
export interface IndexedAnomaly extends StoredAnomaly {
  /** `first_seen`, or the run's start when the log has no times (ISO 8601). */
  readonly time: string;
}

/** The object an anomaly comes from: `bucket/key`, or the bare path of a local run (no bucket). */
export function objectName(run: Pick<RunRecord, 'bucket' | 'key'>): string {
  return run.bucket === '' ? run.key : `${run.bucket}/${run.key}`;
}

/** The time an anomaly is indexed and ordered by: its `first_seen`, or `runTime` when the log has no times. */
export function indexTime(anomaly: AnomalyRecord, runTime: string): string {
  return anomaly.first_seen ?? runTime;
}

/** The sort key of every index: time, then anomaly id, so equal times still have one order. */
export function indexSortKey(time: string, anomalyId: string): string {
  return `${time}#${anomalyId}`;
}

/** The UTC day (`YYYY-MM-DD`) of an ISO 8601 time. */
export function utcDay(time: string): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * An ISO 8601 bound in the form the store keeps times in (`toISOString`), so bounds compare as strings.
 * @throws Error naming the value when it is not a time.
 */
export function normalizeTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`"${value}" is not an ISO 8601 time (e.g. 2024-05-01 or 2024-05-01T12:00:00Z)`);
  return new Date(ms).toISOString();
}

/** The query with its time bounds normalised and its limit applied. */
export function resolveQuery(query: AnomalyQuery): AnomalyQuery & { readonly limit: number } {
  const limit = query.limit ?? DEFAULT_ANOMALY_QUERY.limit;
  if (!(Number.isInteger(limit) && limit > 0)) throw new Error(`limit must be a positive whole number, got ${limit}`);
  return {
    ...query,
    ...(query.from === undefined ? {} : { from: normalizeTime(query.from) }),
    ...(query.to === undefined ? {} : { to: normalizeTime(query.to) }),
    limit,
  };
}

/** Whether an anomaly matches every field of a (resolved) query; the time bounds apply to its index time. */
export function matchesQuery(item: IndexedAnomaly, query: AnomalyQuery): boolean {
  const { anomaly } = item;
  if (query.runId !== undefined && item.runId !== query.runId) return false;
  if (query.object !== undefined && item.object !== query.object) return false;
  if (query.severity !== undefined && anomaly.severity !== query.severity) return false;
  if (query.templateId !== undefined && anomaly.template_id !== query.templateId) return false;
  if (query.tag !== undefined && !anomaly.tags.includes(query.tag)) return false;
  const time = Date.parse(item.time);
  if (query.from !== undefined && !(time >= Date.parse(query.from))) return false;
  if (query.to !== undefined && !(time <= Date.parse(query.to))) return false;
  return true;
}

/** Newest first: by index time, then anomaly id, both descending (the order of a backward index read). */
export function compareNewestFirst(a: IndexedAnomaly, b: IndexedAnomaly): number {
  const ka = indexSortKey(a.time, a.anomaly.id);
  const kb = indexSortKey(b.time, b.anomaly.id);
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/** A stored anomaly without the index time. */
export function toStoredAnomaly(item: IndexedAnomaly): StoredAnomaly {
  return { runId: item.runId, object: item.object, anomaly: item.anomaly };
}

/**
 * The fields of `value` that have a value: the DocumentClient refuses undefined unless told otherwise, and a run's
 * result written over its record must not blank what it leaves out.
 */
export function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
