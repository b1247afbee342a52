/**
 * Structured line formats: one JSON object per line (Docker, Kubernetes, Fluent Bit, Bunyan, Pino, ECS, journald,
 * CloudWatch JSON) and CloudWatch Logs export lines, plus the detector that tells them from plain text.
 *
 * Everything here runs once per line on a pipeline that targets a million lines a second, so each function rejects
 * with a character check before it parses, and every lookup table and pattern is built once at module load.
 */

import { normalizeLevel, syslogSeverityLevel } from './levels.ts';
import { DAYS_IN_MONTH } from './timestamps.ts';
import type { Level, LogFormat, ParsedLine } from './types.ts';
import { LOG_FORMATS } from './types.ts';

/**
 * The field names {@link parseJsonLine} reads, each list in priority order (the first usable one wins).
 *
 * A dotted name (`log.level`) matches either that literal top-level key, as ECS loggers write it, or the nested path
 * (`{"log":{"level":…}}`); the literal key is tried first.
 */
export const JSON_FIELD_NAMES = {
  /**
   * The message: the first of these whose value is a string. `log` is Docker json-file's, Fluent Bit's and
   * Kubernetes'; `MESSAGE` is journald's.
   */
  message: ['message', 'msg', 'log', 'MESSAGE', '@message', 'event', 'text', 'body'],
  /** The level: the first of these whose value {@link normalizeLevel} recognises. */
  level: ['level', 'severity', 'levelname', 'lvl', 'log.level', '@level', 'loglevel'],
  /** The level of journald records only, read as a syslog severity 0–7 (elsewhere a priority is something else). */
  journaldLevel: ['PRIORITY', 'priority'],
  /** The timestamp: the first of these that reads as a time. `__REALTIME_TIMESTAMP` is journald's, in microseconds. */
  timestamp: ['timestamp', '@timestamp', 'time', 'ts', 'date', 'datetime', 't', '__REALTIME_TIMESTAMP'],
  /**
   * The component: the first of these that is a non-empty string. `name` is Bunyan's and Pino's logger name; `source`
   * is skipped when it is a stream name (`stdout`, `stderr`), as Docker's fluentd driver writes it.
   */
  component: [
    'logger',
    'logger_name',
    'loggerName',
    'log.logger',
    'name',
    'component',
    'module',
    'source',
    'service',
    'service.name',
    'kubernetes.container_name',
    'SYSLOG_IDENTIFIER',
    '_COMM',
  ],
  /** Nested values copied into `fields` under their dotted name, because they identify where a line came from. */
  nestedFields: [
    'kubernetes.namespace_name',
    'kubernetes.pod_name',
    'kubernetes.container_name',
    'kubernetes.container_image',
    'kubernetes.host',
    'log.logger',
    'log.origin.file.name',
    'log.origin.file.line',
    'log.origin.function',
    'service.name',
    'host.name',
    'host.hostname',
    'process.pid',
    'process.thread.name',
    'error.type',
    'error.message',
    'error.stack_trace',
    'err.type',
    'err.name',
    'err.message',
    'err.stack',
    'trace.id',
    'span.id',
  ],
} as const;

/** A CloudWatch Logs export line split into its ingestion timestamp and the event as it was logged. */
export interface CloudWatchExportLine {
  /** The timestamp CloudWatch prefixed, in milliseconds since the epoch. */
  timestampMs: number;
  /** The event exactly as logged: JSON, or plain text such as Lambda's `START RequestId: …`. */
  event: string;
}

type JsonObject = Record<string, unknown>;

/** What a candidate key supplies. Internal, so numbers: they are compared on every key of every line. */
const KINDS = {
  message: 0,
  level: 1,
  timestamp: 2,
  component: 3,
  nestedField: 4,
  journaldLevel: 5,
  journaldMarker: 6,
} as const;
type Kind = (typeof KINDS)[keyof typeof KINDS];

/** One way a top-level key can supply a part of the record: its own value, or a value on a path below it. */
interface Candidate {
  readonly kind: Kind;
  /** Order among the candidates of one kind, lower wins: twice the position in its list, plus one when nested. */
  readonly rank: number;
  /** The name as listed (`log.level`), which is also the field name of a nested value. */
  readonly name: string;
  /** The path below the top-level key, or undefined when the key's own value is meant. */
  readonly below: readonly string[] | undefined;
}

