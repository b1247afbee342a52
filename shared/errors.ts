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

/** Input that cannot be read as a log, or not here: a binary file, a missing path, an unreadable stream, a log larger than a run takes. */
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
        ? problems[0]!
        : [`${file}: ${problems.length} problems in the configuration`, ...problems.map((problem) => `  ${problem}`)].join('\n'),
      options,
    );
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

/**
 * Base of the normalised failures of an LLM provider. Whatever the provider (Ollama, an OpenAI-compatible server,
 * Bedrock), a failed call surfaces as one of its subclasses, so retry rules (ours and the ASL's) need only their
 * names.
 */
export class LlmError extends LogAnomalyError {
  /** The provider that failed (`ollama`, `openai`, `bedrock`, …). */
  readonly provider: string;

  constructor(provider: string, message: string, options?: ErrorOptions) {
    super(`${provider}: ${message}`, options);
    this.name = 'LlmError';
    this.provider = provider;
  }
}

/** The provider refused the call for now (HTTP 429, Bedrock ThrottlingException); retryable. */
export class LlmThrottledError extends LlmError {
  /** How long the provider asked to wait before the next call (its Retry-After), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(provider: string, message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(provider, message, options);
    this.name = 'LlmThrottledError';
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** The call took longer than its timeout, or was aborted (Bedrock ModelTimeoutException too); retryable. */
export class LlmTimeoutError extends LlmError {
  /** The timeout that expired, in milliseconds, when the client set one. */
  readonly timeoutMs: number | undefined;

  constructor(provider: string, message: string, options?: ErrorOptions & { timeoutMs?: number }) {
    super(provider, message, options);
    this.name = 'LlmTimeoutError';
    this.timeoutMs = options?.timeoutMs;
  }
}

/**
 * The provider failed on its side (HTTP 5xx, 529 overloaded) or the connection broke (reset, refused, hang-up);
 * retryable.
 */
export class LlmServerError extends LlmError {
  /** The HTTP status, or undefined when no response arrived (a network error). */
  readonly status: number | undefined;

  constructor(provider: string, message: string, options?: ErrorOptions & { status?: number }) {
    super(provider, message, options);
    this.name = 'LlmServerError';
    this.status = options?.status;
  }
}

/**
 * The provider refused the request itself (HTTP 400, 401, 403, 404, 413, 422, …), or it could not be sent (no API
 * key); retrying the same request cannot help, so it is not retryable.
 */
export class LlmBadRequestError extends LlmError {
  /** The HTTP status, or undefined when the request was refused before it was sent. */
  readonly status: number | undefined;

  constructor(provider: string, message: string, options?: ErrorOptions & { status?: number }) {
    super(provider, message, options);
    this.name = 'LlmBadRequestError';
    this.status = options?.status;
  }
}

/**
 * The provider answered, but not with a usable completion: an empty body, JSON that does not parse, or JSON of the
 * wrong shape. Not retryable at the transport level (the classifier may ask once more, with a repair prompt).
 */
export class LlmResponseError extends LlmError {
  constructor(provider: string, message: string, options?: ErrorOptions) {
    super(provider, message, options);
    this.name = 'LlmResponseError';
  }
}

/**
 * The names of the LLM errors worth retrying: the ones `withRetry` retries and the ASL's Retry rules list in
 * `ErrorEquals`.
 */
export const RETRYABLE_LLM_ERRORS = ['LlmThrottledError', 'LlmTimeoutError', 'LlmServerError'] as const;

/**
 * Whether an error is a transient provider failure worth retrying. It goes by `name`, as Step Functions does, so an
 * error rebuilt from a task's `errorType` is classified the same way as the original.
 * @example if (isRetryableLlmError(error)) throw error; // let the state's Retry rule wait it out
 */
export function isRetryableLlmError(error: unknown): error is LlmThrottledError | LlmTimeoutError | LlmServerError {
  return error instanceof Error && (RETRYABLE_LLM_ERRORS as readonly string[]).includes(error.name);
}
