/**
 * Header inference for plain-text logs: where each line's header ends and its message begins, learned from a
 * sample of the file without being told the format.
 *
 * A header is modelled as an optional run of leading columns, an anchor timestamp, then a sequence of steps
 * (separator, level, bracketed field, number, host, component, …). The structure is chosen by majority over the
 * sample, so that one odd line cannot redefine the file, then applied to every line. A line that lacks the anchor
 * timestamp in a file that has one is a continuation of the previous record.
 */
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

function skipSpaces(line: string, offset: number): number {
  while (offset < line.length && (line.charCodeAt(offset) === 32 || line.charCodeAt(offset) === 9)) offset++;
  return offset;
}

function tokenEnd(line: string, offset: number): number {
  let i = offset;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) break;
    i++;
  }
  return i;
}

/** End of a balanced `[...]` starting at offset, or -1. */
function bracketEnd(line: string, offset: number): number {
  let depth = 0;
  for (let i = offset; i < line.length && i < offset + 512; i++) {
    const c = line.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i + 1;
  }
  return -1;
}

/** The result of one step matched on one line. */
interface StepMatch {
  kind: HeaderStepKind;
  end: number;
  value: string;
  ms?: number;
  level?: Level;
}

/**
 * Tries one kind of step at `offset` (which must not be at a space).
 * @returns the match, or undefined when the line does not have that kind of field there.
 */
