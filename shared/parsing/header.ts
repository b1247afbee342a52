/**
 * Header inference for plain-text logs: where each line's header ends and its message begins, learned from a
 * sample of the file without being told the format.
 *
 * A header is modelled as an optional run of leading columns, an anchor timestamp, then a sequence of steps
 * (separator, level, bracketed field, number, host, component, …). The structure is chosen by majority over the
 * sample, so that one odd line cannot redefine the file, then applied to every line. A line that lacks the anchor
 * timestamp in a file that has one is a continuation of the previous record.
 */
import { codeUnitsOf } from '../code-units.ts';
import { normalizeLevel } from './levels.ts';
import { matchTimestampAt, TIMESTAMP_PATTERNS, type TimestampContext } from './timestamps.ts';
import type { Level, ParsedLine } from './types.ts';

/** The kinds of header step that can follow the anchor timestamp. */
export const HEADER_STEP_KINDS = {
  /** A lone `-`, `|` or `,` between fields. */
  separator: 'separator',
  /** A severity word: `INFO`, `[WARN]`, `<error>`, `Info`. */
  level: 'level',
  /** A bracketed field: `[main]`, `[QuorumPeer[myid=1]/0:2181:FastLeaderElection@774]`. */
  bracket: 'bracket',
  /** A bare number: a process id or a flag. */
  number: 'number',
  /** The host name that follows a syslog timestamp. */
  host: 'host',
  /** A further timestamp (some logs repeat the time in several forms). */
  timestamp: 'timestamp',
  /** A `|`-delimited field without spaces. */
  pipeField: 'pipe-field',
  /** A component, logger or program ending in a colon: `dfs.FSNamesystem:`, `sshd(pam_unix)[19939]:`. Ends the header. */
  component: 'component',
  /** A component in a padded column, followed by two or more spaces: `CBS    `. Ends the header. */
  paddedComponent: 'padded-component',
  /** A dotted logger name without a colon, as Python and Java formats print it: `nova.compute.manager`. */
  logger: 'logger',
  /** A source file and line: `server.cc:42]` (glog, klog), `main.go:42:`. */
  source: 'source',
} as const;
/** One kind of header step. */
export type HeaderStepKind = (typeof HEADER_STEP_KINDS)[keyof typeof HEADER_STEP_KINDS];

/** The header structure of one file. */
export interface HeaderStructure {
  /** Whitespace-separated columns before the anchor timestamp (ids, hosts, facilities). */
  readonly leadingColumns: number;
  /** Index into TIMESTAMP_PATTERNS of the anchor timestamp; undefined when lines carry no time. */
  readonly timestampPattern: number | undefined;
  /** The steps after the anchor, in order; each is optional on any one line. */
  readonly steps: readonly HeaderStepKind[];
  /** Whether the sample's timestamps lack a zone, so that UTC is assumed. */
  readonly zoneAssumed: boolean;
  /**
   * A leading column holding a time that carries its zone (an epoch, an offset), read for the record's time instead
   * of an anchor without one: `1131566461 2005.11.09 dn228 Nov 9 12:01:01 …` is the epoch, not Nov 9 of the
   * reference year. Absent when the anchor carries its zone or no leading column holds such a time.
   */
  readonly zonedTimestamp?: { readonly column: number; readonly pattern: number };
}

/** Options of header inference. */
export interface HeaderOptions {
  /**
   * Share of sample lines that must agree on a header step for it to become part of the file's structure.
   * @default 0.8
   */
  agreement?: number;
  /**
   * Year assumed for timestamps written without one (syslog, Android).
   * @default - the current UTC year
   */
  referenceYear?: number;
}

/** Default header inference options. */
export const DEFAULT_HEADER_OPTIONS = { agreement: 0.8 } as const;

const MAX_LEADING_COLUMNS = 6;
const MAX_STEPS = 8;
/** Kinds that say nothing about being a header on their own, so they need near-unanimous agreement. */
const WEAK_AGREEMENT = 0.9;
const ENDING_KINDS: ReadonlySet<HeaderStepKind> = new Set(['component', 'padded-component']);

/** A sample line and how far its header has been walked. */
interface Cursor {
  readonly line: string;
  offset: number;
}