/** Keys only journald writes: their presence is what makes a `PRIORITY` a syslog severity. */
const JOURNALD_MARKERS: readonly string[] = [
  '__CURSOR',
  '__REALTIME_TIMESTAMP',
  '_SYSTEMD_UNIT',
  '_TRANSPORT',
  '_BOOT_ID',
  'MESSAGE',
];
/** Stream names that say which pipe a line came from, not which component wrote it. */
const STREAM_NAMES: ReadonlySet<string> = new Set(['stdout', 'stderr']);
/** Where journald's microsecond clock is the named unit rather than guessed from magnitude. */
const MICROSECOND_FIELD = '__REALTIME_TIMESTAMP';
/** Keys of a logfmt message that carry the message itself. */
const LOGFMT_MESSAGE_KEYS: readonly string[] = ['msg', 'message'];
/**
 * Epoch values below this many seconds (2001-09-09) are taken for durations or counters, not times: a `time` of 0.25
 * is far more often a request time than a moment in 1970.
 */
const MIN_EPOCH_SECONDS = 1e9;

/**
 * Every candidate by top-level key, so a record is read in one pass over its own keys (typically a dozen) instead of
 * probing it for each of the fifty-odd names, most of them absent.
 */
const JSON_INDEX = buildIndex(false);
/** The candidates a logfmt message can supply: literal keys only, and only `msg`/`message` for the message. */
const LOGFMT_INDEX = buildIndex(true);

function buildIndex(logfmt: boolean): ReadonlyMap<string, readonly Candidate[]> {
  const index = new Map<string, Candidate[]>();
  const add = (key: string, candidate: Candidate): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [candidate]);
    else list.push(candidate);
  };
  const addAll = (kind: Kind, names: readonly string[], literal: boolean, nested: boolean): void => {
    names.forEach((name, position) => {
      // The literal key ranks just above the nested path of the same name: ECS loggers write `log.level` literally.
      if (literal) add(name, { kind, rank: position * 2, name, below: undefined });
      const [top, ...below] = name.split('.');
      if (nested && top !== undefined && below.length > 0) add(top, { kind, rank: position * 2 + 1, name, below });
    });
  };
  addAll(KINDS.message, logfmt ? LOGFMT_MESSAGE_KEYS : JSON_FIELD_NAMES.message, true, !logfmt);
  addAll(KINDS.level, JSON_FIELD_NAMES.level, true, !logfmt);
  addAll(KINDS.timestamp, JSON_FIELD_NAMES.timestamp, true, !logfmt);
  addAll(KINDS.component, JSON_FIELD_NAMES.component, true, !logfmt);
  if (!logfmt) {
    addAll(KINDS.nestedField, JSON_FIELD_NAMES.nestedFields, false, true);
    addAll(KINDS.journaldLevel, JSON_FIELD_NAMES.journaldLevel, true, false);
    addAll(KINDS.journaldMarker, JOURNALD_MARKERS, true, false);
  }
  return index;
}

const CHAR_TAB = 9;
const CHAR_LF = 10;
const CHAR_CR = 13;
const CHAR_SPACE = 32;
const CHAR_QUOTE = 34;
const CHAR_PLUS = 43;
const CHAR_COMMA = 44;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_COLON = 58;
const CHAR_UPPER_T = 84;
const CHAR_UPPER_Z = 90;
const CHAR_BACKSLASH = 92;
const CHAR_LOWER_T = 116;
const CHAR_LOWER_Z = 122;
const CHAR_OPEN_BRACE = 123;
const CHAR_CLOSE_BRACE = 125;
const CHAR_BOM = 0xfeff;

