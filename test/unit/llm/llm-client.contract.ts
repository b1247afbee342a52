/**
 * The behaviour every LlmClient shares, run against the loopback server: the answer and its usage, and each fault
 * normalised to the same error name, with and without withRetry. Each provider's test file calls
 * {@link describeLlmClientContract} and adds what is particular to its protocol.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LlmTimeoutError } from '../../../shared/errors.ts';
import type { LlmClient, LlmRequest } from '../../../shared/llm/index.ts';
import { withRetry } from '../../../shared/retry/index.ts';
import { DEFAULT_ANSWER, startLlmServer, type LlmFault, type LlmServer } from '../../helpers/llm-servers.ts';

/** The timeout of the clients that meet hangs and slow bodies: short, so they cost little. */
export const TEST_TIMEOUT_MS = 200;
/** The timeout of the clients that should get an answer: generous, so a cold start on a busy machine is no failure. */
export const ANSWER_TIMEOUT_MS = 5000;

/** A request as the classifier sends one. */
export const REQUEST: LlmRequest = Object.freeze({
  system: 'You classify log templates.',
  prompt: 'Template: disk <*> is full',
  schema: { type: 'object', properties: { classification: { type: 'string' } }, required: ['classification'], additionalProperties: false },
  maxOutputTokens: 256,
});

/** Builds the client under test, pointed at the server. */
export type ClientFactory = (server: LlmServer, options: { readonly timeoutMs: number }) => LlmClient & { destroy?: () => void };

/** A fault, and the name and fields of the error it must become. */
interface FaultCase {
  readonly title: string;
  readonly fault: LlmFault;
  readonly name: string;
  readonly fields?: Record<string, unknown>;
}

const FAULT_CASES: readonly FaultCase[] = [
  { title: '429 with Retry-After in seconds', fault: { kind: 'throttle', retryAfter: '2' }, name: 'LlmThrottledError', fields: { retryAfterMs: 2000 } },
  { title: '429 without Retry-After', fault: { kind: 'throttle' }, name: 'LlmThrottledError', fields: { retryAfterMs: undefined } },
  { title: '500', fault: { kind: 'status', status: 500 }, name: 'LlmServerError', fields: { status: 500 } },
  { title: '503', fault: { kind: 'status', status: 503 }, name: 'LlmServerError', fields: { status: 503 } },
  { title: '400', fault: { kind: 'status', status: 400 }, name: 'LlmBadRequestError', fields: { status: 400 } },
  { title: '403', fault: { kind: 'status', status: 403 }, name: 'LlmBadRequestError', fields: { status: 403 } },
  { title: '404', fault: { kind: 'status', status: 404 }, name: 'LlmBadRequestError', fields: { status: 404 } },
  { title: 'a connection reset', fault: { kind: 'reset' }, name: 'LlmServerError', fields: { status: undefined } },
  { title: 'a hang past the timeout', fault: { kind: 'hang' }, name: 'LlmTimeoutError', fields: { timeoutMs: TEST_TIMEOUT_MS } },
  { title: 'a body slower than the timeout', fault: { kind: 'slow-body', delayMs: 2000 }, name: 'LlmTimeoutError' },
  { title: 'malformed JSON', fault: { kind: 'malformed' }, name: 'LlmResponseError' },
  { title: 'JSON of the wrong shape', fault: { kind: 'wrong-shape' }, name: 'LlmResponseError' },
  { title: 'an empty body', fault: { kind: 'empty' }, name: 'LlmResponseError' },
];

/** A sleep that only records what it was asked to wait. */
function fakeSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

/**
 * Declares the shared tests of one client.
 * @param name - the suite name (the class)
 * @param provider - the provider the completions must name
 * @param makeClient - builds the client against the server
 */