/*
 * The scanners below read a line's characters as code units from a typed array, which costs a fraction of what
 * charCodeAt does: line.charCodeAt(i) is codes[base + i]. The array is the line's batch's (see readCodedLineBatches)
 * or codeUnitsOf(line) with a base of 0. They take the line itself for its length, its slices and the regular
 * expressions, and offsets are the line's.
 */

function skipSpaces(line: string, codes: Uint16Array, base: number, offset: number): number {
  while (offset < line.length && (codes[base + offset] === 32 || codes[base + offset] === 9)) offset++;
  return offset;
}

function tokenEnd(line: string, codes: Uint16Array, base: number, offset: number): number {
  let i = offset;
  while (i < line.length) {
    const c = codes[base + i];
    if (c === 32 || c === 9) break;
    i++;
  }
  return i;
}

/** End of a balanced `[...]` starting at offset, or -1. */
function bracketEnd(line: string, codes: Uint16Array, base: number, offset: number): number {
  let depth = 0;
  for (let i = offset; i < line.length && i < offset + 512; i++) {
    const c = codes[base + i];
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i + 1;
  }
  return -1;
}

/** The result of one step matched on one line. */
interface StepMatch {
  kind: HeaderStepKind;
  end: number;
}

/**
 * Where the last step matched by {@link stepEnd} ends and where its value lies, written in place of a returned object
 * because the parser matches a few steps on every line of a file.
 */
const step = {
  /** Offset just past the step. */
  end: 0,
  /** The value is `line.slice(from, to)`. */
  from: 0,
  to: 0,
  /** The time of a timestamp step. */
  ms: 0,
  /** The level of a level step. */
  level: undefined as Level | undefined,
};

/**
 * Where a host name may stand right after the time: after a syslog time always (`Dec 10 06:55:46 combo sshd[1]:`);
 * after an ISO time only when a syslog tag follows it (rsyslog's RFC 3339 format, `…+00:00 web-03 sshd[1]:`),
 * since there the first word is more often the message's own.
 */
const HOST_RULE = { none: 0, always: 1, beforeTag: 2 } as const;
type HostRule = (typeof HOST_RULE)[keyof typeof HOST_RULE];

/** The host rule of the first step after a file's anchor timestamp. */
function hostRuleAfter(timestampPattern: number | undefined): HostRule {
  const name = timestampPattern === undefined ? undefined : TIMESTAMP_PATTERNS[timestampPattern]!.name;
  return name === 'syslog' ? HOST_RULE.always : name === 'iso8601' ? HOST_RULE.beforeTag : HOST_RULE.none;
}

/** Whether a syslog tag starts at `offset`: `program:` or `program[pid]:`, then a space. */
function isSyslogTagAt(line: string, codes: Uint16Array, base: number, offset: number): boolean {
  const end = tokenEnd(line, codes, base, offset);
  if (end - offset < 2 || end >= line.length || codes[base + end - 1] !== 58) return false;
  for (let i = offset; i < end - 1; i++) {
    const c = codes[base + i]!;
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 47;
    if (!word && c !== 40 && c !== 41 && c !== 91 && c !== 93) return false;
  }
  return true;
}

/** normalizeLevel's options for a level column: a lone letter counts there, where most lines must agree on it. */
const SINGLE_LETTER_LEVELS = { allowSingleLetter: true } as const;
const WORD_LEVELS_ONLY = { allowSingleLetter: false } as const;

/**
 * Tries one kind of step at `offset` (which must not be at a space), leaving the match in {@link step}.
 * @returns whether the line has that kind of field there.
 */
