/** Types of the retry policy: how often and how long a failed call is tried again. */

/** Called before each retry, for metrics and logs. */
export type RetryListener = (attempt: number, delayMs: number, error: unknown) => void;

/** Options of {@link withRetry}; the names match the ASL Retry fields they mirror. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included; a whole number ≥ 1 (1 means no retry). Like `MaxAttempts` + 1 in the ASL.
   * @default 3
   */
  readonly maxAttempts?: number;
  /** Delay before the first retry, in milliseconds, before jitter; ≥ 0. Like `IntervalSeconds`. @default 1000 */
  readonly baseDelayMs?: number;
  /**
   * Longest delay between two attempts, in milliseconds; ≥ 0. Caps the backoff and the provider's Retry-After alike.
   * Like `MaxDelaySeconds`.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /** Each delay is the previous one times this; ≥ 1. Like `BackoffRate`. @default 2 */
  readonly backoffFactor?: number;
  /**
   * The share of each delay that is randomised, in [0, 1]: 1 (or `true`) is full jitter, a delay drawn from
   * [0, cap]; 0 (or `false`) is none. Like `JitterStrategy: FULL`.
   * @default 1
   */
  readonly jitter?: number | boolean;
  /**
   * Which errors are retried; every other error is thrown at once.
   * @default - isRetryableLlmError: LlmThrottledError, LlmTimeoutError and LlmServerError
   */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Called before each retry with the attempt that failed (1-based), the delay about to be waited and the error. @default - none */
  readonly onRetry?: RetryListener;
  /** Stops the retries: no new attempt starts, and a pending delay ends, once it is aborted. @default - none */
  readonly signal?: AbortSignal;
  /**
   * Waits the given milliseconds; rejects when the signal is aborted. Injected by tests.
   * @default - a timer
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A random number in [0, 1), used for jitter. Injected by tests. @default Math.random */
  readonly random?: () => number;
}

/** The numeric defaults of {@link RetryOptions}, the same as the `workflow.retry` defaults of the configuration. */
export interface RetryDefaults {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly backoffFactor: number;
  readonly jitter: number;
}