/**
 * Parses one line as a JSON object and extracts the parts of a log record from it.
 *
 * Fields are read by name in the priority order of {@link JSON_FIELD_NAMES}:
 * - message: `message`, `msg`, `log`, `MESSAGE`, `@message`, `event`, `text`, `body` (the first string; trailing
 *   newlines, which Docker and Fluent Bit keep, are stripped);
 * - level: `level`, `severity`, `levelname`, `lvl`, `log.level`, `@level`, `loglevel` (via {@link normalizeLevel}),
 *   then, for journald records only, `PRIORITY`/`priority` as a syslog severity;
 * - timestamp: `timestamp`, `@timestamp`, `time`, `ts`, `date`, `datetime`, `t`, `__REALTIME_TIMESTAMP` (µs). ISO 8601
 *   with `T` or a space, with or without a zone (none means UTC); epoch numbers or numeric strings in seconds,
 *   milliseconds, microseconds or nanoseconds by magnitude; MongoDB's `{"$date": …}`;
 * - component: `logger`, `logger_name`, `loggerName`, `log.logger`, `name`, `component`, `module`, `source`, `service`,
 *   `service.name`, `kubernetes.container_name`, `SYSLOG_IDENTIFIER`, `_COMM`.
 *
 * A name whose value is there but unusable (a level that is no known spelling, a time that does not parse) is skipped
 * and its value stays in `fields`.
 *
 * The message is then read further when it is itself structured, because container runtimes wrap an application's
 * own line: a JSON object (one level deep) or a logfmt line (`level=info ts=… msg="started"`) supplies message,
 * level, timestamp and component, which win over the wrapper's, and its other values join `fields`.
 *
 * Without a message field, the message is the object minus the extracted fields, serialised compactly with keys
 * sorted at every depth, so that templates can still be mined from it.
 *
 * `fields` holds every other top-level string, number and boolean, plus the nested values listed in
 * `JSON_FIELD_NAMES.nestedFields`, all as strings; it is omitted when empty.
 *
 * @param line - One physical line, without its line terminator.
 * @returns The parsed line, or undefined when the line is not a JSON object (an array, a string, malformed JSON).
 * @example
 * parseJsonLine('{"level":30,"time":1709294400123,"name":"api","msg":"listening"}');
 * // { message: 'listening', level: 'INFO', timestampMs: 1709294400123, component: 'api' }
 */
export function parseJsonLine(line: string): ParsedLine | undefined {
  const record = parseObject(line);
  return record === undefined ? undefined : readRecord(record, true);
}

/**
 * Splits a CloudWatch Logs export line into its timestamp and event.
 *
 * The line is an ISO 8601 UTC timestamp ending in `Z` (`2024-03-01T12:00:00.123Z`), one space, then the event exactly
 * as it was logged, which is returned untouched (leading spaces included).
 *
 * @param line - One physical line, without its line terminator.
 * @returns The timestamp and event, or undefined when the line does not start with such a timestamp and a space.
 * @example
 * parseCloudWatchExportLine('2024-03-01T12:00:00.123Z START RequestId: 8f5d… Version: $LATEST');
 * // { timestampMs: 1709294400123, event: 'START RequestId: 8f5d… Version: $LATEST' }
 */
export function parseCloudWatchExportLine(line: string): CloudWatchExportLine | undefined {
  // Reject on the fixed punctuation of `YYYY-MM-DDT` before scanning a possibly long line for the space.
  if (line.charCodeAt(4) !== CHAR_MINUS || line.charCodeAt(10) !== CHAR_UPPER_T) return undefined;
  // The shortest stamp is `2024-03-01T12:00:00Z` (20 characters); the longest, with nanoseconds, 30.
  const space = line.indexOf(' ', 20);
  if (space < 0 || space > 40 || line.charCodeAt(space - 1) !== CHAR_UPPER_Z) return undefined;
  const timestampMs = parseIsoRange(line, 0, space);
  return timestampMs === undefined ? undefined : { timestampMs, event: line.slice(space + 1) };
}

/**
 * Detects the line format of a file from a sample of its lines.
 *
 * Blank lines are ignored. The format is `json-lines` when at least 80% of the rest are JSON objects (the lines
 * {@link parseJsonLine} accepts), `cloudwatch-export` when at least 80% are CloudWatch export lines, and `plain`
 * otherwise, including for an empty sample. The 20% slack lets a stray banner or a truncated last line through.
 *
 * @param sample - The first lines of a file, without line terminators.
 * @returns The detected format.
 */
