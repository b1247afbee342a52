/**
 * Errors raised by the LogAnomaly core.
 *
 * Each class sets `name` to a string literal rather than `constructor.name`: minifiers rename classes,
 * and the name is what Lambda reports as `errorType` and what Step Functions `ErrorEquals` matches.
 */

/** Base class of every error the core raises on purpose. */
export class LogAnomalyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogAnomalyError';
  }
}

/** Input that cannot be read as a log: a binary file, a missing path, an unreadable stream. */
export class InputFormatError extends LogAnomalyError {
  /** The file the error is about. */
  readonly file: string;
  /** The 1-based line the error is about, when there is one. */
  readonly line: number | undefined;

  constructor(file: string, message: string, options?: ErrorOptions & { line?: number }) {
    super(options?.line === undefined ? `${file}: ${message}` : `${file}:${options.line}: ${message}`, options);
    this.name = 'InputFormatError';
    this.file = file;
    this.line = options?.line;
  }
}

/** A file whose bytes are not text (an executable, an image, an archive other than gzip). */
export class BinaryFileError extends InputFormatError {
  constructor(file: string, reason: string, options?: ErrorOptions) {
    super(file, `not a text log (${reason})`, options);
    this.name = 'BinaryFileError';
  }
}

/** An analysis configuration that cannot be used: unreadable, not valid YAML, or with wrong values. */
export class ConfigError extends LogAnomalyError {
  /** The configuration file, as given. */
  readonly file: string;
  /** Every problem found, one message each, each starting with the file name (and line, when known). */
  readonly problems: string[];

  constructor(file: string, problems: string[], options?: ErrorOptions) {
    // One problem reads as itself; several get a count, then one indented line each.
    super(
      problems.length === 1
        ? String(problems[0])
        : [`${file}: ${problems.length} problems in the configuration`, ...problems.map((problem) => `  ${problem}`)].join('\n'),
      options,
    );
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}
