/**
 * From lines to records: detect a file's layout on a sample, parse each line, and join continuation lines
 * (stack traces, `Caused by:`, indented lines, header-less lines in a file that has headers) to their record.
 */
import { HeaderParser, inferHeaderStructure, type HeaderOptions, type HeaderParserOptions, type HeaderScan, type HeaderStructure } from './header.ts';
import { detectLineFormat, parseCloudWatchExportLine, parseJsonLine } from './json-lines.ts';
import { digitsAt, isoUtc, matchTimestampAt, TIMESTAMP_PATTERNS } from './timestamps.ts';
import type { Level, LogFormat, LogRecord, ParsedLine } from './types.ts';

/** Options of layout detection and record assembly. */
export interface RecordOptions extends HeaderOptions {
  /**
   * Lines read before the layout is decided.
   * @default 1000
   */
  sampleLines?: number;
  /**
   * Most continuation lines joined to one record; the next one starts a record of its own, so a file without
   * headers cannot grow one record without bound.
   * @default 1000
   */
  maxContinuationLines?: number;
  /**
   * Most characters of continuation text kept per record (the lines are still counted).
   * @default 65536
   */
  maxContinuationChars?: number;
}

/** Default record options. */
export const DEFAULT_RECORD_OPTIONS = {
  sampleLines: 1000,
  maxContinuationLines: 1000,
  maxContinuationChars: 65_536,
} as const;

/** What was detected about a file's lines. */
export interface FileLayout {
  /** The line format. */
  readonly format: LogFormat;
  /** The header structure of plain lines (or of CloudWatch export events that are plain text). */
  readonly header: HeaderStructure;
  /** One line describing the layout for people: "plain: iso8601 level bracket component". */
  readonly description: string;
  /** The zone assumed for times written without one; undefined when every time carried its zone. */
  readonly assumedZone: 'UTC' | undefined;
}

/** Lines that continue the record above them whatever the file's format. */
const CONTINUATION = /^(?:\s|Caused by:|\.\.\. \d+ (?:more|common frames omitted))/;

/** CONTINUATION.test(line), with the regex run only on lines whose first character it could match. */
function isContinuation(line: string): boolean {
  const c = line.charCodeAt(0);
  // Printable ASCII other than `C` and `.` starts neither white space nor the two phrases.
  if (c > 32 && c < 127 && c !== 67 && c !== 46) return false;
  return CONTINUATION.test(line);
}

/**
 * Detects the layout of a file from a sample of its first lines.
 * @example detectLayout(['2024-05-01T12:00:00Z INFO api: started']).description // "plain: iso8601 level component"
 */
