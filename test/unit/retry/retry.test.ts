import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_ANALYSIS_CONFIG } from '../../../shared/config/types.ts';
import { LlmBadRequestError, LlmResponseError, LlmServerError, LlmThrottledError, LlmTimeoutError } from '../../../shared/errors.ts';
import { DEFAULT_RETRY_OPTIONS, retryDelayMs, retryOptionsFromConfig, withRetry } from '../../../shared/retry/index.ts';

/** A sleep that only records what it was asked to wait. */
function fakeSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

/** A function that throws the given errors in turn, then returns 'ok'. */
function failingThen(...errors: unknown[]): ReturnType<typeof vi.fn<(attempt: number) => Promise<string>>> {
  return vi.fn(async () => {
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'ok';
  });
}

describe('Module: retry', () => {
  describe('Function: withRetry', () => {
    it('returns the first success without waiting', async () => {
      // Prepare
      const { sleep, delays } = fakeSleep();
      const fn = failingThen();
      // Act
      const result = await withRetry(fn, { sleep });
      // Assess
      expect(result).toBe('ok');
      expect(fn).toHaveBeenCalledTimes(1);
      expect(delays).toEqual([]);
    });

    it('retries each retryable error, with exponential delays, then succeeds', async () => {
      // Prepare
      const { sleep, delays } = fakeSleep();
      const fn = failingThen(new LlmServerError('ollama', 'boom', { status: 500 }), new LlmTimeoutError('ollama', 'slow'), new LlmThrottledError('ollama', 'busy'));
      // Act
      const result = await withRetry(fn, { maxAttempts: 4, baseDelayMs: 100, backoffFactor: 3, jitter: false, sleep });
      // Assess
      expect(result).toBe('ok');
      expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3, 4]);
      expect(delays).toEqual([100, 300, 900]);
    });

    it('throws the last error, unchanged, when the attempts run out', async () => {
      // Prepare
      const { sleep } = fakeSleep();
      const last = new LlmServerError('openai', 'third', { status: 502 });
      const fn = failingThen(new LlmServerError('openai', 'first'), new LlmServerError('openai', 'second'), last);
      // Act
      const call = withRetry(fn, { maxAttempts: 3, sleep });
      // Assess
      await expect(call).rejects.toBe(last);
      expect(fn).toHaveBeenCalledTimes(3);
    });

    it.each([
      ['LlmBadRequestError', new LlmBadRequestError('openai', 'no', { status: 400 })],
      ['LlmResponseError', new LlmResponseError('openai', 'not JSON')],
      ['a plain Error', new Error('bug')],
      ['a thrown string', 'oops'],
    ])('does not retry %s', async (_title, error) => {
      // Prepare
      const { sleep, delays } = fakeSleep();
      const fn = failingThen(error);
      // Act
      const call = withRetry(fn, { maxAttempts: 5, sleep });
      // Assess
      await expect(call).rejects.toBe(error);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(delays).toEqual([]);
    });

    it('retries what a custom isRetryable accepts', async () => {
      // Prepare
      const { sleep } = fakeSleep();
      const fn = failingThen(new Error('flaky'));
      // Act
      const result = await withRetry(fn, { isRetryable: (error) => error instanceof Error && error.message === 'flaky', sleep });
      // Assess
      expect(result).toBe('ok');
    });

    it('waits at least the Retry-After of a throttled error', async () => {
      // Prepare
      const { sleep, delays } = fakeSleep();
      const fn = failingThen(new LlmThrottledError('openai', 'slow down', { retryAfterMs: 2500 }));
      // Act
      await withRetry(fn, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0.5, sleep });
      // Assess
      expect(delays).toEqual([2500]);
    });

    it('caps a Retry-After longer than maxDelayMs at maxDelayMs', async () => {
      // Prepare
      const { sleep, delays } = fakeSleep();
      const fn = failingThen(new LlmThrottledError('openai', 'come back in an hour', { retryAfterMs: 3_600_000 }));
      // Act
      await withRetry(fn, { maxDelayMs: 5000, sleep });
      // Assess
      expect(delays).toEqual([5000]);
    });

    it('tells onRetry the failed attempt, the delay and the error before each wait', async () => {
      // Prepare
      const { sleep } = fakeSleep();
      const first = new LlmServerError('bedrock', 'one');
      const second = new LlmTimeoutError('bedrock', 'two');
      const onRetry = vi.fn();
      // Act
      await withRetry(failingThen(first, second), { baseDelayMs: 10, jitter: 0, onRetry, sleep });
      // Assess
      expect(onRetry.mock.calls).toEqual([
        [1, 10, first],
        [2, 20, second],
      ]);
    });

    it('stops waiting and rejects with the reason when the signal is aborted', async () => {
      // Prepare
      const controller = new AbortController();
      const reason = new Error('Lambda deadline');
      const fn = failingThen(new LlmServerError('ollama', 'down'));
      setTimeout(() => controller.abort(reason), 10);
      // Act: the real sleep, waiting an hour unless aborted
      const call = withRetry(fn, { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000, jitter: false, signal: controller.signal });
      // Assess
      await expect(call).rejects.toBe(reason);
      expect(fn).toHaveBeenCalledTimes(1);
    });

    it('makes no attempt when the signal is already aborted', async () => {
      // Prepare
      const fn = failingThen();
      // Act
      const call = withRetry(fn, { signal: AbortSignal.abort(new Error('cancelled')) });
      // Assess
      await expect(call).rejects.toThrow('cancelled');
      expect(fn).not.toHaveBeenCalled();
    });

    it.each([
      ['an infinite maxAttempts', { maxAttempts: Number.POSITIVE_INFINITY }, /maxAttempts/],
      ['maxAttempts 0', { maxAttempts: 0 }, /maxAttempts/],
      ['a fractional maxAttempts', { maxAttempts: 2.5 }, /maxAttempts/],
      ['a negative delay', { baseDelayMs: -1 }, /baseDelayMs/],
      ['an infinite maxDelayMs', { maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs/],
      ['a backoffFactor below 1', { backoffFactor: 0.5 }, /backoffFactor/],
      ['a jitter above 1', { jitter: 1.5 }, /jitter/],
    ])('refuses %s, so no retry loop is unbounded', async (_title, options, message) => {
      // Prepare
      const fn = failingThen();
      // Act
      const call = withRetry(fn, options);
      // Assess
      await expect(call).rejects.toThrow(message);
      expect(fn).not.toHaveBeenCalled();
    });

    it('never calls more than maxAttempts times, however long the failures last', async () => {
      // Prepare
      const { sleep, delays } = fakeSleep();
      const fn = vi.fn(async () => {
        throw new LlmServerError('ollama', 'always down');
      });
      // Act
      const call = withRetry(fn, { maxAttempts: 7, sleep });
      // Assess
      await expect(call).rejects.toThrow('always down');
      expect(fn).toHaveBeenCalledTimes(7);
      expect(delays).toHaveLength(6);
      for (const delay of delays) expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY_OPTIONS.maxDelayMs);
    });
  });

  describe('Function: retryDelayMs', () => {
    const noJitter = { baseDelayMs: 100, maxDelayMs: 1000, backoffFactor: 2, jitter: 0, random: () => 0.5 };

    it.each([
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 800],
      [5, 1000],
      [30, 1000],
    ])('without jitter, waits min(maxDelayMs, base × factor^(attempt-1)) after attempt %i: %i ms', (attempt, expected) => {
      // Act & Assess
      expect(retryDelayMs(attempt, noJitter)).toBe(expected);
    });

    it('with full jitter, draws every delay from [0, cap]', () => {
      // Prepare
      let seed = 1;
      const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      const options = { ...noJitter, jitter: 1, random };
      // Act
      const delays = Array.from({ length: 2000 }, (_, index) => [index % 6 + 1, retryDelayMs((index % 6) + 1, options)] as const);
      // Assess
      for (const [attempt, delay] of delays) {
        const cap = Math.min(1000, 100 * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
      }
      // Spread over the range, not stuck at one end.
      const firsts = delays.filter(([attempt]) => attempt === 5).map(([, delay]) => delay);
      expect(Math.min(...firsts)).toBeLessThan(100);
      expect(Math.max(...firsts)).toBeGreaterThan(900);
    });

    it.each([
      [0, 0],
      [0.999999, 400],
    ])('with full jitter and random() = %f, waits %i ms after attempt 3', (draw, expected) => {
      // Act
      const delay = retryDelayMs(3, { ...noJitter, jitter: 1, random: () => draw });
      // Assess
      expect(delay).toBeCloseTo(expected, 0);
    });

    it('with jitter 0.25, randomises only a quarter of the delay', () => {
      // Act
      const low = retryDelayMs(4, { ...noJitter, jitter: 0.25, random: () => 0 });
      const high = retryDelayMs(4, { ...noJitter, jitter: 0.25, random: () => 0.999999 });
      // Assess
      expect(low).toBe(600);
      expect(high).toBeCloseTo(800, 0);
    });

    it('takes a Retry-After as a floor, within maxDelayMs', () => {
      // Act & Assess
      expect(retryDelayMs(1, { ...noJitter, jitter: 1, random: () => 0 }, 700)).toBe(700);
      expect(retryDelayMs(1, { ...noJitter, jitter: 1, random: () => 0 }, 5000)).toBe(1000);
      expect(retryDelayMs(4, noJitter, 10)).toBe(800);
    });
  });

  describe('Function: retryOptionsFromConfig', () => {
    it('turns the workflow.retry seconds into milliseconds', () => {
      // Act
      const options = retryOptionsFromConfig({ max_attempts: 5, initial_delay: 0.5, max_delay: 20, backoff_factor: 3, jitter: true });
      // Assess
      expect(options).toEqual({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000, backoffFactor: 3, jitter: 1 });
    });

    it.each([
      [false, 0],
      [true, 1],
      [0.3, 0.3],
    ])('reads jitter %s as %f', (jitter, expected) => {
      // Act
      const options = retryOptionsFromConfig({ ...DEFAULT_ANALYSIS_CONFIG.workflow.retry, jitter });
      // Assess
      expect(options.jitter).toBe(expected);
    });

    it('takes maxAttempts from llm.max_retries + 1 when given the llm section', () => {
      // Act
      const options = retryOptionsFromConfig(DEFAULT_ANALYSIS_CONFIG.workflow.retry, { max_retries: 0 });
      // Assess
      expect(options.maxAttempts).toBe(1);
    });

    it('matches DEFAULT_RETRY_OPTIONS for the default configuration', () => {
      // Act
      const options = retryOptionsFromConfig(DEFAULT_ANALYSIS_CONFIG.workflow.retry);
      // Assess
      expect(options).toEqual(DEFAULT_RETRY_OPTIONS);
    });
  });
});