function stepEnd(line: string, codes: Uint16Array, base: number, offset: number, kind: HeaderStepKind, ctx: TimestampContext, hostRule: HostRule): boolean {
  if (offset >= line.length) return false;
  const first = codes[base + offset]!;
  step.from = offset;
  // The kinds that look at whole tokens find the token's end themselves, so that a bracket or a separator, which do
  // not, skip the scan.
  switch (kind) {
    case 'separator': {
      step.to = offset + 1;
      // The line's end separates as a space does.
      const next = offset + 1 < line.length ? codes[base + offset + 1] : 32;
      if ((first === 45 || first === 124 || first === 44 || first === 58) && (next === 32 || next === 9)) {
        step.end = offset + 1;
        return true;
      }
      // A `|` or `,` glued to the next field ("|Step_LSC", ",Info") separates too.
      step.end = offset + 1;
      return (first === 124 && offset + 1 < line.length) || first === 44;
    }
    case 'level': {
      if (isDigitCode(first)) return false;
      const end = tokenEnd(line, codes, base, offset);
      if (end >= line.length) return false;
      step.end = end;
      let from = offset;
      let to = end;
      if (first === 91 || first === 60 || first === 40) from++;
      while (to > from && CLOSERS.has(codes[base + to - 1]!)) to--;
      // Bunyan's numeric levels belong to JSON records; in a text header a number is a pid or a count. A lone
      // letter (Android's `D`, `W`) counts only here, where most lines of the file must agree on it.
      step.level = levelAt(line, codes, base, from, to);
      step.from = from;
      step.to = to;
      return step.level !== undefined;
    }
    case 'bracket': {
      if (first !== 91) return false;
      const close = bracketEnd(line, codes, base, offset);
      step.from = offset + 1;
      step.to = close - 1;
      step.end = close;
      return close > 0;
    }
    case 'number': {
      const end = tokenEnd(line, codes, base, offset);
      if (end >= line.length) return false;
      for (let i = first === 45 ? offset + 1 : offset; i < end; i++) if (!isDigitCode(codes[base + i]!)) return false;
      step.to = end;
      step.end = end;
      return end - offset > (first === 45 ? 1 : 0);
    }
    case 'host': {
      if (hostRule === HOST_RULE.none) return false;
      const end = tokenEnd(line, codes, base, offset);
      step.to = end;
      step.end = end;
      if (!(end < line.length && codes[base + end - 1]! !== 58)) return false;
      return hostRule === HOST_RULE.always || isSyslogTagAt(line, codes, base, skipSpaces(line, codes, base, end));
    }
    case 'timestamp': {
      const m = matchTimestampAt(line, offset, ctx, undefined, codes, base);
      if (!m) return false;
      step.to = m.end;
      step.end = m.end;
      step.ms = m.ms;
      return true;
    }
    case 'pipe-field': {
      if (first !== 124) return false;
      let i = offset + 1;
      while (i < line.length && codes[base + i]! !== 124 && codes[base + i]! !== 32) i++;
      step.from = offset + 1;
      step.to = i;
      step.end = i;
      return i < line.length && codes[base + i]! === 124;
    }
    case 'component': {
      const end = tokenEnd(line, codes, base, offset);
      if (end - offset < 2 || codes[base + end - 1]! !== 58) return false;
      step.to = end - 1;
      step.end = end;
      // The value must not hold `://`; most often its first colon is the one that ends it.
      const colon = line.indexOf(':', offset);
      return colon >= end - 1 || !includesSchemeSeparator(line, codes, base, colon, end - 1);
    }
    case 'padded-component': {
      const end = tokenEnd(line, codes, base, offset);
      if (!(end + 1 < line.length && codes[base + end]! === 32 && codes[base + end + 1]! === 32)) return false;
      step.to = end;
      step.end = end;
      return !(end - offset === 1 && first === 45) && !isDigits(line, codes, base, offset, end);
    }
    case 'logger': {
      const end = tokenEnd(line, codes, base, offset);
      step.to = end;
      step.end = end;
      return end < line.length && isLoggerName(line, codes, base, offset, end);
    }
    case 'source': {
      const end = tokenEnd(line, codes, base, offset);
      if (end >= line.length || !SOURCE.test(line.slice(offset, end))) return false;
      // SOURCE's group: the token without its optional `[` (which the group cannot start with) and its last character.
      step.from = first === 91 ? offset + 1 : offset;
      step.to = end - 1;
      step.end = end;
      return true;
    }
  }
}

/** Slots of LEVEL_CACHE. */
const LEVEL_CACHE_SLOTS = 64;
/** Recent level spellings and what normalizeLevel made of them, so that a level column costs no slice per line. */
const LEVEL_CACHE: Array<{ readonly text: string; readonly level: Level | undefined } | undefined> = new Array(LEVEL_CACHE_SLOTS).fill(undefined);

