/**
 * Retry with capped exponential backoff and jitter, for the short retries inside one process (a Lambda, the CLI).
 *
 * Inside a Lambda these retries stay short, a few attempts a few seconds apart: the function is billed while it
 * waits and has a timeout of its own. Step Functions owns the long waits: a retryable error that outlives these
 * retries is thrown under its normalised name, and the state's Retry rule (same names, BackoffRate,
 * MaxDelaySeconds, JitterStrategy FULL) waits it out for free.
 */
import { isRetryableLlmError } from '../errors.ts';
import { DEFAULT_ANALYSIS_CONFIG, type RetryConfig } from '../config/types.ts';
import type { RetryDefaults, RetryOptions } from './types.ts';

/**
 * The defaults of {@link RetryOptions}: those of the default `workflow.retry` (3 attempts, 1 s, 30 s, ×2, full
 * jitter), in ms, taken from it so that the two cannot disagree.
 */
export const DEFAULT_RETRY_OPTIONS: RetryDefaults = Object.freeze(retryOptionsFromConfig(DEFAULT_ANALYSIS_CONFIG.workflow.retry));

/** Options with every default applied and every value checked. */
interface ResolvedRetryOptions extends RetryDefaults {
  readonly isRetryable: (error: unknown) => boolean;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

/** Applies the defaults and checks the values, naming the option and the bad value. */
function resolveRetryOptions(options: RetryOptions): ResolvedRetryOptions {
  const resolved: ResolvedRetryOptions = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_OPTIONS.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_OPTIONS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs,
    backoffFactor: options.backoffFactor ?? DEFAULT_RETRY_OPTIONS.backoffFactor,
    jitter: jitterShare(options.jitter ?? DEFAULT_RETRY_OPTIONS.jitter),
    isRetryable: options.isRetryable ?? isRetryableLlmError,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
  };
  const problems: string[] = [];
  // Number.isInteger rejects Infinity, so no policy can retry forever.
  if (!Number.isInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) problems.push(`maxAttempts must be a whole number ≥ 1, got ${resolved.maxAttempts}`);
  if (!Number.isFinite(resolved.baseDelayMs) || resolved.baseDelayMs < 0) problems.push(`baseDelayMs must be a finite number ≥ 0, got ${resolved.baseDelayMs}`);
  if (!Number.isFinite(resolved.maxDelayMs) || resolved.maxDelayMs < 0) problems.push(`maxDelayMs must be a finite number ≥ 0, got ${resolved.maxDelayMs}`);
  if (!Number.isFinite(resolved.backoffFactor) || resolved.backoffFactor < 1) problems.push(`backoffFactor must be a finite number ≥ 1, got ${resolved.backoffFactor}`);
  if (!(resolved.jitter >= 0 && resolved.jitter <= 1)) problems.push(`jitter must be a boolean or a number in [0, 1], got ${resolved.jitter}`);
  if (problems.length > 0) throw new RangeError(`invalid retry options: ${problems.join('; ')}`);
  return resolved;
}

/**
 * The delay before the retry that follows failed attempt `attempt` (1-based): the cap
 * `min(maxDelayMs, baseDelayMs × backoffFactor^(attempt-1))`, of which the `jitter` share is drawn at random, so
 * full jitter is uniform in [0, cap]. A provider's Retry-After (`retryAfterMs`) is a floor, then the whole is
 * capped by `maxDelayMs` again: a Retry-After longer than that is cut to `maxDelayMs` (the wait stays bounded; if
 * the provider is still throttling, the last error is thrown and Step Functions waits longer).
 * @internal exported for tests
 */
export function retryDelayMs(
  attempt: number,
  options: Pick<RetryDefaults, 'baseDelayMs' | 'maxDelayMs' | 'backoffFactor' | 'jitter'> & { readonly random: () => number },
  retryAfterMs?: number,
): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * options.backoffFactor ** (attempt - 1));
  const backoff = cap * (1 - options.jitter) + options.random() * cap * options.jitter;
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.min(options.maxDelayMs, Math.max(backoff, floor));
}

/**
 * Calls `fn` until it succeeds, retrying only the errors `isRetryable` accepts (by default the retryable LLM
 * errors), at most `maxAttempts` times in all, waiting a capped, jittered exponential delay between attempts (at
 * least the error's `retryAfterMs`, when it carries one).
 * @param fn - the call; it receives the attempt number, from 1
 * @param options - the policy; see {@link RetryOptions} for the defaults
 * @returns what `fn` returned on the first attempt that succeeded
 * @throws the error of the last attempt, as it was thrown, when attempts run out or the error is not retryable
 * @throws the signal's reason when `signal` is aborted before an attempt or during a wait (an attempt the abort
 *   interrupts throws its own error, LlmTimeoutError for the clients of shared/llm, and is not retried)
 * @throws RangeError when an option is out of range
 * @example
 * const completion = await withRetry(() => client.complete(request), {
 *   ...retryOptionsFromConfig(config.workflow.retry),
 *   onRetry: (attempt, delayMs, error) => metrics.addMetric('LlmRetries', 'Count', 1),
 * });
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const resolved = resolveRetryOptions(options);
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= resolved.maxAttempts || !resolved.isRetryable(error) || signal?.aborted) throw error;
      const delay = retryDelayMs(attempt, resolved, retryAfterOf(error));
      options.onRetry?.(attempt, delay, error);
      await resolved.sleep(delay, signal);
    }
  }
}

/** The `retryAfterMs` an error carries (LlmThrottledError does), if any. */
function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  return typeof error.retryAfterMs === 'number' ? error.retryAfterMs : undefined;
}

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as it is aborted. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The retry options of the configuration's `workflow.retry` section, its seconds turned into milliseconds.
 * @param retry - `config.workflow.retry`
 * @param llm - `config.llm`, when the policy is for LLM calls: its `max_retries` (retries after the first attempt)
 *   then sets `maxAttempts` to `max_retries + 1`
 * @example const options = retryOptionsFromConfig(config.workflow.retry, config.llm);
 */
export function retryOptionsFromConfig(retry: RetryConfig, llm?: { readonly max_retries: number }): RetryDefaults {
  return {
    maxAttempts: llm === undefined ? retry.max_attempts : llm.max_retries + 1,
    baseDelayMs: retry.initial_delay * 1000,
    maxDelayMs: retry.max_delay * 1000,
    backoffFactor: retry.backoff_factor,
    jitter: jitterShare(retry.jitter),
  };
}

/** The share of each delay drawn at random: `true` is full jitter (1), `false` none (0), a number itself. */
function jitterShare(jitter: boolean | number): number {
  return typeof jitter === 'boolean' ? (jitter ? 1 : 0) : jitter;
}