export function detectLineFormat(sample: readonly string[]): LogFormat {
  let lines = 0;
  let jsonLines = 0;
  let exportLines = 0;
  for (const line of sample) {
    if (isBlank(line)) continue;
    lines += 1;
    // parseObject accepts exactly the lines parseJsonLine does, without building the record.
    if (parseObject(line) !== undefined) jsonLines += 1;
    else if (parseCloudWatchExportLine(line) !== undefined) exportLines += 1;
  }
  if (lines === 0) return LOG_FORMATS.plain;
  // Integer comparison: `lines * 0.8` is inexact for some counts.
  if (jsonLines * 5 >= lines * 4) return LOG_FORMATS.jsonLines;
  if (exportLines * 5 >= lines * 4) return LOG_FORMATS.cloudwatchExport;
  return LOG_FORMATS.plain;
}

/** Parses `text` as JSON when it looks like an object, and returns it when it is one. */
function parseObject(text: string): JsonObject | undefined {
  let start = 0;
  let end = text.length - 1;
  while (start <= end && isSpaceOrBom(text.charCodeAt(start))) start += 1;
  if (text.charCodeAt(start) !== CHAR_OPEN_BRACE) return undefined;
  while (end > start && isSpaceOrBom(text.charCodeAt(end))) end -= 1;
  if (text.charCodeAt(end) !== CHAR_CLOSE_BRACE) return undefined;
  let value: unknown;
  try {
    // JSON.parse allows surrounding whitespace but not a byte-order mark, which a file's first line may carry.
    value = JSON.parse(text.charCodeAt(0) === CHAR_BOM ? text.slice(start, end + 1) : text);
  } catch {
    return undefined;
  }
  return isObject(value) ? value : undefined;
}

/**
 * The best candidate seen so far for each part of a record, offered values one key at a time. `at` records where a
 * winner came from (a logfmt pair's index), so the caller can tell taken values from the rest.
 */
class Extraction {
  message: string | undefined = undefined;
  messageFrom: Candidate | undefined = undefined;
  messageAt = -1;
  level: Level | undefined = undefined;
  levelFrom: Candidate | undefined = undefined;
  levelAt = -1;
  timestampMs: number | undefined = undefined;
  timestampFrom: Candidate | undefined = undefined;
  timestampAt = -1;
  component: string | undefined = undefined;
  componentFrom: Candidate | undefined = undefined;
  componentAt = -1;
  journaldLevel: Level | undefined = undefined;
  journaldLevelFrom: Candidate | undefined = undefined;
  journald = false;
  /** Nested values listed in `nestedFields`, with the candidate that found each. */
  nested: [Candidate, string][] | undefined = undefined;

  offer(candidate: Candidate, value: unknown, at: number): void {
    const rank = candidate.rank;
    switch (candidate.kind) {
      case KINDS.message:
        if (typeof value === 'string' && rank < (this.messageFrom?.rank ?? Infinity)) {
          this.message = value;
          this.messageFrom = candidate;
          this.messageAt = at;
        }
        return;
      case KINDS.level: {
        if (rank >= (this.levelFrom?.rank ?? Infinity)) return;
        const level = typeof value === 'string' || typeof value === 'number' ? normalizeLevel(value) : undefined;
        if (level === undefined) return;
        this.level = level;
        this.levelFrom = candidate;
        this.levelAt = at;
        return;
      }
      case KINDS.timestamp: {
        if (rank >= (this.timestampFrom?.rank ?? Infinity)) return;
        const timestampMs = parseTimestamp(value, candidate.name === MICROSECOND_FIELD);
        if (timestampMs === undefined) return;
        this.timestampMs = timestampMs;
        this.timestampFrom = candidate;
        this.timestampAt = at;
        return;
      }
      case KINDS.component:
        if (isComponent(candidate.name, value) && rank < (this.componentFrom?.rank ?? Infinity)) {
          this.component = value;
          this.componentFrom = candidate;
          this.componentAt = at;
        }
        return;
      case KINDS.nestedField: {
        const text = scalarText(value);
        if (text !== undefined) (this.nested ??= []).push([candidate, text]);
        return;
      }
      case KINDS.journaldLevel: {
        if (rank >= (this.journaldLevelFrom?.rank ?? Infinity)) return;
        const level = typeof value === 'string' || typeof value === 'number' ? syslogSeverityLevel(value) : undefined;
        if (level === undefined) return;
        this.journaldLevel = level;
        this.journaldLevelFrom = candidate;
        return;
      }
      case KINDS.journaldMarker:
        this.journald = true;
        return;
    }
  }

