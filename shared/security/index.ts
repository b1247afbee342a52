export { DEFAULT_SECRET_SCAN_OPTIONS, redactSecrets, scanSecrets, secretPlaceholder } from './scan.ts';
export { DEFAULT_SECURITY_SCANNER_OPTIONS, mergeSecuritySummaries, SecurityScanner } from './summary.ts';
export { SECRET_KINDS } from './types.ts';
export type { RedactionResult, SecretFinding, SecretKind, SecretKindSummary, SecretScanOptions, SecurityScannerOptions, SecuritySummary } from './types.ts';
