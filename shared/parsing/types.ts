/** Types of the parsing stage: a physical line in, a structured record out. */

/** Log severity levels, normalised from the many spellings logs use. */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'ERROR', 'FATAL'] as const;
/** One normalised severity level. */
export type Level = (typeof LEVELS)[number];

/** The line formats a file can be detected as. */
export const LOG_FORMATS = {
  /** Free text, with a header (timestamp, level, …) the parser infers per file. */
  plain: 'plain',
  /** One JSON object per line (Docker, Kubernetes, Fluent Bit, Bunyan/Pino, CloudWatch JSON). */
  jsonLines: 'json-lines',
  /** CloudWatch Logs export: an ISO 8601 timestamp, a space, then the event as it was logged. */
  cloudwatchExport: 'cloudwatch-export',
} as const;
/** One detected line format. */
export type LogFormat = (typeof LOG_FORMATS)[keyof typeof LOG_FORMATS];

/** The fields parsed out of one line's header (or one JSON object), before the message is mined. */
export interface ParsedLine {
  /** Milliseconds since the epoch, UTC; undefined when the line carries no time. */
  timestampMs?: number;
  /** The normalised level, when the line carries one. */
  level?: Level;
  /** Component, logger or program name. */
  component?: string;
  /** The message content: the part of the line after the header, the part templates are mined from. */
  message: string;
  /** Every other header field found (pid, thread, host, source file, …), by name. */
  fields?: Record<string, string>;
}

/** One log record: a header line and the continuation lines (stack traces, …) that belong to it. */
export interface LogRecord extends ParsedLine {
  /** 1-based number of the record's first physical line. */
  line: number;
  /** How many physical lines the record spans (1 unless continuation lines joined it). */
  lineCount: number;
  /** The continuation lines' text, joined with `\n`; empty for single-line records. */
  continuation: string;
}