/** normalizeLevel of line[from, to), as a level column reads it (a lone letter counts). */
function levelAt(line: string, codes: Uint16Array, base: number, from: number, to: number): Level | undefined {
  const length = to - from;
  if (length <= 0 || length > 16) return normalizeLevel(line.slice(from, to), length === 1 ? SINGLE_LETTER_LEVELS : WORD_LEVELS_ONLY);
  const slot = (length * 31 + codes[base + from]! * 7 + codes[base + to - 1]!) & (LEVEL_CACHE_SLOTS - 1);
  const known = LEVEL_CACHE[slot];
  if (known !== undefined && known.text.length === length) {
    let i = 0;
    while (i < length && known.text.charCodeAt(i) === codes[base + from + i]!) i++;
    if (i === length) return known.level;
  }
  const text = line.slice(from, to);
  const level = normalizeLevel(text, length === 1 ? SINGLE_LETTER_LEVELS : WORD_LEVELS_ONLY);
  LEVEL_CACHE[slot] = { text, level };
  return level;
}

/** Whether line[from, to) contains `://`. */
function includesSchemeSeparator(line: string, codes: Uint16Array, base: number, from: number, to: number): boolean {
  for (let i = from; i + 2 < to; i++) {
    if (codes[base + i]! === 58 && codes[base + i + 1]! === 47 && codes[base + i + 2]! === 47) return true;
  }
  return false;
}

/** Whether line[from, to) is one or more digits (`/^\d+$/`). */
function isDigits(line: string, codes: Uint16Array, base: number, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) if (!isDigitCode(codes[base + i]!)) return false;
  return true;
}

/**
 * Whether line[from, to) is a dotted logger name, `/^[A-Za-z_][\w$-]*(?:\.[A-Za-z_][\w$-]*)+$/` scanned without a
 * slice: two or more names joined by dots, each a letter or `_` followed by word characters, `$` and `-`.
 */
function isLoggerName(line: string, codes: Uint16Array, base: number, from: number, to: number): boolean {
  let names = 0;
  let i = from;
  for (;;) {
    if (i >= to) return false;
    const c = codes[base + i]!;
    if (!(isLetterCode(c) || c === 95)) return false;
    i++;
    while (i < to) {
      const d = codes[base + i]!;
      if (!(isLetterCode(d) || isDigitCode(d) || d === 95 || d === 36 || d === 45)) break;
      i++;
    }
    names++;
    if (i === to) return names >= 2;
    if (codes[base + i]! !== 46) return false;
    i++;
  }
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const CLOSERS = new Set([93, 62, 41, 58, 44]); // ] > ) : ,

const SOURCE = /^\[?([\w./-]+\.[A-Za-z]\w*:\d+)[\]:]$/;

/** The order in which step kinds are tried on a line: the most specific first. */
const STEP_ORDER: readonly HeaderStepKind[] = [
  'timestamp', 'level', 'bracket', 'pipe-field', 'separator', 'source', 'component', 'padded-component', 'logger', 'number', 'host',
];

/** Classifies the field at `offset`: the first kind in STEP_ORDER that matches. */
function classifyStep(line: string, codes: Uint16Array, base: number, offset: number, ctx: TimestampContext, hostRule: HostRule): StepMatch | undefined {
  for (const kind of STEP_ORDER) if (stepEnd(line, codes, base, offset, kind, ctx, hostRule)) return { kind, end: step.end };
  return undefined;
}

/** Offset just past `count` whitespace-separated columns, or -1 when the line has fewer. */
function skipColumns(line: string, codes: Uint16Array, base: number, count: number, start = 0): number {
  let offset = skipSpaces(line, codes, base, start);
  for (let i = 0; i < count; i++) {
    offset = tokenEnd(line, codes, base, offset);
    if (offset >= line.length) return -1;
    offset = skipSpaces(line, codes, base, offset);
  }
  return offset;
}

/** The anchor timestamp of one line: the last timestamp among its first columns, as (column, pattern). */
function findAnchor(line: string, ctx: TimestampContext): { column: number; pattern: number } | undefined {
  const codes = codeUnitsOf(line);
  let anchor: { column: number; pattern: number } | undefined;
  let offset = skipSpaces(line, codes, 0, 0);
  for (let column = 0; column <= MAX_LEADING_COLUMNS && offset < line.length; column++) {
    const m = matchTimestampAt(line, offset, ctx);
    if (m) {
      anchor = { column, pattern: m.patternIndex };
      // A timestamp may span several columns ("Dec 10 06:55:46"): count them so the column index stays right.
      const spanned = line.slice(offset, m.end).split(/\s+/).length - 1;
      column += spanned;
      offset = skipSpaces(line, codes, 0, m.end);
      continue;
    }
    offset = skipSpaces(line, codes, 0, tokenEnd(line, codes, 0, offset));
  }
  return anchor;
}

function mostCommon<T>(values: readonly T[]): { value: T; count: number } | undefined {
  const counts = new Map<T, number>();
  let best: { value: T; count: number } | undefined;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (!best || c > best.count) best = { value: v, count: c };
  }
  return best;
}

