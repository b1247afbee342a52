/**
 * From lines to records: detect a file's layout on a sample, parse each line, and join continuation lines
 * (stack traces, `Caused by:`, indented lines, header-less lines in a file that has headers) to their record.
 */
import { HeaderParser, inferHeaderStructure, type HeaderOptions, type HeaderStructure } from './header.ts';
import { detectLineFormat, parseCloudWatchExportLine, parseJsonLine } from './json-lines.ts';
import { TIMESTAMP_PATTERNS } from './timestamps.ts';
import type { LogFormat, LogRecord, ParsedLine } from './types.ts';

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

/**
 * Detects the layout of a file from a sample of its first lines.
 * @example detectLayout(['2024-05-01T12:00:00Z INFO api: started']).description // "plain: iso8601 level component"
 */
export function detectLayout(sample: readonly string[], options: HeaderOptions = {}): FileLayout {
  const format = detectLineFormat(sample);
  let plain: readonly string[] = sample;
  if (format === 'cloudwatch-export') {
    plain = sample.flatMap((line) => {
      const event = parseCloudWatchExportLine(line)?.event;
      return event !== undefined && !event.startsWith('{') ? [event] : [];
    });
  }
  // Stack frames and other continuation lines carry no header; a long trace in the sample must not outvote the headers.
  const headerLines = plain.filter((line) => !CONTINUATION.test(line));
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

/** Parses one line; undefined when the line continues the previous record. */
export type LineParser = (line: string) => ParsedLine | undefined;

/** A parser of single lines for a layout. */
export function createLineParser(layout: FileLayout, options: HeaderOptions = {}): LineParser {
  const header = new HeaderParser(layout.header, options);
  const headed = layout.header.timestampPattern !== undefined;
  const parsePlain = (text: string): ParsedLine | undefined =>
    CONTINUATION.test(text) || (headed && text.length === 0) ? undefined : (header.parse(text) ?? (headed ? undefined : { message: text }));
  switch (layout.format) {
    case 'json-lines':
      return (line) => parseJsonLine(line) ?? parsePlain(line) ?? undefined;
    case 'cloudwatch-export':
      return (line) => {
        const exported = parseCloudWatchExportLine(line);
        // Every exported event starts with its time, so a line without one continues the event above.
        if (!exported) return undefined;
        const event = exported.event.startsWith('{') ? parseJsonLine(exported.event) : header.parse(exported.event);
        // CloudWatch's time is UTC by definition; the event's own may lack a zone, so the export's wins.
        return { ...(event ?? { message: exported.event }), timestampMs: exported.timestampMs };
      };
    case 'plain':
      return parsePlain;
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

  /** The last record, once every line has been pushed. */
  flush(): LogRecord | undefined {
    const pending = this.#pending;
    this.#pending = undefined;
    return pending;
  }
}
