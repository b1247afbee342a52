/**
 * The `security` section of the analysis summary: secrets counted by kind, with the lines they were found on.
 * Only kinds, counts and line numbers are kept, never the text of a secret, so the summary is safe to store and
 * to show.
 */
import { DEFAULT_SECRET_SCAN_OPTIONS, scanSecrets } from './scan.ts';
import type { SecretFinding, SecretKind, SecretKindSummary, SecretScanOptions, SecurityScannerOptions, SecuritySummary } from './types.ts';

/** The defaults of SecurityScannerOptions. */
export const DEFAULT_SECURITY_SCANNER_OPTIONS: Required<SecurityScannerOptions> = {
  ...DEFAULT_SECRET_SCAN_OPTIONS,
  maxLinesPerKind: 100,
};

function resolveOptions(options: SecurityScannerOptions): Required<SecurityScannerOptions> {
  const maxLinesPerKind = options.maxLinesPerKind ?? DEFAULT_SECURITY_SCANNER_OPTIONS.maxLinesPerKind;
  if (!Number.isInteger(maxLinesPerKind) || maxLinesPerKind < 0) {
    throw new RangeError(`maxLinesPerKind: expected a non-negative integer, got ${maxLinesPerKind}`);
  }
  return {
    redactIps: options.redactIps ?? DEFAULT_SECURITY_SCANNER_OPTIONS.redactIps,
    redactEmails: options.redactEmails ?? DEFAULT_SECURITY_SCANNER_OPTIONS.redactEmails,
    maxLinesPerKind,
  };
}

/**
 * Accumulates the secrets of a stream of records into a SecuritySummary.
 * @example
 * const scanner = new SecurityScanner();
 * for (const record of records) scanner.add(record.line, record.message);
 * const security = scanner.summary(); // { total: 2, byKind: { PASSWORD: { count: 2, lines: [7, 19], … } } }
 */
export class SecurityScanner {
  readonly #scan: SecretScanOptions;
  readonly #maxLines: number;
  #total = 0;
  readonly #byKind = new Map<SecretKind, SecretKindSummary>();

  /**
   * @throws RangeError when `maxLinesPerKind` is not a non-negative integer.
   */
  constructor(options: SecurityScannerOptions = {}) {
    const resolved = resolveOptions(options);
    this.#scan = { redactIps: resolved.redactIps, redactEmails: resolved.redactEmails };
    this.#maxLines = resolved.maxLinesPerKind;
  }

  /**
   * Scans one record and counts its secrets.
   * @param line - the 1-based number of the record's first line; a secret on a continuation line (after a `\n` in
   *   `text`) is reported on its own line.
   * @param text - the record's text.
   * @returns the findings, for a caller that also redacts; they are not kept.
   */
  add(line: number, text: string): SecretFinding[] {
    const findings = scanSecrets(text, this.#scan);
    if (findings.length === 0) return findings;
    const multiLine = text.includes('\n');
    let newlines = 0;
    let counted = 0;
    for (const f of findings) {
      if (multiLine) {
        for (let i = text.indexOf('\n', counted); i !== -1 && i < f.start; i = text.indexOf('\n', i + 1)) newlines++;
        counted = f.start;
      }
      this.#record(f.kind, line + newlines);
    }
    this.#total += findings.length;
    return findings;
  }

  #record(kind: SecretKind, line: number): void {
    let entry = this.#byKind.get(kind);
    if (entry === undefined) {
      entry = { count: 0, lines: [], linesTruncated: false };
      this.#byKind.set(kind, entry);
    }
    entry.count++;
    // Records arrive in line order, so a repeated line is the last one listed.
    if (entry.lines.at(-1) === line) return;
    if (entry.lines.length < this.#maxLines) entry.lines.push(line);
    else entry.linesTruncated = true;
  }

  /** The summary so far, as a fresh object the caller may keep or change. */
  summary(): SecuritySummary {
    const byKind: SecuritySummary['byKind'] = {};
    for (const [kind, entry] of this.#byKind) byKind[kind] = { count: entry.count, lines: [...entry.lines], linesTruncated: entry.linesTruncated };
    return { total: this.#total, byKind };
  }
}

/**
 * Merges the summaries of separately scanned parts of a file (chunks scanned in parallel) into one: counts add up,
 * line numbers are united, sorted and capped again.
 * @param summaries - the parts' summaries, their line numbers already relative to the whole file.
 * @param options - `maxLinesPerKind` of the merged summary.
 * @throws RangeError when `maxLinesPerKind` is not a non-negative integer.
 */
export function mergeSecuritySummaries(summaries: readonly SecuritySummary[], options: Pick<SecurityScannerOptions, 'maxLinesPerKind'> = {}): SecuritySummary {
  const { maxLinesPerKind } = resolveOptions(options);
  const merged = new Map<SecretKind, { count: number; lines: Set<number>; truncated: boolean }>();
  let total = 0;
  for (const summary of summaries) {
    total += summary.total;
    for (const [kind, entry] of Object.entries(summary.byKind) as [SecretKind, SecretKindSummary][]) {
      let into = merged.get(kind);
      if (into === undefined) {
        into = { count: 0, lines: new Set(), truncated: false };
        merged.set(kind, into);
      }
      into.count += entry.count;
      into.truncated ||= entry.linesTruncated;
      for (const line of entry.lines) into.lines.add(line);
    }
  }
  const byKind: SecuritySummary['byKind'] = {};
  for (const [kind, entry] of merged) {
    const lines = [...entry.lines].sort((a, b) => a - b);
    byKind[kind] = { count: entry.count, lines: lines.slice(0, maxLinesPerKind), linesTruncated: entry.truncated || lines.length > maxLinesPerKind };
  }
  return { total, byKind };
}
