import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, parseRetryAfterMs } from '../../../shared/llm/index.ts';

describe('Module: llm/http', () => {
  describe('Function: parseRetryAfterMs', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');

    it.each([
      ['2', 2000],
      ['0', 0],
      ['0.5', 500],
      [' 10 ', 10_000],
      ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
      ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
      ['soon', undefined],
      ['-1', undefined],
      ['', undefined],
      [null, undefined],
    ])('reads "%s" as %s ms', (value, expected) => {
      // Act & Assess
      expect(parseRetryAfterMs(value, now)).toBe(expected);
    });

    it("reads OpenAI's retry-after-ms as milliseconds", () => {
      // Act & Assess
      expect(parseRetryAfterMs('750', now, true)).toBe(750);
    });
  });

  describe('Function: isLoopbackUrl', () => {
    it.each([
      ['http://localhost:11434', true],
      ['http://api.localhost/v1', true],
      ['http://127.0.0.1:8080/v1', true],
      ['http://127.1.2.3/v1', true],
      ['http://[::1]:8000/v1', true],
      ['https://api.openai.com/v1', false],
      ['http://10.0.0.5/v1', false],
      ['http://localhost.example.com/v1', false],
      ['not a url', false],
    ])('%s is loopback: %s', (url, expected) => {
      // Act & Assess
      expect(isLoopbackUrl(url)).toBe(expected);
    });
  });
});