  /** Settles the level: a journald PRIORITY counts only in a record journald wrote, and only without a named level. */
  settle(): void {
    if (this.level !== undefined || !this.journald || this.journaldLevel === undefined) return;
    this.level = this.journaldLevel;
    this.levelFrom = this.journaldLevelFrom;
  }

  /** The winners, the candidates whose values were taken. */
  winners(): Candidate[] {
    const winners: Candidate[] = [];
    for (const from of [this.messageFrom, this.levelFrom, this.timestampFrom, this.componentFrom]) {
      if (from !== undefined) winners.push(from);
    }
    return winners;
  }

  /** Whether the top-level key `key` was taken whole. */
  tookKey(key: string): boolean {
    return (
      isWholeKey(this.messageFrom, key) ||
      isWholeKey(this.levelFrom, key) ||
      isWholeKey(this.timestampFrom, key) ||
      isWholeKey(this.componentFrom, key)
    );
  }
}

function isWholeKey(candidate: Candidate | undefined, key: string): boolean {
  return candidate !== undefined && candidate.below === undefined && candidate.name === key;
}

function readRecord(record: JsonObject, allowEmbeddedJson: boolean): ParsedLine {
  const found = new Extraction();
  for (const key in record) {
    const candidates = JSON_INDEX.get(key);
    if (candidates === undefined) continue;
    const value = record[key];
    for (const candidate of candidates) {
      found.offer(candidate, candidate.below === undefined ? value : valueAt(value, candidate.below), -1);
    }
  }
  found.settle();

  const fields = collectFields(record, found);
  const message = found.message;
  const parsed: ParsedLine = {
    message:
      message === undefined ? stableStringify(remainder(record, found.winners())) : stripTrailingNewlines(message),
  };
  if (found.timestampMs !== undefined) parsed.timestampMs = found.timestampMs;
  if (found.level !== undefined) parsed.level = found.level;
  if (found.component !== undefined) parsed.component = found.component;
  if (fields !== undefined) parsed.fields = fields;
  if (message === undefined) return parsed;

  const embedded = allowEmbeddedJson ? parseObject(parsed.message) : undefined;
  if (embedded !== undefined) return overlay(parsed, readRecord(embedded, false));
  const logfmt = readLogfmt(parsed.message);
  return logfmt === undefined ? parsed : overlay(parsed, logfmt);
}

