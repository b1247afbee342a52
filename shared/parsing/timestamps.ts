/**
 * Timestamp recognisers for log headers.
 *
 * Each pattern is a sticky regular expression tried at a given offset of a line, and a converter from its match to
 * milliseconds since the epoch, UTC. Header inference (header.ts) tries them all on a sample, then keeps one per file.
 */
import { codeUnitsOf } from '../code-units.ts';

/** Context a converter needs for forms that leave out the year or the zone. */
export interface TimestampContext {
  /** Year assumed for forms without one (syslog `Dec 10 06:55:46`, Android `12-10 06:55:46.123`). */
  readonly referenceYear: number;
  /**
   * Latest plausible time, in epoch milliseconds: a year-less time after it is taken from the year before (a
   * December syslog line read in January).
   * @default - no limit
   */
  readonly latestMs?: number;
}

/** One timestamp form. */
export interface TimestampPattern {
  /** Short name, shown in the detected header description. */
  readonly name: string;
  /** Sticky regular expression matching the form at the offset in `lastIndex`. */
  readonly regex: RegExp;
  /** Converts a match to epoch milliseconds, UTC; undefined when the numbers are not a valid time. */
  readonly toMs: (m: RegExpExecArray, ctx: TimestampContext) => number | undefined;
  /** Whether a match carries its zone (an offset, `Z`, or an epoch); when it does not, UTC is assumed. */
  readonly hasZone: (m: RegExpExecArray) => boolean;
  /** The level written into the timestamp itself (glog's `I1103`), when the form has one. */
  readonly level?: (m: RegExpExecArray) => string;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
// Epoch values are recognised only between 2000-01-01 and 2040-01-01, so that an ordinary number is not a time.
const EPOCH_MIN_S = 946_684_800;
const EPOCH_MAX_S = 2_208_988_800;

function month(name: string | undefined): number {
  return MONTHS[(name ?? '').toLowerCase()] ?? Number.NaN;
}

/** Milliseconds of a fraction written after a dot or comma: "5" is 500 ms, "123456" is 123 ms. */
function fractionMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  return Number(fraction.slice(0, 3).padEnd(3, '0'));
}

/**
 * Longest day of each month. February allows the 29th whatever the year: forms without a year take theirs from
 * the reference year, which may not be the year the line was written. Every reader of dates checks against it, so
 * that a date one of them refuses no other accepts.
 */
export const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Epoch milliseconds of a civil time, or undefined when a field is out of range. */
function utc(year: number, monthIndex: number, day: number, h: number, min: number, s: number, ms = 0): number | undefined {
  if (!(monthIndex >= 0 && monthIndex < 12 && day >= 1 && day <= DAYS_IN_MONTH[monthIndex]! && h < 24 && min < 60 && s < 61)) {
    return undefined;
  }
  return Date.UTC(year, monthIndex, day, h, min, s, ms);
}

/** The day last converted by isoUtc, as (year * 16 + month) * 32 + day, and its start in epoch milliseconds. */
const lastDay = { key: -1, ms: 0 };

/**
 * utc() for the ISO readers (scanIso8601, the CloudWatch export time), with a 1-based month and the start of the day
 * kept from the previous call: the lines of a log mostly share their day, and Date.UTC was a tenth of the cost of
 * reading a header. Every field must be a non-negative number.
 */