export function detectLayout(sample: readonly string[], options: HeaderOptions = {}): FileLayout {
  let format = detectLineFormat(sample);
  let plain: readonly string[] = sample;
  if (format === 'cloudwatch-export') {
    const events = sample.flatMap((line) => parseCloudWatchExportLine(line)?.event ?? []);
    plain = events.filter((event) => !event.startsWith('{'));
    // An application that writes an ISO time with a zone, then its own header, looks like an export line by line.
    // An export shows itself in events that are JSON or carry their own time; a log with neither is plain text
    // whose header starts with the time (parsed the same way, and labelled as what it is).
    const exported = events.some((event) => event.startsWith('{') || matchTimestampAt(event.replace(/^\[/, ''), 0, { referenceYear: 2000 }) !== undefined);
    if (!exported) {
      format = 'plain';
      plain = sample;
    }
  }
  // Stack frames and other continuation lines carry no header; a long trace in the sample must not outvote the headers.
  const headerLines = plain.filter((line) => !isContinuation(line));
  const header = format === 'json-lines' ? inferHeaderStructure([]) : inferHeaderStructure(headerLines, options);
  const parts = [
    ...Array.from({ length: header.leadingColumns }, () => 'column'),
    ...(header.timestampPattern === undefined ? [] : [TIMESTAMP_PATTERNS[header.timestampPattern]!.name]),
    ...header.steps,
  ];
  return {
    format,
    header,
    description: `${format}${parts.length > 0 ? `: ${parts.join(' ')}` : ''}`,
    assumedZone: header.zoneAssumed ? 'UTC' : undefined,
  };
}

/**
 * Parses one line into a record of its own (line numbers to be set); undefined when it continues the previous one.
 * `codes` are the line's code units (line.charCodeAt(i) is codes[base + i]) when the caller has them; else the
 * parser copies them out of the line when it needs them.
 */
export type RecordParser = (line: string, codes?: Uint16Array, base?: number) => LogRecord | undefined;

/**
 * A parser of single lines into records, for RecordAssembler to join: a plain or exported line becomes a record of
 * one shape (a field the line lacks is present as undefined), its header read by HeaderParser.scan.
 * @example
 * const parse = createRecordParser(detectLayout(sample));
 * parse('2024-05-01T12:00:00Z INFO api: started')?.message // "started"
 */
export function createRecordParser(layout: FileLayout, options: HeaderParserOptions = {}): RecordParser {
  const header = new HeaderParser(layout.header, options);
  const headed = layout.header.timestampPattern !== undefined;
  const fromScan = (line: string, scan: HeaderScan, timestampMs: number | undefined): LogRecord =>
    newRecord(timestampMs, scan.level, scan.component, line.slice(scan.messageStart), scan.fields);
  const parsePlain: RecordParser = (line, codes, base) => {
    if (isContinuation(line) || (headed && line.length === 0)) return undefined;
    const scan = header.scan(line, 0, codes, base);
    return scan ? fromScan(line, scan, scan.timestampMs) : undefined;
  };
  switch (layout.format) {
    case 'json-lines':
      // parseJsonLine's fresh object becomes the record, RecordAssembler.push setting its line numbers; a line that
      // is not JSON is read as plain text.
      return (line) => (parseJsonLine(line) as LogRecord | undefined) ?? parsePlain(line);
    case 'cloudwatch-export': {
      const exportTime = new ExportTimeReader();
      return (line, codes, base) => {
        // Every exported event starts with its time, so a line without one continues the event above.
        const timestampMs = exportTime.read(line);
        if (timestampMs === undefined) return undefined;
        const eventStart = exportTime.eventStart;
        if (line.charCodeAt(eventStart) === 123) {
          const event = parseJsonLine(line.slice(eventStart));
          // CloudWatch's time is UTC by definition; the event's own may lack a zone, so the export's wins.
          if (event) return { ...event, timestampMs, line: 0, lineCount: 1, continuation: '' };
        } else {
          const scan = header.scan(line, eventStart, codes, base);
          if (scan) return fromScan(line, scan, timestampMs);
        }
        return newRecord(timestampMs, undefined, undefined, line.slice(eventStart), undefined);
      };
    }
    case 'plain':
      return parsePlain;
  }
}

/** A record in the one shape createRecordParser gives every record, so that reading it stays monomorphic. */
function newRecord(
  timestampMs: number | undefined,
  level: Level | undefined,
  component: string | undefined,
  message: string,
  fields: Record<string, string> | undefined,
): LogRecord {
  return { timestampMs, level, component, message, fields, line: 0, lineCount: 1, continuation: '' };
}

/**
 * parseCloudWatchExportLine's timestamp, read without allocating for the shape CloudWatch writes,
 * `2024-03-01T12:00:00.123Z `; any other line, and a time that is no date, goes through parseCloudWatchExportLine
 * itself.
 */
class ExportTimeReader {
  /** Where the event begins in the line last read. */
  eventStart = 0;

  /** The export time of `line`, or undefined when it is not an export line. */
  read(line: string): number | undefined {
    if (
      line.length > 24 &&
      line.charCodeAt(24) === 32 &&
      line.charCodeAt(23) === 90 &&
      line.charCodeAt(19) === 46 &&
      line.charCodeAt(16) === 58 &&
      line.charCodeAt(13) === 58 &&
      line.charCodeAt(10) === 84 &&
      line.charCodeAt(7) === 45 &&
      line.charCodeAt(4) === 45
    ) {
      const year = digitsAt(line, 0, 4);
      const month = digitsAt(line, 5, 2);
      const day = digitsAt(line, 8, 2);
      const hour = digitsAt(line, 11, 2);
      const minute = digitsAt(line, 14, 2);
      const second = digitsAt(line, 17, 2);
      const ms = digitsAt(line, 20, 3);
      // Date.UTC agrees with parseCloudWatchExportLine's arithmetic from year 100 on.
      const timestampMs = year >= 100 && (month | day | hour | minute | second | ms) >= 0 ? isoUtc(year, month, day, hour, minute, second, ms) : undefined;
      if (timestampMs !== undefined) {
        this.eventStart = 25;
        return timestampMs;
      }
    }
    const exported = parseCloudWatchExportLine(line);
    if (!exported) return undefined;
    this.eventStart = line.length - exported.event.length;
    return exported.timestampMs;
  }
}


/** Joins physical lines into records; feed lines in order with `push`, then call `flush` at the end. */
export class RecordAssembler {
  readonly #maxLines: number;
  readonly #maxChars: number;
  #pending: LogRecord | undefined;

  constructor(options: RecordOptions = {}) {
    this.#maxLines = options.maxContinuationLines ?? DEFAULT_RECORD_OPTIONS.maxContinuationLines;
    this.#maxChars = options.maxContinuationChars ?? DEFAULT_RECORD_OPTIONS.maxContinuationChars;
  }

  /**
   * Adds one line.
   * @param parsed - the line's parse, or undefined when it continues the previous record.
   * @returns the record the line completed, if any.
   */
  push(line: number, text: string, parsed: ParsedLine | undefined): LogRecord | undefined {
    const pending = this.#pending;
    if (parsed === undefined && pending && pending.lineCount <= this.#maxLines) {
      pending.lineCount++;
      if (pending.continuation.length < this.#maxChars) {
        // The first continuation line is the one that made lineCount 2; testing the text instead would drop blank lines.
        const joined = pending.lineCount === 2 ? text : `${pending.continuation}\n${text}`;
        pending.continuation = joined.length > this.#maxChars ? joined.slice(0, this.#maxChars) : joined;
      }
      return undefined;
    }
    // Parsers return a fresh object per line, so the record completes it rather than copying it.
    const record = (parsed ?? { message: text }) as LogRecord;
    record.line = line;
    record.lineCount = 1;
    record.continuation = '';
    this.#pending = record;
    return pending;
  }

  /** The record the last line pushed started or continued; undefined before the first line and after flush. */
  get current(): LogRecord | undefined {
    return this.#pending;
  }

  /** The last record, once every line has been pushed. */
  flush(): LogRecord | undefined {
    const pending = this.#pending;
    this.#pending = undefined;
    return pending;
  }
}
