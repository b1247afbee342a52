/** Retry with capped exponential backoff and jitter, speaking the same vocabulary as the ASL Retry rules. */
export { DEFAULT_RETRY_OPTIONS, retryDelayMs, retryOptionsFromConfig, withRetry } from './retry.ts';
export type { RetryDefaults, RetryListener, RetryOptions } from './types.ts';