function matchStep(
  line: string,
  offset: number,
  kind: HeaderStepKind,
  ctx: TimestampContext,
  afterSyslogTime: boolean,
): StepMatch | undefined {
  if (offset >= line.length) return undefined;
  const first = line.charCodeAt(offset);
  const end = tokenEnd(line, offset);
  const length = end - offset;
  const followedBySpace = end < line.length;
  // The token is sliced only by the kinds that need its text, since this runs for every step of every line.
  switch (kind) {
    case 'separator':
      if (length === 1 && (first === 45 || first === 124 || first === 44 || first === 58)) return { kind, end, value: line[offset]! };
      // A `|` or `,` glued to the next field ("|Step_LSC", ",Info") separates too.
      return (first === 124 && offset + 1 < line.length) || first === 44 ? { kind, end: offset + 1, value: line[offset]! } : undefined;
    case 'level': {
      if (!followedBySpace || isDigitCode(first)) return undefined;
      let from = offset;
      let to = end;
      if (first === 91 || first === 60 || first === 40) from++;
      while (to > from && CLOSERS.has(line.charCodeAt(to - 1))) to--;
      const bare = line.slice(from, to);
      // Bunyan's numeric levels belong to JSON records; in a text header a number is a pid or a count. A lone
      // letter (Android's `D`, `W`) counts only here, where most lines of the file must agree on it.
      const level = normalizeLevel(bare, { allowSingleLetter: bare.length === 1 });
      return level ? { kind, end, value: bare, level } : undefined;
    }
    case 'bracket': {
      if (first !== 91) return undefined;
      const close = bracketEnd(line, offset);
      return close > 0 ? { kind, end: close, value: line.slice(offset + 1, close - 1) } : undefined;
    }
    case 'number': {
      if (!followedBySpace) return undefined;
      for (let i = first === 45 ? offset + 1 : offset; i < end; i++) if (!isDigitCode(line.charCodeAt(i))) return undefined;
      return length > (first === 45 ? 1 : 0) ? { kind, end, value: line.slice(offset, end) } : undefined;
    }
    case 'host':
      return afterSyslogTime && followedBySpace && line.charCodeAt(end - 1) !== 58 ? { kind, end, value: line.slice(offset, end) } : undefined;
    case 'timestamp': {
      const m = matchTimestampAt(line, offset, ctx);
      return m ? { kind, end: m.end, value: line.slice(offset, m.end), ms: m.ms } : undefined;
    }
    case 'pipe-field': {
      if (first !== 124) return undefined;
      let i = offset + 1;
      while (i < line.length && line.charCodeAt(i) !== 124 && line.charCodeAt(i) !== 32) i++;
      return i < line.length && line.charCodeAt(i) === 124 ? { kind, end: i, value: line.slice(offset + 1, i) } : undefined;
    }
    case 'component': {
      if (length < 2 || line.charCodeAt(end - 1) !== 58) return undefined;
      const value = line.slice(offset, end - 1);
      return value.includes('://') ? undefined : { kind, end, value };
    }
    case 'padded-component': {
      if (!(end + 1 < line.length && line.charCodeAt(end) === 32 && line.charCodeAt(end + 1) === 32)) return undefined;
      const value = line.slice(offset, end);
      return value !== '-' && !/^\d+$/.test(value) ? { kind, end, value } : undefined;
    }
    case 'logger': {
      const value = line.slice(offset, end);
      return followedBySpace && LOGGER.test(value) ? { kind, end, value } : undefined;
    }
    case 'source': {
      const m = followedBySpace ? SOURCE.exec(line.slice(offset, end)) : null;
      return m ? { kind, end, value: m[1]! } : undefined;
    }
  }
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

const CLOSERS = new Set([93, 62, 41, 58, 44]); // ] > ) : ,

const LOGGER = /^[A-Za-z_][\w$-]*(?:\.[A-Za-z_][\w$-]*)+$/;
const SOURCE = /^\[?([\w./-]+\.[A-Za-z]\w*:\d+)[\]:]$/;

/** The order in which step kinds are tried on a line: the most specific first. */
const STEP_ORDER: readonly HeaderStepKind[] = [
  'timestamp', 'level', 'bracket', 'pipe-field', 'separator', 'source', 'component', 'padded-component', 'logger', 'number', 'host',
];

/** Classifies the field at `offset`: the first kind in STEP_ORDER that matches. */
function classifyStep(line: string, offset: number, ctx: TimestampContext, afterSyslogTime: boolean): StepMatch | undefined {
  for (const kind of STEP_ORDER) {
    const m = matchStep(line, offset, kind, ctx, afterSyslogTime);
    if (m) return m;
  }
  return undefined;
}

/** Offset just past `count` whitespace-separated columns, or -1 when the line has fewer. */
function skipColumns(line: string, count: number): number {
  let offset = skipSpaces(line, 0);
  for (let i = 0; i < count; i++) {
    offset = tokenEnd(line, offset);
    if (offset >= line.length) return -1;
    offset = skipSpaces(line, offset);
  }
  return offset;
}

/** The anchor timestamp of one line: the last timestamp among its first columns, as (column, pattern). */
function findAnchor(line: string, ctx: TimestampContext): { column: number; pattern: number } | undefined {
  let anchor: { column: number; pattern: number } | undefined;
  let offset = skipSpaces(line, 0);
  for (let column = 0; column <= MAX_LEADING_COLUMNS && offset < line.length; column++) {
    const m = matchTimestampAt(line, offset, ctx);
    if (m) {
      anchor = { column, pattern: m.patternIndex };
      // A timestamp may span several columns ("Dec 10 06:55:46"): count them so the column index stays right.
      const spanned = line.slice(offset, m.end).split(/\s+/).length - 1;
      column += spanned;
      offset = skipSpaces(line, m.end);
      continue;
    }
    offset = skipSpaces(line, tokenEnd(line, offset));
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
    if (start !== undefined) headed.push({ line, offset: skipSpaces(line, start) });
  }
  const afterSyslog = timestampPattern !== undefined && TIMESTAMP_PATTERNS[timestampPattern]!.name === 'syslog';
  const steps: HeaderStepKind[] = [];
  for (let s = 0; s < MAX_STEPS && headed.length > 0; s++) {
    const matches = headed.map(({ line, offset }) => classifyStep(line, offset, ctx, afterSyslog && s === 0));
    const common = mostCommon(matches.map((m) => m?.kind));
    if (!common || common.value === undefined) break;
    const weak = common.value === 'number' || common.value === 'host';
    if (common.count < headed.length * (weak ? WEAK_AGREEMENT : agreement)) break;
    steps.push(common.value);
    matches.forEach((m, i) => {
      const cursor = headed[i]!;
      if (m && m.kind === common.value) cursor.offset = skipSpaces(cursor.line, m.end);
    });
    if (ENDING_KINDS.has(common.value)) break;
  }
  const headedLines = headed.map(({ line }) => line);
  const zoneAssumed =
    timestampPattern !== undefined &&
    headedLines.some((line) => matchTimestampAt(line, skipColumns(line, leadingColumns), ctx, timestampPattern)?.hasZone === false);

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
      const offset = skipColumns(line, column);
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
  const offset = skipColumns(line, leadingColumns);
  if (offset < 0) return undefined;
  return matchTimestampAt(line, offset, ctx, timestampPattern)?.end;
}

/** Parses lines of one file against its inferred header structure. */
export class HeaderParser {
  readonly structure: HeaderStructure;
  readonly #ctx: TimestampContext;
  readonly #afterSyslog: boolean;

  constructor(structure: HeaderStructure, options: HeaderOptions = {}) {
    this.structure = structure;
    this.#ctx = timestampContext(options);
    const p = structure.timestampPattern;
    this.#afterSyslog = p !== undefined && TIMESTAMP_PATTERNS[p]!.name === 'syslog';
  }

  /**
   * Splits one line into header fields and message.
   * @returns the parsed line, or undefined when the file's lines carry a timestamp and this one does not
   * (it then continues the previous record).
   */
  parse(line: string): ParsedLine | undefined {
    const { leadingColumns, timestampPattern, steps } = this.structure;
    let offset = 0;
    let timestampMs: number | undefined;
    let fields: Record<string, string> | undefined;
    let level: Level | undefined;
    if (timestampPattern !== undefined) {
      offset = skipColumns(line, leadingColumns);
      if (offset < 0) return undefined;
      const ts = matchTimestampAt(line, offset, this.#ctx, timestampPattern);
      if (!ts) return undefined;
      if (leadingColumns > 0) {
        fields = {};
        line.slice(0, offset).trim().split(/\s+/).forEach((v, i) => (fields![`column${i + 1}`] = v));
      }
      const zoned = this.structure.zonedTimestamp;
      timestampMs = (zoned && matchTimestampAt(line, skipColumns(line, zoned.column), this.#ctx, zoned.pattern)?.ms) ?? ts.ms;
      offset = ts.end;
      if (ts.level !== undefined) level = normalizeLevel(ts.level, { allowSingleLetter: true });
    }
    offset = skipSpaces(line, offset);
    let component: string | undefined;
    for (let s = 0; s < steps.length; s++) {
      const kind = steps[s]!;
      const m = matchStep(line, offset, kind, this.#ctx, this.#afterSyslog && s === 0);
      if (!m) continue;
      offset = skipSpaces(line, m.end);
      switch (kind) {
        case 'level':
          level = m.level;
          break;
        case 'component':
        case 'padded-component': {
          const tag = m.value.endsWith(']') ? /^(.+)\[(\d+)\]$/.exec(m.value) : null;
          // A syslog tag `sshd(pam_unix)[19939]` is a program and its pid.
          component = tag ? tag[1]! : m.value;
          if (tag) (fields ??= {}).pid = tag[2]!;
          break;
        }
        case 'pipe-field':
          if (/^\d+$/.test(m.value)) (fields ??= {}).pid = m.value;
          else if (component === undefined) component = m.value;
          else (fields ??= {})[`field${s + 1}`] = m.value;
          break;
        case 'bracket':
          (fields ??= {})[fields.thread === undefined ? 'thread' : `field${s + 1}`] = m.value;
          break;
        case 'number':
          (fields ??= {})[fields.pid === undefined ? 'pid' : `field${s + 1}`] = m.value;
          break;
        case 'host':
          (fields ??= {}).host = m.value;
          break;
        case 'logger':
          component ??= m.value;
          break;
        case 'source':
          (fields ??= {}).source = m.value;
          break;
        case 'timestamp':
          timestampMs ??= m.ms;
          break;
        case 'separator':
          break;
      }
    }
    const parsed: ParsedLine = { message: line.slice(offset) };
    if (timestampMs !== undefined) parsed.timestampMs = timestampMs;
    if (level !== undefined) parsed.level = level;
    if (component !== undefined) parsed.component = component;
    if (fields !== undefined) parsed.fields = fields;
    return parsed;
  }
}
