export { BASELINE_SORT_KEY, KEY_PREFIX, RUN_SORT_KEY, TABLE_INDEXES, TABLE_KEYS, VERDICT_CACHE_KEYS } from './anomaly-table.ts';
export { RUN_STATUS } from './types.ts';
export type { AnomalyQuery, AnomalyStore, ByteRange, ObjectStore, RunRecord, RunStatus, StoredAnomaly } from './types.ts';