/** The reference year: the current UTC year unless the options fix one. */
function timestampContext(options: HeaderOptions): TimestampContext {
  if (options.referenceYear !== undefined) return { referenceYear: options.referenceYear };
  // Without a fixed year, a year-less time in the future (beyond a day of clock skew) belongs to last year.
  const now = Date.now();
  return { referenceYear: new Date(now).getUTCFullYear(), latestMs: now + 86_400_000 };
}

/**
 * Infers the header structure of a plain-text log from a sample of its lines.
 * @param sample - the first lines of the file (a few hundred to a few thousand); blank lines are ignored.
 * @example
 * const structure = inferHeaderStructure(['2015-10-18 18:01:47,978 INFO [main] o.a.h.MRAppMaster: Created MRAppMaster']);
 * // { leadingColumns: 0, timestampPattern: 0, steps: ['level', 'bracket', 'component'], zoneAssumed: true }
 */
export function inferHeaderStructure(sample: readonly string[], options: HeaderOptions = {}): HeaderStructure {
  const agreement = options.agreement ?? DEFAULT_HEADER_OPTIONS.agreement;
  const ctx = timestampContext(options);
  const lines = sample.filter((l) => l.trim().length > 0);
  if (lines.length === 0) return { leadingColumns: 0, timestampPattern: undefined, steps: [], zoneAssumed: false };

  // 1. The anchor: the timestamp form and column most lines agree on.
  const anchors = lines.map((l) => findAnchor(l, ctx));
  const anchor = mostCommon(anchors.filter((a) => a !== undefined).map((a) => `${a.column}:${a.pattern}`));
  let leadingColumns = 0;
  let timestampPattern: number | undefined;
  // Continuation lines (stack traces) have no timestamp, so the anchor only needs a majority, not `agreement`.
  if (anchor && anchor.count >= lines.length * 0.5) {
    const [column, pattern] = anchor.value.split(':').map(Number);
    leadingColumns = column!;
    timestampPattern = pattern!;
  }

  // 2. The steps: walk all headed lines in parallel, keeping the kind most of them agree on at each step.
  const headed: Cursor[] = [];
  for (const line of lines) {
    const start = headerStart(line, leadingColumns, timestampPattern, ctx);
    if (start !== undefined) headed.push({ line, offset: skipSpaces(line, codeUnitsOf(line), 0, start) });
  }
  const firstHostRule = hostRuleAfter(timestampPattern);
  const steps: HeaderStepKind[] = [];
  for (let s = 0; s < MAX_STEPS && headed.length > 0; s++) {
    const matches = headed.map(({ line, offset }) => classifyStep(line, codeUnitsOf(line), 0, offset, ctx, s === 0 ? firstHostRule : HOST_RULE.none));
    const common = mostCommon(matches.map((m) => m?.kind));
    if (!common || common.value === undefined) break;
    const weak = common.value === 'number' || common.value === 'host';
    if (common.count < headed.length * (weak ? WEAK_AGREEMENT : agreement)) break;
    steps.push(common.value);
    matches.forEach((m, i) => {
      const cursor = headed[i]!;
      if (m && m.kind === common.value) cursor.offset = skipSpaces(cursor.line, codeUnitsOf(cursor.line), 0, m.end);
    });
    if (ENDING_KINDS.has(common.value)) break;
  }
  const headedLines = headed.map(({ line }) => line);
  const zoneAssumed =
    timestampPattern !== undefined &&
    headedLines.some((line) => matchTimestampAt(line, skipColumns(line, codeUnitsOf(line), 0, leadingColumns), ctx, timestampPattern)?.hasZone === false);

  // 3. A time without a zone (and often without a year) may be repeated, complete, in a leading column.
  const zonedTimestamp = zoneAssumed ? findZonedColumn(headedLines, leadingColumns, agreement, ctx) : undefined;
  if (zonedTimestamp) return { leadingColumns, timestampPattern, steps, zoneAssumed: false, zonedTimestamp };
  return { leadingColumns, timestampPattern, steps, zoneAssumed };
}

