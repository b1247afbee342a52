import { describe, expect, it } from 'vitest';
import {
  isRetryableLlmError,
  LlmBadRequestError,
  LlmError,
  LlmResponseError,
  LlmServerError,
  LlmThrottledError,
  LlmTimeoutError,
  LogAnomalyError,
  RETRYABLE_LLM_ERRORS,
} from '../../../shared/errors.ts';

const cause = new Error('socket');
const ERRORS = [
  ['LlmError', new LlmError('ollama', 'base', { cause }), false],
  ['LlmThrottledError', new LlmThrottledError('openai', 'busy', { cause, retryAfterMs: 1500 }), true],
  ['LlmTimeoutError', new LlmTimeoutError('bedrock', 'slow', { cause, timeoutMs: 200 }), true],
  ['LlmServerError', new LlmServerError('ollama', 'down', { cause, status: 503 }), true],
  ['LlmBadRequestError', new LlmBadRequestError('openai', 'refused', { cause, status: 401 }), false],
  ['LlmResponseError', new LlmResponseError('bedrock', 'not JSON', { cause }), false],
] as const;

describe('Module: errors (LLM)', () => {
  it.each(ERRORS)('%s sets its literal name, keeps provider and cause, and extends LogAnomalyError', (name, error) => {
    // Assess
    expect(error.name).toBe(name);
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toBeInstanceOf(LogAnomalyError);
    expect(error.provider).toMatch(/^(ollama|openai|bedrock)$/);
    expect(error.message).toMatch(new RegExp(`^${error.provider}: `));
  });

  it.each(ERRORS)('isRetryableLlmError(%s) is %s', (_name, error, retryable) => {
    // Act & Assess
    expect(isRetryableLlmError(error)).toBe(retryable);
  });

  it('lists exactly the retryable names in RETRYABLE_LLM_ERRORS', () => {
    // Assess
    expect([...RETRYABLE_LLM_ERRORS].sort()).toEqual(ERRORS.filter(([, , retryable]) => retryable).map(([name]) => name).sort());
  });

  it('classifies by name, as Step Functions does, so a rebuilt error is retryable too', () => {
    // Prepare
    const rebuilt = Object.assign(new Error('from a task'), { name: 'LlmThrottledError' });
    // Act & Assess
    expect(isRetryableLlmError(rebuilt)).toBe(true);
    expect(isRetryableLlmError('LlmThrottledError')).toBe(false);
  });

  it('carries the fields of each error', () => {
    // Assess
    expect(new LlmThrottledError('openai', 'x', { retryAfterMs: 1500 }).retryAfterMs).toBe(1500);
    expect(new LlmServerError('openai', 'x').status).toBeUndefined();
    expect(new LlmBadRequestError('openai', 'x', { status: 413 }).status).toBe(413);
  });
});
