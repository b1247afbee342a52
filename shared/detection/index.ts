export { foldRun, sourceKey } from './baseline.ts';
export type { Baseline, BaselineStore } from './baseline.ts';
export { detectAnomalies, MIN_REPORTED_SCORE } from './detect.ts';
export type { AnomalyDraft, Detection, DetectionInput } from './detect.ts';
export { levelOfCode, NUMBER_SLOTS, readNumbers, RecordTableBuilder, resolveTemplates, UNRESOLVED } from './record-table.ts';
export type { RecordColumns, RecordRows } from './record-table.ts';
export { errorIndicators, maxSeverity, severityOf } from './severity.ts';
export { ANOMALY_KINDS, DETECTORS, SEVERITIES } from './types.ts';
export type { AnomalyKind, AnomalyRecord, DetectorEvidence, DetectorName, LineRange, Severity } from './types.ts';
