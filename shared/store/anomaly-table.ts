/**
 * The anomaly table's design, shared by the CDK construct that creates it, the adapter that writes it and the
 * query command that reads it, so the three cannot drift apart.
 *
 * One table, single-table design. Keys are deterministic (a run's id is the hash of the object's bucket, key and
 * ETag; an anomaly's id is the hash of its file, kind, template and position), so a redelivered event or a retried
 * state writes the same items again instead of new ones.
 *
 * | item | pk | sk |
 * | --- | --- | --- |
 * | a run | `RUN#<runId>` | `RUN` |
 * | an anomaly of a run | `RUN#<runId>` | `ANOMALY#<anomalyId>` |
 * | a source's baseline | `BASELINE#<source>` | `BASELINE` |
 * | a tag's pointer to an anomaly | `TAG#<tag>` | `<first_seen>#<anomalyId>` |
 *
 * Anomaly items carry the index keys below; each index sorts by `<first_seen or run time>#<anomalyId>`, so any of
 * them can be read for a time range.
 */

/** Attribute names of the table's keys. */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expires_at' } as const;

/** The global secondary indexes: name, partition and sort attribute, and what they answer. */
export const TABLE_INDEXES = {
  /** Anomalies of one source object (bucket/key), by time. */
  byObject: { name: 'by-object', partition: 'gsi1pk', sort: 'gsi1sk' },
  /** Anomalies of one severity, by time. */
  bySeverity: { name: 'by-severity', partition: 'gsi2pk', sort: 'gsi2sk' },
  /** Anomalies of one template, by time. */
  byTemplate: { name: 'by-template', partition: 'gsi3pk', sort: 'gsi3sk' },
  /** Anomalies of one UTC day, by time: time-range queries read the days they span. */
  byDay: { name: 'by-day', partition: 'gsi4pk', sort: 'gsi4sk' },
} as const;

/** The partition key values, by what they group. */
export const KEY_PREFIX = {
  run: 'RUN#',
  anomaly: 'ANOMALY#',
  baseline: 'BASELINE#',
  object: 'OBJECT#',
  severity: 'SEVERITY#',
  template: 'TEMPLATE#',
  day: 'DAY#',
  tag: 'TAG#',
} as const;

/** The sort key of a run's own item and of a baseline. */
export const RUN_SORT_KEY = 'RUN';
export const BASELINE_SORT_KEY = 'BASELINE';

/** The verdict cache table: one item per cache key. */
export const VERDICT_CACHE_KEYS = { partition: 'cache_key', ttl: 'expires_at' } as const;
