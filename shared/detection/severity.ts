/**
 * Severity from what a record says about itself: its level, and error indicators among the constant words of its
 * template. Indicators are looked up in the template, never in the variables, so a user called "error" or a path
 * `/var/log/failed/` does not make a line an error, and words are matched whole, so "terror" is not "error".
 */
import type { Level } from '../parsing/index.ts';
import { SEVERITIES, type Severity } from './types.ts';

/** Words that mark a failure wherever they appear as a word of the template. */
const ERROR_INDICATORS: ReadonlySet<string> = new Set([
  'error', 'errors', 'err', 'fatal', 'exception', 'panic', 'panicked', 'refused', 'timeout', 'timeouts', 'timedout',
  'denied', 'oom', 'outofmemoryerror', 'killed', 'failed', 'failure', 'failures', 'fail', 'fails', 'unreachable',
  'crash', 'crashed', 'abort', 'aborted', 'aborting', 'segfault', 'corrupt', 'corrupted', 'unavailable', 'rejected',
  'forbidden', 'unauthorized', 'invalid', 'cannot', "can't", 'unable', 'lost', 'broken', 'deadlock', 'overflow',
  'critical', 'emergency', 'traceback', 'stacktrace', 'violation', 'injection', 'attack', 'intrusion', 'bug', 'lockup',
  'stuck', 'hung', 'oops', 'dropping', 'dropped', 'exhausted', 'unhealthy', 'degraded', 'exploit', 'malware', 'breach',
  'xss',
]);

/** An exception or error class name: NullPointerException, OutOfMemoryError. */
const EXCEPTION_CLASS = /^[A-Za-z]+(?:Exception|Error)$/;

/** Words of an attack or a breach: whatever the level, such a record is at least `high`. */
const SECURITY_INDICATORS: ReadonlySet<string> = new Set(['injection', 'attack', 'intrusion', 'exploit', 'malware', 'breach', 'xss']);

/** Two-word indicators, as "first second". */
const ERROR_PHRASES: ReadonlySet<string> = new Set(['timed out', 'out of', 'no space', 'not found', 'connection reset', 'too many']);

/** Words of a template that indicate an error, lower-cased, in order of appearance. */
export function errorIndicators(templateText: string): string[] {
  const original = templateText.split(/[^A-Za-z']+/).filter((w) => w.length > 0);
  const words = original.map((w) => w.toLowerCase());
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // Class names end in a capitalised Error or Exception (OutOfMemoryError); "terror" does not.
    const indicator = ERROR_INDICATORS.has(word) || EXCEPTION_CLASS.test(original[i]!) ? word : undefined;
    if (indicator !== undefined && !found.includes(indicator)) found.push(indicator);
    const phrase = i + 1 < words.length ? `${word} ${words[i + 1]}` : '';
    if (ERROR_PHRASES.has(phrase) && !found.includes(phrase)) found.push(phrase);
  }
  return found;
}

const LEVEL_SEVERITY: Readonly<Record<Level, Severity>> = {
  TRACE: 'info',
  DEBUG: 'info',
  INFO: 'info',
  NOTICE: 'low',
  WARN: 'medium',
  ERROR: 'high',
  FATAL: 'critical',
};

/**
 * The severity of records with this level and template: the level's, raised to at least `medium` when the
 * template has error indicators, and to `high` when it has no level at all but indicators (kernels and daemons
 * write failures without one) or when an indicator is an attack's (injection, intrusion).
 */
export function severityOf(level: Level | undefined, indicators: readonly string[]): Severity {
  const fromLevel = level === undefined ? 'info' : LEVEL_SEVERITY[level];
  if (indicators.length === 0) return fromLevel;
  const fromIndicators: Severity = level === undefined || indicators.some((i) => SECURITY_INDICATORS.has(i)) ? 'high' : 'medium';
  return maxSeverity(fromLevel, fromIndicators);
}

// The order of SEVERITIES is the order of badness.
const RANK = Object.fromEntries(SEVERITIES.map((severity, rank) => [severity, rank])) as Readonly<Record<Severity, number>>;

/** The worse of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