/** The first leading column where `agreement` of the lines hold a time of one form that carries its zone. */
function findZonedColumn(
  lines: readonly string[],
  leadingColumns: number,
  agreement: number,
  ctx: TimestampContext,
): { column: number; pattern: number } | undefined {
  for (let column = 0; column < leadingColumns; column++) {
    const patterns = lines.map((line) => {
      const offset = skipColumns(line, codeUnitsOf(line), 0, column);
      const m = offset < 0 ? undefined : matchTimestampAt(line, offset, ctx);
      return m?.hasZone ? m.patternIndex : undefined;
    });
    const common = mostCommon(patterns);
    if (common && common.value !== undefined && common.count >= lines.length * agreement) {
      return { column, pattern: common.value };
    }
  }
  return undefined;
}

/** Offset just past the anchor timestamp (or of the line start when there is none); undefined when the line lacks it. */
function headerStart(
  line: string,
  leadingColumns: number,
  timestampPattern: number | undefined,
  ctx: TimestampContext,
): number | undefined {
  if (timestampPattern === undefined) return 0;
  const offset = skipColumns(line, codeUnitsOf(line), 0, leadingColumns);
  if (offset < 0) return undefined;
  return matchTimestampAt(line, offset, ctx, timestampPattern)?.end;
}

/**
 * What {@link HeaderParser.scan} found on one line. One object per parser, overwritten by every call.
 * @internal
 */
export interface HeaderScan {
  timestampMs: number | undefined;
  level: Level | undefined;
  component: string | undefined;
  /** A fresh object for each line that has such fields. */
  fields: Record<string, string> | undefined;
  /** Offset where the message begins. */
  messageStart: number;
}

/** Options of {@link HeaderParser}. */
export interface HeaderParserOptions extends HeaderOptions {
  /**
   * Find only where each line's message begins, and its time: the level, component and other fields are left
   * undefined, unread. Template mining needs no more.
   * @default false
   */
  messagesOnly?: boolean;
}

/** Parses lines of one file against its inferred header structure. */
export class HeaderParser {
  readonly structure: HeaderStructure;
  readonly #ctx: TimestampContext;
  readonly #firstHostRule: HostRule;
  readonly #messagesOnly: boolean;
  readonly #scan: HeaderScan = { timestampMs: undefined, level: undefined, component: undefined, fields: undefined, messageStart: 0 };

  constructor(structure: HeaderStructure, options: HeaderParserOptions = {}) {
    this.structure = structure;
    this.#ctx = timestampContext(options);
    this.#firstHostRule = hostRuleAfter(structure.timestampPattern);
    this.#messagesOnly = options.messagesOnly ?? false;
  }

  /**
   * Splits one line into header fields and message.
   * @returns the parsed line, or undefined when the file's lines carry a timestamp and this one does not
   * (it then continues the previous record).
   */
  parse(line: string): ParsedLine | undefined {
    const scan = this.scan(line, 0);
    if (!scan) return undefined;
    const parsed: ParsedLine = { message: line.slice(scan.messageStart) };
    if (scan.timestampMs !== undefined) parsed.timestampMs = scan.timestampMs;
    if (scan.level !== undefined) parsed.level = scan.level;
    if (scan.component !== undefined) parsed.component = scan.component;
    if (scan.fields !== undefined) parsed.fields = scan.fields;
    return parsed;
  }