export function isoUtc(year: number, month: number, day: number, h: number, min: number, s: number, ms: number): number | undefined {
  const key = (year * 16 + month) * 32 + day;
  if (key !== lastDay.key) {
    const start = utc(year, month - 1, day, 0, 0, 0, 0);
    if (start === undefined) return undefined;
    lastDay.key = key;
    lastDay.ms = start;
  }
  if (!(h < 24 && min < 60 && s < 61)) return undefined;
  return lastDay.ms + ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** A time written without its year: the reference year, or the year before when that would be in the future. */
function yearless(ctx: TimestampContext, monthIndex: number, day: number, h: number, min: number, s: number, ms: number): number | undefined {
  const t = utc(ctx.referenceYear, monthIndex, day, h, min, s, ms);
  if (t === undefined || ctx.latestMs === undefined || t <= ctx.latestMs) return t;
  return utc(ctx.referenceYear - 1, monthIndex, day, h, min, s, ms);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}

function twoDigitYear(yy: string | undefined): number {
  return 2000 + Number(yy);
}

const n = Number;

/**
 * Every timestamp form the header inference knows, most specific first, so that a longer form wins over a
 * shorter one that matches its start (ISO date-time before a bare date).
 */
export const TIMESTAMP_PATTERNS: readonly TimestampPattern[] = [
  {
    // 2024-05-01T12:00:00.123Z, 2015-10-18 18:01:47,978, 2016-09-28 04:30:30, 2024/05/01 12:00:00+02:00
    name: 'iso8601',
    regex: /(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?(?![\d:])/y,
    toMs: (m) => {
      const t = utc(n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6] ?? 0), fractionMs(m[7]));
      return t === undefined ? undefined : t - zoneOffsetMs(m[8]);
    },
    hasZone: (m) => m[8] !== undefined,
  },
  {
    // [Sun Dec 04 04:47:44 2005] (Apache error log) and Sun Dec 04 04:47:44 2005 (ctime)
    name: 'ctime',
    regex: new RegExp(`\\[?${WEEKDAY} ${MONTH} +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))? (\\d{4})\\]?`, 'y'),
    toMs: (m) => utc(n(m[7]), month(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), fractionMs(m[6])),
    hasZone: () => false,
  },
  {
    // [10/Oct/2000:13:55:36 -0700] (Common Log Format)
    name: 'clf',
    regex: new RegExp(`\\[?(\\d{2})/${MONTH}/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2})(?: ([+-]\\d{4}))?\\]?`, 'y'),
    toMs: (m) => {
      const t = utc(n(m[3]), month(m[2]), n(m[1]), n(m[4]), n(m[5]), n(m[6]));
      return t === undefined ? undefined : t - zoneOffsetMs(m[7]);
    },
    hasZone: (m) => m[7] !== undefined,
  },
  {
    // Dec 10 06:55:46 (syslog), Jun  9 06:06:20, and Dec 10 2015 06:55:46
    name: 'syslog',
    regex: new RegExp(`${MONTH} +(\\d{1,2})(?: (\\d{4}))? (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?`, 'y'),
    toMs: (m, ctx) =>
      m[3]
        ? utc(n(m[3]), month(m[1]), n(m[2]), n(m[4]), n(m[5]), n(m[6]), fractionMs(m[7]))
        : yearless(ctx, month(m[1]), n(m[2]), n(m[4]), n(m[5]), n(m[6]), fractionMs(m[7])),
    hasZone: () => false,
  },
  {
    // 17/06/09 20:10:40 (yy/MM/dd HH:mm:ss, log4j in Spark)
    name: 'yy/MM/dd HH:mm:ss',
    regex: /(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/y,
    toMs: (m) => utc(twoDigitYear(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), fractionMs(m[7])),
    hasZone: () => false,
  },
  {
    // 081109 203615 (yyMMdd HHmmss, Hadoop HDFS)
    name: 'yyMMdd HHmmss',
    regex: /(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(?!\d)/y,
    toMs: (m) => utc(twoDigitYear(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6])),
    hasZone: () => false,
  },
  {
    // 20171223-22:15:29:606 (yyyyMMdd-HH:mm:ss:SSS)
    name: 'yyyyMMdd-HH:mm:ss',
    regex: /(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[:.,](\d{1,3}))?/y,
    toMs: (m) => utc(n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), fractionMs(m[7]?.padStart(3, '0'))),
    hasZone: () => false,
  },
  {
    // 12-10 06:55:46.123 (MM-dd HH:mm:ss.SSS, Android logcat), 10.30 16:49:06 (MM.dd HH:mm:ss)
    name: 'MM-dd HH:mm:ss.SSS',
    regex: /(\d{2})[-.](\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/y,
    toMs: (m, ctx) => yearless(ctx, n(m[1]) - 1, n(m[2]), n(m[3]), n(m[4]), n(m[5]), fractionMs(m[6])),
    hasZone: () => false,
  },
  {
    // 2005.11.09 (a bare date, as in Thunderbird's second column)
    name: 'yyyy.MM.dd',
    regex: /(\d{4})[.-](\d{2})[.-](\d{2})(?![\d.:T-])/y,
    toMs: (m) => utc(n(m[1]), n(m[2]) - 1, n(m[3]), 0, 0, 0),
    hasZone: () => false,
  },
  {
    // I1103 10:15:30.123456 (glog and klog: the level letter, then MMdd and the time of day)
    name: 'glog',
    regex: /([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6})/y,
    toMs: (m, ctx) => yearless(ctx, n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), fractionMs(m[7])),
    hasZone: () => false,
    level: (m) => m[1]!,
  },
  {
    // 1131566461 or 1131566461.123 (epoch seconds), 1131566461123 (epoch milliseconds)
    name: 'epoch',
    regex: /(\d{10}|\d{13})(?:\.(\d{1,9}))?(?![\d.])/y,
    toMs: (m) => {
      const digits = m[1] ?? '';
      const seconds = digits.length === 13 ? n(digits) / 1000 : n(digits);
      if (seconds < EPOCH_MIN_S || seconds > EPOCH_MAX_S) return undefined;
      return digits.length === 13 ? n(digits) : seconds * 1000 + fractionMs(m[2]);
    },
    hasZone: () => true,
  },
  {
    // 06:55:46.123 (time of day only; the date is unknown, so only the order of records is meaningful)
    name: 'HH:mm:ss',
    regex: /(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?(?![\d:])/y,
    toMs: (m) => utc(1970, 0, 1, n(m[1]), n(m[2]), n(m[3]), fractionMs(m[4])),
    hasZone: () => false,
  },
];

const ISO_PATTERN = TIMESTAMP_PATTERNS.findIndex((p) => p.name === 'iso8601');

function digitAt(line: string, i: number): number {
  const d = line.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** The number the `count` digits at `i` spell, or -1 when one of them is not a digit. */
export function digitsAt(line: string, i: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = digitAt(line, i + k);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The iso8601 pattern read without a regular expression, because most modern logs start every line with it and
 * the regex's match arrays dominated parsing time. It accepts only the unambiguous shapes and returns undefined
 * otherwise, so that matchTimestampAt falls back to the regex, which stays the definition. It reads the line's code
 * units, line.charCodeAt(i) being codes[base + i], as the header parser does.
 * @internal exported for the test that holds it equal to the regex
 */
export function scanIso8601(line: string, offset: number, codes = codeUnitsOf(line), base = 0): TimestampMatch | undefined {
  const length = line.length;
  // The shortest form, `2024-05-01T12:00`, is 16 characters; within them every read is in bounds.
  if (offset + 16 > length) return undefined;
  const sep1 = codes[base + offset + 4];
  const sep2 = codes[base + offset + 7];
  const t = codes[base + offset + 10];
  if (!((sep1 === 45 || sep1 === 47) && (sep2 === 45 || sep2 === 47) && (t === 84 || t === 32))) return undefined;
  if (codes[base + offset + 13] !== 58) return undefined;
  const century = twoDigitsAt(codes, base + offset);
  const yy = twoDigitsAt(codes, base + offset + 2);
  const month = twoDigitsAt(codes, base + offset + 5);
  const day = twoDigitsAt(codes, base + offset + 8);
  const hour = twoDigitsAt(codes, base + offset + 11);
  const minute = twoDigitsAt(codes, base + offset + 14);
  if ((century | yy | month | day | hour | minute) < 0) return undefined;
  // From here on, a read may pass the line's end: codeAt gives 0 there, as no digit, mark or zone.
  let i = offset + 16;
  let second = 0;
  if (codeAt(codes, base, length, i) === 58) {
    second = i + 3 <= length ? twoDigitsAt(codes, base + i + 1) : -1;
    if (second < 0) return undefined;
    i += 3;
  }
  let ms = 0;
  const mark = codeAt(codes, base, length, i);
  if (mark === 46 || mark === 44) {
    // The first three digits make the milliseconds; "5" is 500 ms.
    let fraction = 0;
    let count = 0;
    for (let d = codeAt(codes, base, length, i + 1) - 48; d >= 0 && d <= 9; d = codeAt(codes, base, length, i + 1 + count) - 48) {
      if (count < 3) fraction = fraction * 10 + d;
      count++;
    }
    // Like the regex: a mark without digits, or with more than nine, is no fraction; the time ends before it.
    if (count >= 1 && count <= 9) {
      ms = count === 1 ? fraction * 100 : count === 2 ? fraction * 10 : fraction;
      i += 1 + count;
    }
  }
  let offsetMs = 0;
  let hasZone = false;
  const zone = codeAt(codes, base, length, i);
  if (zone === 90) {
    hasZone = true;
    i++;
  } else if (zone === 43 || zone === 45) {
    const hh = i + 3 <= length ? twoDigitsAt(codes, base + i + 1) : -1;
    const colon = codeAt(codes, base, length, i + 3) === 58 ? 1 : 0;
    const mm = i + 5 + colon <= length ? twoDigitsAt(codes, base + i + 3 + colon) : -1;
    if (hh < 0 || mm < 0) return undefined;
    offsetMs = (zone === 45 ? -1 : 1) * (hh * 60 + mm) * 60_000;
    hasZone = true;
    i += 5 + colon;
  }
  const next = codeAt(codes, base, length, i);
  if ((next >= 48 && next <= 57) || next === 58) return undefined;
  const utcMs = isoUtc(century * 100 + yy, month, day, hour, minute, second, ms);
  return utcMs === undefined ? undefined : { patternIndex: ISO_PATTERN, end: i, ms: utcMs - offsetMs, hasZone };
}

/** The code unit at `i` of a text of `length` units (starting at codes[base]), or 0 past its end. */
function codeAt(codes: Uint16Array, base: number, length: number, i: number): number {
  return i < length ? codes[base + i]! : 0;
}

/** The number the two digits at `i` spell, or -1; `i + 1` must be within the text. */
function twoDigitsAt(codes: Uint16Array, i: number): number {
  const tens = codes[i]! - 48;
  const ones = codes[i + 1]! - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** A timestamp found in a line. */
export interface TimestampMatch {
  /** Index into TIMESTAMP_PATTERNS. */
  readonly patternIndex: number;
  /** Offset just past the timestamp. */
  readonly end: number;
  /** Epoch milliseconds, UTC. */
  readonly ms: number;
  /** Whether the text carried its zone; when not, `ms` assumes UTC. */
  readonly hasZone: boolean;
  /** The level letter written into the timestamp, for forms that have one. */
  readonly level?: string;
}

/**
 * Matches a timestamp at `offset` of `line`, trying one pattern or all of them.
 * @param codes - the line's code units (line.charCodeAt(i) is codes[base + i]) when the caller has them at hand;
 * else an ISO time is read from codeUnitsOf(line), the shared scratch.
 * @returns the first pattern that matches and converts to a valid time, or undefined.
 */
export function matchTimestampAt(
  line: string,
  offset: number,
  ctx: TimestampContext,
  onlyPattern?: number,
  codes?: Uint16Array,
  base?: number,
): TimestampMatch | undefined {
  if (onlyPattern === ISO_PATTERN) {
    const fast = scanIso8601(line, offset, codes, base);
    if (fast) return fast;
  }
  const from = onlyPattern ?? 0;
  const to = onlyPattern === undefined ? TIMESTAMP_PATTERNS.length : onlyPattern + 1;
  for (let i = from; i < to; i++) {
    const pattern = TIMESTAMP_PATTERNS[i]!;
    pattern.regex.lastIndex = offset;
    const m = pattern.regex.exec(line);
    if (!m) continue;
    const ms = pattern.toMs(m, ctx);
    if (ms === undefined || Number.isNaN(ms)) continue;
    const match: TimestampMatch = { patternIndex: i, end: offset + m[0].length, ms, hasZone: pattern.hasZone(m) };
    return pattern.level ? { ...match, level: pattern.level(m) } : match;
  }
  // Any form may be wrapped in brackets: "[2024-05-01 12:00:00]", "[10.30 16:49:06]".
  if (line.charCodeAt(offset) === 91) {
    const inner = matchTimestampAt(line, offset + 1, ctx, onlyPattern, codes, base);
    if (inner && line.charCodeAt(inner.end) === 93) return { ...inner, end: inner.end + 1 };
  }
  return undefined;
}