/** Lays a structured message's parts over its wrapper's: the inner line is the application's own account. */
function overlay(outer: ParsedLine, inner: ParsedLine): ParsedLine {
  const merged: ParsedLine = { message: inner.message };
  const timestampMs = inner.timestampMs ?? outer.timestampMs;
  const level = inner.level ?? outer.level;
  const component = inner.component ?? outer.component;
  if (timestampMs !== undefined) merged.timestampMs = timestampMs;
  if (level !== undefined) merged.level = level;
  if (component !== undefined) merged.component = component;
  if (outer.fields !== undefined || inner.fields !== undefined) merged.fields = { ...outer.fields, ...inner.fields };
  return merged;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function isComponent(name: string, value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !(name === 'source' && STREAM_NAMES.has(value));
}

/** The untaken top-level scalars and listed nested values, as strings; undefined when there are none. */
function collectFields(record: JsonObject, found: Extraction): Record<string, string> | undefined {
  let fields: Record<string, string> | undefined;
  for (const key in record) {
    // Assigning `__proto__` would set the prototype instead of a field.
    if (key === '__proto__' || found.tookKey(key)) continue;
    const text = scalarText(record[key]);
    if (text === undefined) continue;
    fields ??= {};
    fields[key] = text;
  }
  if (found.nested !== undefined) {
    const winners = found.winners();
    for (const [candidate, text] of found.nested) {
      if (winners.some((winner) => winner.below !== undefined && winner.name === candidate.name)) continue;
      fields ??= {};
      fields[candidate.name] = text;
    }
  }
  return fields;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The record without the taken values; nested objects emptied by the removal disappear with it. */
function remainder(record: JsonObject, winners: readonly Candidate[]): JsonObject {
  // fromEntries defines properties, so a `__proto__` key survives as data.
  let rest: JsonObject = Object.fromEntries(
    Object.entries(record).filter(([key]) => !winners.some((winner) => isWholeKey(winner, key))),
  );
  for (const winner of winners) {
    if (winner.below !== undefined) rest = withoutPath(rest, winner.name.split('.'), 0);
  }
  return rest;
}

function withoutPath(object: JsonObject, path: readonly string[], depth: number): JsonObject {
  const key = path[depth];
  if (key === undefined) return object;
  const copy: JsonObject = Object.fromEntries(Object.entries(object));
  if (depth === path.length - 1) {
    delete copy[key];
    return copy;
  }
  const child = object[key];
  if (!isObject(child)) return object;
  const pruned = withoutPath(child, path, depth + 1);
  if (Object.keys(pruned).length === 0) delete copy[key];
  else copy[key] = pruned;
  return copy;
}

/** Compact JSON with object keys sorted at every depth, so the same content always reads the same. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value) ?? 'null';
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) parts.push(`${JSON.stringify(key)}:${stableStringify(value[key])}`);
  return `{${parts.join(',')}}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0) {
    const code = text.charCodeAt(end - 1);
    if (code !== CHAR_LF && code !== CHAR_CR) break;
    end -= 1;
  }
  return end === text.length ? text : text.slice(0, end);
}

function isBlank(line: string): boolean {
  for (let index = 0; index < line.length; index += 1) if (!isSpaceOrBom(line.charCodeAt(index))) return false;
  return true;
}

function isSpaceOrBom(code: number): boolean {
  return code === CHAR_SPACE || code === CHAR_TAB || code === CHAR_LF || code === CHAR_CR || code === CHAR_BOM;
}

// ---------------------------------------------------------------------------------------------------------------
// Timestamps

/**
 * Reads a timestamp value: ISO 8601 text, an epoch number or numeric string (unit by magnitude, or microseconds when
 * `micros`), or MongoDB's `{"$date": …}`.
 */
function parseTimestamp(value: unknown, micros: boolean): number | undefined {
  if (typeof value === 'number') return micros ? epochToMs(value / 1000) : epochToMs(value);
  if (typeof value === 'string') {
    const first = value.charCodeAt(0);
    if (!(first >= CHAR_0 && first <= CHAR_9)) return undefined;
    if (isDigits(value)) return integerTextToMs(value, micros);
    // A four-digit year followed by `-` is the only other shape worth the full parse.
    if (value.charCodeAt(4) === CHAR_MINUS) return parseIsoRange(value, 0, value.length);
    const number = Number(value);
    return Number.isNaN(number) ? undefined : parseTimestamp(number, micros);
  }
  if (isObject(value) && value.$date !== undefined && !isObject(value.$date)) {
    return parseTimestamp(value.$date, micros);
  }
  return undefined;
}

/** Epoch digits to milliseconds. Long strings are cut rather than converted, since nanoseconds exceed 2^53. */
function integerTextToMs(digits: string, micros: boolean): number | undefined {
  if (micros) return digits.length > 3 ? epochToMs(Number(digits.slice(0, -3)) / 1000) : undefined;
  // 17 digits and more is microseconds (drop 3) or nanoseconds (drop 6), matching epochToMs's thresholds.
  if (digits.length >= 18) return epochToMs(Number(digits.slice(0, -6)));
  if (digits.length >= 15) return epochToMs(Number(digits.slice(0, -3)));
  return epochToMs(Number(digits));
}

/**
 * Epoch number to milliseconds, the unit told by magnitude: below 1e11 seconds (until the year 5138), below 1e14
 * milliseconds, below 1e17 microseconds, below 1e20 nanoseconds.
 */
function epochToMs(value: number): number | undefined {
  if (!(value >= MIN_EPOCH_SECONDS) || value >= 1e20) return undefined;
  if (value < 1e11) return wholeMs(value * 1000);
  if (value < 1e14) return wholeMs(value);
  if (value < 1e17) return wholeMs(value / 1e3);
  return wholeMs(value / 1e6);
}

/**
 * Truncates to whole milliseconds, as ISO text with more digits is read, except that values within a microsecond of
 * a whole number snap to it: `1709294400.123 * 1000` is `1709294400122.9998` in binary floating point.
 */
function wholeMs(value: number): number {
  const nearest = Math.round(value);
  return Math.abs(value - nearest) < 1e-3 ? nearest : Math.floor(value);
}

/**
 * Parses `text[start, end)` as ISO 8601: `YYYY-MM-DD`, optionally `T` or a space, `hh:mm`, `:ss`, a fraction after
 * `.` or `,` (any number of digits, truncated to milliseconds), and a zone `Z`, `±hh`, `±hhmm` or `±hh:mm`. No zone
 * means UTC. Hand-written because Date.parse reads zone-less times as local time and is slower.
 */
function parseIsoRange(text: string, start: number, end: number): number | undefined {
  if (end - start < 10 || text.charCodeAt(start + 4) !== CHAR_MINUS || text.charCodeAt(start + 7) !== CHAR_MINUS) {
    return undefined;
  }
  const year = digits(text, start, 4);
  const month = digits(text, start + 5, 2);
  const day = digits(text, start + 8, 2);
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!)) return undefined;
  if (end === start + 10) return daysFromCivil(year, month, day) * 86_400_000;

  const separator = text.charCodeAt(start + 10);
  if (separator !== CHAR_UPPER_T && separator !== CHAR_LOWER_T && separator !== CHAR_SPACE) return undefined;
  if (text.charCodeAt(start + 13) !== CHAR_COLON) return undefined;
  const hour = digits(text, start + 11, 2);
  const minute = digits(text, start + 14, 2);
  let position = start + 16;
  let second = 0;
  if (position < end && text.charCodeAt(position) === CHAR_COLON) {
    second = digits(text, position + 1, 2);
    position += 3;
  }
  if (!(hour <= 23 && minute <= 59 && second <= 60)) return undefined;

  let millisecond = 0;
  const mark = text.charCodeAt(position);
  if (position < end && (mark === CHAR_DOT || mark === CHAR_COMMA)) {
    position += 1;
    const fractionStart = position;
    let scale = 100;
    while (position < end) {
      const digit = text.charCodeAt(position) - CHAR_0;
      if (!(digit >= 0 && digit <= 9)) break;
      millisecond += digit * scale;
      scale /= 10;
      position += 1;
    }
    if (position === fractionStart) return undefined;
    millisecond = Math.floor(millisecond);
  }

  let offsetMinutes = 0;
  if (position < end) {
    const zone = text.charCodeAt(position);
    if (zone === CHAR_UPPER_Z || zone === CHAR_LOWER_Z) {
      position += 1;
    } else if (zone === CHAR_PLUS || zone === CHAR_MINUS) {
      const sign = zone === CHAR_PLUS ? 1 : -1;
      const offsetHours = digits(text, position + 1, 2);
      position += 3;
      let offsetMinute = 0;
      if (position < end) {
        if (text.charCodeAt(position) === CHAR_COLON) position += 1;
        offsetMinute = digits(text, position, 2);
        position += 2;
      }
      if (!(offsetHours <= 23 && offsetMinute <= 59)) return undefined;
      offsetMinutes = sign * (offsetHours * 60 + offsetMinute);
    } else {
      return undefined;
    }
  }
  if (position !== end) return undefined;
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + (minute - offsetMinutes) * 60 + second;
  return seconds * 1_000 + millisecond;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil): plain arithmetic, a few
 * times faster than Date.UTC, and without its reading of years 0–99 as 1900–1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal value of `count` digits at `at`, or NaN when any is not a digit (NaN fails every range check). */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index += 1) {
    const digit = text.charCodeAt(index) - CHAR_0;
    if (!(digit >= 0 && digit <= 9)) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

function isDigits(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < CHAR_0 || code > CHAR_9) return false;
  }
  return text.length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// logfmt inside a JSON message

