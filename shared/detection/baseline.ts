/**
 * The baseline of a source: what earlier runs over the same source saw, so that a template absent from all of
 * them is "new". It lives in the anomaly store; the core only knows this port.
 */

/** What earlier runs of one source saw. */
export interface Baseline {
  /** The source, as {@link sourceKey} names it. */
  readonly source: string;
  /** Runs folded into the baseline. */
  readonly runs: number;
  /** Every template id seen by those runs, sorted. */
  readonly templateIds: readonly string[];
  /** When the last run was folded in, ISO 8601. */
  readonly updatedAt: string;
}

/** Where baselines are kept: a local file in the embedded default, the anomaly table in AWS. */
export interface BaselineStore {
  /** The baseline of a source; undefined before its first run. */
  load(source: string): Promise<Baseline | undefined>;
  /** Replaces the baseline of `baseline.source`. */
  save(baseline: Baseline): Promise<void>;
}

/**
 * The source a log file belongs to: its path without compression, rotation and date suffixes, so that
 * `app.log`, `app.log.1`, `app.log.2.gz` and `app-2024-05-01.log` share one baseline.
 * @example sourceKey('logs/app-2024-05-01.log.gz') // 'logs/app.log'
 */
export function sourceKey(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/\.gz$/i, '')
    .replace(/\.\d+$/, '')
    .replace(/[-_.]\d{4}-?\d{2}-?\d{2}(?:[-_T]?\d{2}(?::?\d{2}){0,2})?(?=\.|$)/, '');
}

/** The baseline after one more run that saw `templateIds`. */
export function foldRun(previous: Baseline | undefined, source: string, templateIds: Iterable<string>, now: Date): Baseline {
  const ids = new Set(previous?.templateIds);
  for (const id of templateIds) ids.add(id);
  return { source, runs: (previous?.runs ?? 0) + 1, templateIds: [...ids].sort(), updatedAt: now.toISOString() };
}
