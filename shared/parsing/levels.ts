/** Severity normalisation: the many spellings of a log level, mapped onto {@link Level}. */

import type { Level } from './types.ts';

/** Options of {@link normalizeLevel}. */
export interface NormalizeLevelOptions {
  /**
   * Accept the single letters glog, klog and Android logcat use (`I`, `W`, `E`, `F`, `D`, `V`).
   * Off by default because a lone letter in a free-text header is more often an initial or a flag than a level.
   * @default false
   */
  allowSingleLetter?: boolean;
}

/**
 * Level spellings by their lowercase form.
 *
 * Java's `SEVERE` is the top level java.util.logging has, but applications use it for ordinary errors, so it maps to
 * ERROR; the syslog names above `err` (crit, alert, emerg) and `panic` map to FATAL because LEVELS stops there.
 */
const SPELLINGS: ReadonlyArray<readonly [string, Level]> = [
  ['trace', 'TRACE'],
  ['finest', 'TRACE'],
  ['finer', 'TRACE'],
  ['verbose', 'TRACE'],
  ['debug', 'DEBUG'],
  ['dbg', 'DEBUG'],
  ['fine', 'DEBUG'],
  ['info', 'INFO'],
  ['information', 'INFO'],
  ['informational', 'INFO'],
  ['notice', 'NOTICE'],
  ['warn', 'WARN'],
  ['warning', 'WARN'],
  ['error', 'ERROR'],
  ['err', 'ERROR'],
  ['severe', 'ERROR'],
  ['fatal', 'FATAL'],
  ['critical', 'FATAL'],
  ['crit', 'FATAL'],
  ['alert', 'FATAL'],
  ['emerg', 'FATAL'],
  ['emergency', 'FATAL'],
  ['panic', 'FATAL'],
];

/** glog/klog and Android logcat single-letter levels, by their lowercase form. */
const SINGLE_LETTERS: ReadonlyArray<readonly [string, Level]> = [
  ['v', 'TRACE'],
  ['d', 'DEBUG'],
  ['i', 'INFO'],
  ['w', 'WARN'],
  ['e', 'ERROR'],
  ['f', 'FATAL'],
];

/**
 * Builds a lookup keyed by the lowercase, UPPERCASE and Capitalised forms, so the spellings logs actually use hit on
 * the first `get` without a `toLowerCase` allocation; anything else falls back to lowercasing once.
 */
function buildLookup(entries: ReadonlyArray<readonly [string, Level]>): ReadonlyMap<string, Level> {
  const map = new Map<string, Level>();
  for (const [spelling, level] of entries) {
    map.set(spelling, level);
    map.set(spelling.toUpperCase(), level);
    map.set(spelling.charAt(0).toUpperCase() + spelling.slice(1), level);
  }
  return map;
}

const WORD_LEVELS = buildLookup(SPELLINGS);
const LETTER_LEVELS = buildLookup(SINGLE_LETTERS);

/** Bunyan and Pino numeric levels. Other numbers are left alone: syslog's 0–7 would collide with counters and ids. */
const NUMERIC_LEVELS: ReadonlyMap<number, Level> = new Map<number, Level>([
  [10, 'TRACE'],
  [20, 'DEBUG'],
  [30, 'INFO'],
  [40, 'WARN'],
  [50, 'ERROR'],
  [60, 'FATAL'],
]);

/**
 * Syslog severities (RFC 5424) 0–7, in order. 0–2 (emerg, alert, crit) all map to FATAL because LEVELS stops there.
 */
const SYSLOG_SEVERITIES: readonly Level[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'NOTICE', 'INFO', 'DEBUG'];

/**
 * Normalises a level as written in a log (`warn`, `WARNING`, `Information`, Bunyan's `40`, …) to a {@link Level}.
 *
 * Matching is case-insensitive and ignores surrounding spaces (padded columns such as `INFO `). Numbers are read
 * only as Bunyan/Pino levels (10, 20, 30, 40, 50, 60 → TRACE … FATAL); syslog severities 0–7 are ambiguous on
 * their own and are read by {@link syslogSeverityLevel} where the record says they are syslog. Numeric strings are
 * not read as numbers.
 *
 * @param raw - The level as it appears in the log.
 * @param options - Whether single letters (`I`, `W`, `E`, `F`, `D`, `V`) count.
 * @returns The level, or undefined when `raw` is not a known spelling.
 * @example
 * normalizeLevel('Warning'); // 'WARN'
 * normalizeLevel(50); // 'ERROR'
 * normalizeLevel('E', { allowSingleLetter: true }); // 'ERROR'
 */
export function normalizeLevel(raw: string | number, options?: NormalizeLevelOptions): Level | undefined {
  if (typeof raw === 'number') return NUMERIC_LEVELS.get(raw);
  const level = WORD_LEVELS.get(raw);
  if (level !== undefined) return level;
  if (raw.length === 1) return options?.allowSingleLetter === true ? LETTER_LEVELS.get(raw.toLowerCase()) : undefined;
  // The longest spelling is 13 characters; anything much longer is not a level, so skip the allocation.
  if (raw.length > 32) return undefined;
  const folded = raw.trim().toLowerCase();
  const wordLevel = WORD_LEVELS.get(folded);
  if (wordLevel !== undefined || folded.length !== 1 || options?.allowSingleLetter !== true) return wordLevel;
  return LETTER_LEVELS.get(folded);
}

/**
 * Maps a syslog severity (RFC 5424: 0 emerg … 7 debug) to a {@link Level}, for records known to carry one, such as
 * journald's `PRIORITY`.
 *
 * @param severity - The severity as a number or a one-digit string (journald exports it as a string).
 * @returns The level, or undefined when `severity` is not an integer from 0 to 7.
 */
export function syslogSeverityLevel(severity: string | number): Level | undefined {
  if (typeof severity === 'number') return Number.isInteger(severity) ? SYSLOG_SEVERITIES[severity] : undefined;
  if (severity.length !== 1) return undefined;
  const digit = severity.charCodeAt(0) - 48;
  return digit >= 0 && digit <= 7 ? SYSLOG_SEVERITIES[digit] : undefined;
}