/** One `key=value` pair of a logfmt line, with its span so unconsumed pairs can be put back as written. */
interface LogfmtPair {
  readonly key: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a message that is a logfmt line: at least two pairs, every token a pair, and a `msg`/`message` key or a
 * recognised level. The message is `msg`/`message`, or else the pairs not taken, as written; level, timestamp and
 * component come from the same names as in JSON; the remaining pairs (`caller`, …) become fields.
 */
function readLogfmt(text: string): ParsedLine | undefined {
  const pairs = parseLogfmt(text);
  if (pairs === undefined || pairs.length < 2) return undefined;
  const found = new Extraction();
  pairs.forEach((pair, at) => {
    const candidates = LOGFMT_INDEX.get(pair.key);
    if (candidates !== undefined) for (const candidate of candidates) found.offer(candidate, pair.value, at);
  });
  if (found.message === undefined && found.level === undefined) return undefined;

  let fields: Record<string, string> | undefined;
  let rest = '';
  pairs.forEach((pair, at) => {
    if (at === found.messageAt || at === found.levelAt || at === found.timestampAt || at === found.componentAt) return;
    if (found.message === undefined) rest += (rest === '' ? '' : ' ') + text.slice(pair.start, pair.end);
    if (pair.key === '__proto__') return;
    fields ??= {};
    fields[pair.key] = pair.value;
  });

  const parsed: ParsedLine = { message: found.message ?? rest };
  if (found.timestampMs !== undefined) parsed.timestampMs = found.timestampMs;
  if (found.level !== undefined) parsed.level = found.level;
  if (found.component !== undefined) parsed.component = found.component;
  if (fields !== undefined) parsed.fields = fields;
  return parsed;
}

/**
 * Splits a strict logfmt line into pairs, or returns undefined at the first token that is not `key=value`. Keys are
 * letters, digits, `_`, `.` and `-`, starting with a letter or `_`; values are bare up to the next space, or quoted
 * with `\"`, `\\`, `\n`, `\t` and `\r` escapes. Strictness is what keeps prose such as `user=bob logged in` plain.
 */
function parseLogfmt(text: string): LogfmtPair[] | undefined {
  const pairs: LogfmtPair[] = [];
  const length = text.length;
  let position = 0;
  while (position < length && text.charCodeAt(position) === CHAR_SPACE) position += 1;
  while (position < length) {
    const start = position;
    // indexOf scans natively, several times faster than a charCodeAt loop; the key is validated afterwards.
    const equals = text.indexOf('=', position);
    if (equals <= start || !isKeyStart(text.charCodeAt(start))) return undefined;
    for (let index = start + 1; index < equals; index += 1) if (!isKeyPart(text.charCodeAt(index))) return undefined;
    const key = text.slice(start, equals);
    position = equals + 1;

    let value: string;
    if (text.charCodeAt(position) === CHAR_QUOTE) {
      const close = text.indexOf('"', position + 1);
      if (close < 0) return undefined;
      const backslash = text.indexOf('\\', position + 1);
      if (backslash < 0 || backslash > close) {
        value = text.slice(position + 1, close);
        position = close + 1;
      } else {
        const quoted = readQuoted(text, position + 1);
        if (quoted === undefined) return undefined;
        value = quoted.value;
        position = quoted.end;
      }
    } else {
      const space = text.indexOf(' ', position);
      const valueEnd = space < 0 ? length : space;
      value = text.slice(position, valueEnd);
      position = valueEnd;
    }
    if (position < length && text.charCodeAt(position) !== CHAR_SPACE) return undefined;
    pairs.push({ key, value, start, end: position });
    while (position < length && text.charCodeAt(position) === CHAR_SPACE) position += 1;
  }
  return pairs;
}

/** Reads a quoted logfmt value from just after its opening quote; `end` is just after the closing quote. */
function readQuoted(text: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  let chunkStart = from;
  for (let position = from; position < text.length; position += 1) {
    const code = text.charCodeAt(position);
    if (code === CHAR_QUOTE) return { value: value + text.slice(chunkStart, position), end: position + 1 };
    if (code !== CHAR_BACKSLASH) continue;
    const escaped = text.charAt(position + 1);
    value += text.slice(chunkStart, position) + unescape(escaped);
    position += 1;
    chunkStart = position + 1;
  }
  return undefined;
}

function unescape(character: string): string {
  if (character === 'n') return '\n';
  if (character === 't') return '\t';
  if (character === 'r') return '\r';
  if (character === '"' || character === '\\') return character;
  return `\\${character}`;
}

function isKeyStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isKeyPart(code: number): boolean {
  return isKeyStart(code) || (code >= CHAR_0 && code <= CHAR_9) || code === CHAR_DOT || code === CHAR_MINUS;
}