export function describeLlmClientContract(name: string, provider: string, makeClient: ClientFactory): void {
  describe(`${name} (contract)`, () => {
    let server: LlmServer;
    /** The client for answers and quick faults. */
    let client: ReturnType<ClientFactory>;
    /** The client for hangs and slow bodies, with the short timeout. */
    let quick: ReturnType<ClientFactory>;

    beforeEach(async () => {
      server = await startLlmServer();
      client = makeClient(server, { timeoutMs: ANSWER_TIMEOUT_MS });
      quick = makeClient(server, { timeoutMs: TEST_TIMEOUT_MS });
    });

    afterEach(async () => {
      client.destroy?.();
      quick.destroy?.();
      await server.close();
    });

    describe('Method: complete', () => {
      it('returns the answer as text, with the provider, model and usage', async () => {
        // Act
        const completion = await client.complete(REQUEST);
        // Assess
        expect(JSON.parse(completion.text)).toEqual(DEFAULT_ANSWER);
        expect(completion.provider).toBe(provider);
        expect(completion.model).toBe(client.model);
        expect(completion.usage).toEqual({ inputTokens: 42, outputTokens: 7 });
        expect(completion.latencyMs).toBeGreaterThanOrEqual(0);
        expect(server.requests).toHaveLength(1);
      });

      it.each(FAULT_CASES)('normalises $title to $name', async ({ fault, name, fields }) => {
        // Prepare
        server.plan(fault);
        // Act
        const error = await (name === 'LlmTimeoutError' ? quick : client).complete(REQUEST).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        // Assess
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe(name);
        expect(error).toMatchObject({ provider, ...fields });
      });

      it('normalises a Retry-After given as an HTTP-date', async () => {
        // Prepare
        server.plan({ kind: 'throttle', retryAfter: new Date(Date.now() + 5000).toUTCString() });
        // Act
        const error = (await client.complete(REQUEST).catch((thrown: unknown) => thrown)) as { name: string; retryAfterMs?: number };
        // Assess
        expect(error.name).toBe('LlmThrottledError');
        // An HTTP-date has whole seconds, so up to a second is lost.
        expect(error.retryAfterMs).toBeGreaterThan(3000);
        expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
      });

      it('reads a body that arrives slowly but within the timeout', async () => {
        // Prepare
        server.plan({ kind: 'slow-body', delayMs: 20 });
        // Act
        const completion = await client.complete(REQUEST);
        // Assess
        expect(JSON.parse(completion.text)).toEqual(DEFAULT_ANSWER);
      });

      it('reports a call aborted by the caller as LlmTimeoutError', async () => {
        // Prepare
        server.plan({ kind: 'hang' });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 20);
        // Act
        const call = client.complete(REQUEST, { signal: controller.signal });
        // Assess
        await expect(call).rejects.toBeInstanceOf(LlmTimeoutError);
      });
    });

    describe('Method: complete, under withRetry', () => {
      it('waits the Retry-After of a 429, then succeeds', async () => {
        // Prepare
        server.plan({ kind: 'throttle', retryAfter: '2' });
        const { sleep, delays } = fakeSleep();
        // Act
        const completion = await withRetry(() => client.complete(REQUEST), { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 10_000, sleep, random: () => 0.5 });
        // Assess
        expect(JSON.parse(completion.text)).toEqual(DEFAULT_ANSWER);
        expect(delays).toEqual([2000]);
        expect(server.requests).toHaveLength(2);
      });

      it('retries server errors and resets, then succeeds', async () => {
        // Prepare
        server.plan({ kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'reset' });
        const { sleep, delays } = fakeSleep();
        // Act
        const completion = await withRetry(() => client.complete(REQUEST), { maxAttempts: 4, baseDelayMs: 100, jitter: false, sleep });
        // Assess
        expect(JSON.parse(completion.text)).toEqual(DEFAULT_ANSWER);
        expect(delays).toEqual([100, 200, 400]);
        expect(server.requests).toHaveLength(4);
      });

      it('retries a timeout, then succeeds', async () => {
        // Prepare
        server.plan({ kind: 'hang' });
        const { sleep } = fakeSleep();
        // Act
        const completion = await withRetry(() => quick.complete(REQUEST), { maxAttempts: 2, sleep });
        // Assess
        expect(JSON.parse(completion.text)).toEqual(DEFAULT_ANSWER);
        expect(server.requests).toHaveLength(2);
      });

      it('throws the last error when the attempts run out', async () => {
        // Prepare
        server.plan({ kind: 'status', status: 503 }, { kind: 'throttle' }, { kind: 'status', status: 500 }, null);
        const { sleep } = fakeSleep();
        // Act
        const error = await withRetry(() => client.complete(REQUEST), { maxAttempts: 3, sleep }).catch((thrown: unknown) => thrown);
        // Assess
        expect(error).toMatchObject({ name: 'LlmServerError', status: 500 });
        expect(server.requests).toHaveLength(3);
      });

      it.each([
        ['LlmBadRequestError', { kind: 'status', status: 422 }],
        ['LlmResponseError', { kind: 'malformed' }],
        ['LlmResponseError', { kind: 'wrong-shape' }],
      ] as const)('does not retry %s', async (name, fault) => {
        // Prepare
        server.plan(fault);
        const { sleep, delays } = fakeSleep();
        // Act
        const error = await withRetry(() => client.complete(REQUEST), { maxAttempts: 5, sleep }).catch((thrown: unknown) => thrown);
        // Assess
        expect((error as Error).name).toBe(name);
        expect(server.requests).toHaveLength(1);
        expect(delays).toEqual([]);
      });

      it('finishes 50 calls against a 30% failure rate, each with the answer or a normalised error', async () => {
        // Prepare: hangs cost a whole timeout, so this client's is long enough for a busy machine, short enough to wait.
        server.failRandomly({
          share: 0.3,
          seed: 7,
          faults: [{ kind: 'throttle', retryAfter: '1' }, { kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'hang' }],
        });
        const patient = makeClient(server, { timeoutMs: 1000 });
        const { sleep } = fakeSleep();
        // Act
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, () => withRetry(() => patient.complete(REQUEST), { maxAttempts: 4, sleep })),
        ).finally(() => patient.destroy?.());
        // Assess
        const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
        for (const failure of failures) expect(['LlmThrottledError', 'LlmServerError', 'LlmTimeoutError']).toContain(failure.name);
        const tally = JSON.stringify(failures.map((failure) => failure.message));
        expect(results.length - failures.length, tally).toBeGreaterThanOrEqual(40);
        // Every call made at most 4 attempts, and some retried.
        expect(server.requests.length).toBeLessThanOrEqual(200);
        expect(server.requests.length).toBeGreaterThan(50);
      });
    });
  });
}