  /**
   * Reads the header of the line that starts at `start` of `line` (as parse reads `line.slice(start)`), without
   * building a ParsedLine: the records reader builds its record from the fields directly.
   * @param codes - the line's code units, from `base` on (line.charCodeAt(i) is codes[base + i]); by default copied
   * out of the line into codeUnitsOf's shared scratch.
   * @returns the parser's scan object, overwritten by the next call; undefined when the file's lines carry a
   * timestamp and this one does not.
   * @internal
   */
  scan(line: string, start: number, codes = codeUnitsOf(line), base = 0): HeaderScan | undefined {
    const { leadingColumns, timestampPattern, steps } = this.structure;
    let offset = start;
    let timestampMs: number | undefined;
    let fields: Record<string, string> | undefined;
    let level: Level | undefined;
    if (timestampPattern !== undefined) {
      offset = skipColumns(line, codes, base, leadingColumns, start);
      if (offset < 0) return undefined;
      const ts = matchTimestampAt(line, offset, this.#ctx, timestampPattern, codes, base);
      if (!ts) return undefined;
      if (leadingColumns > 0 && !this.#messagesOnly) {
        fields = {};
        line.slice(start, offset).trim().split(/\s+/).forEach((v, i) => (fields![`column${i + 1}`] = v));
      }
      const zoned = this.structure.zonedTimestamp;
      timestampMs = (zoned && matchTimestampAt(line, skipColumns(line, codes, base, zoned.column, start), this.#ctx, zoned.pattern, codes, base)?.ms) ?? ts.ms;
      offset = ts.end;
      if (ts.level !== undefined && !this.#messagesOnly) level = normalizeLevel(ts.level, SINGLE_LETTER_LEVELS);
    }
    offset = skipSpaces(line, codes, base, offset);
    let component: string | undefined;
    for (let s = 0; s < steps.length; s++) {
      const kind = steps[s]!;
      if (!stepEnd(line, codes, base, offset, kind, this.#ctx, s === 0 ? this.#firstHostRule : HOST_RULE.none)) continue;
      offset = skipSpaces(line, codes, base, step.end);
      if (this.#messagesOnly && kind !== 'timestamp') continue;
      switch (kind) {
        case 'level':
          level = step.level;
          break;
        case 'component':
        case 'padded-component': {
          const value = line.slice(step.from, step.to);
          const tag = step.to > step.from && codes[base + step.to - 1]! === 93 ? /^(.+)\[(\d+)\]$/.exec(value) : null;
          // A syslog tag `sshd(pam_unix)[19939]` is a program and its pid.
          component = tag ? tag[1]! : value;
          if (tag) (fields ??= {}).pid = tag[2]!;
          break;
        }
        case 'pipe-field': {
          const value = line.slice(step.from, step.to);
          if (isDigits(line, codes, base, step.from, step.to)) (fields ??= {}).pid = value;
          else if (component === undefined) component = value;
          else (fields ??= {})[`field${s + 1}`] = value;
          break;
        }
        case 'bracket': {
          const value = line.slice(step.from, step.to);
          // A literal where possible: fields of one shape from line to line.
          if (fields === undefined) fields = { thread: value };
          else fields[fields.thread === undefined ? 'thread' : `field${s + 1}`] = value;
          break;
        }
        case 'number': {
          const value = line.slice(step.from, step.to);
          if (fields === undefined) fields = { pid: value };
          else fields[fields.pid === undefined ? 'pid' : `field${s + 1}`] = value;
          break;
        }
        case 'host':
          (fields ??= {}).host = line.slice(step.from, step.to);
          break;
        case 'logger':
          component ??= line.slice(step.from, step.to);
          break;
        case 'source':
          (fields ??= {}).source = line.slice(step.from, step.to);
          break;
        case 'timestamp':
          timestampMs ??= step.ms;
          break;
        case 'separator':
          break;
      }
    }
    const scan = this.#scan;
    scan.timestampMs = timestampMs;
    scan.level = level;
    scan.component = component;
    scan.fields = fields;
    scan.messageStart = offset;
    return scan;
  }
}
