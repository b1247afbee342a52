/**
 * The HTTP transport shared by the Ollama and OpenAI clients: one JSON POST with a timeout, and the mapping of
 * every way it can fail onto the normalised LLM errors.
 */
import { LlmBadRequestError, LlmError, LlmResponseError, LlmServerError, LlmThrottledError, LlmTimeoutError } from '../errors.ts';

/** How long one call may take when the configuration does not say: `llm.timeout`'s default, 30 s. */
export const DEFAULT_LLM_TIMEOUT_MS = 30_000;

/** Most characters of an error response's body quoted in an error message. */
const MAX_QUOTED_BODY = 300;

/** One JSON POST. */
export interface PostJsonRequest {
  /** The provider, for error messages and the errors' `provider`. */
  readonly provider: string;
  /** The full URL. */
  readonly url: string;
  /** The body, sent as JSON. */
  readonly body: unknown;
  /** Extra headers (authorisation). */
  readonly headers?: Readonly<Record<string, string>>;
  /** How long the call may take, headers and body, in milliseconds. */
  readonly timeoutMs: number;
  /** The caller's signal, aborting the call. */
  readonly signal?: AbortSignal;
}

/** A parsed JSON answer and how long it took. */
export interface PostJsonResponse {
  readonly json: unknown;
  readonly latencyMs: number;
}

/**
 * Posts JSON and reads a JSON answer, the timeout covering both the headers and the whole body.
 * @throws LlmThrottledError on 429, with the Retry-After (seconds or HTTP-date) in `retryAfterMs`
 * @throws LlmServerError on 5xx (but 501 and 505, which no retry can fix) and on network errors (reset, refused)
 * @throws LlmTimeoutError on 408, on timeout and on abort
 * @throws LlmBadRequestError on any other status ≥ 400
 * @throws LlmResponseError when a 2xx body is empty or not JSON
 * @internal used by the clients of shared/llm
 */
export async function postJson(request: PostJsonRequest): Promise<PostJsonResponse> {
  const { provider, timeoutMs } = request;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal === undefined ? timeout : AbortSignal.any([timeout, request.signal]);
  const started = performance.now();
  let status = 0;
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
    });
    status = response.status;
    const text = await response.text();
    if (!response.ok) throw errorOfStatus(provider, response.status, response.headers, text);
    if (text.trim() === '') throw new LlmResponseError(provider, `empty body (HTTP ${response.status})`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new LlmResponseError(provider, `body is not JSON: ${quote(text)}`, { cause: error });
    }
    return { json, latencyMs: performance.now() - started };
  } catch (error) {
    if (error instanceof LlmError) throw error;
    if (signal.aborted) {
      const message = timeout.aborted ? `no complete answer within ${timeoutMs} ms` : 'call aborted';
      throw new LlmTimeoutError(provider, status === 0 ? message : `${message} (HTTP ${status}, body unfinished)`, { cause: error, timeoutMs });
    }
    // fetch rejects with a TypeError whose cause is the socket error (ECONNRESET, ECONNREFUSED, "other side closed").
    throw new LlmServerError(provider, `network error: ${describeNetworkError(error)}`, { cause: error });
  }
}

/** The normalised error of an HTTP error status. */
function errorOfStatus(provider: string, status: number, headers: Headers, body: string): LlmError {
  const detail = `HTTP ${status}${body.trim() === '' ? '' : `: ${quote(body)}`}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(headers.get('retry-after-ms') ?? headers.get('retry-after'), Date.now(), headers.has('retry-after-ms'));
    return new LlmThrottledError(provider, `throttled (${detail})`, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  if (status === 408) return new LlmTimeoutError(provider, `request timeout (${detail})`);
  if (status >= 500 && status !== 501 && status !== 505) return new LlmServerError(provider, `server error (${detail})`, { status });
  return new LlmBadRequestError(provider, `request refused (${detail})`, { status });
}

/**
 * Reads a Retry-After header, in seconds (`"2"`, `"0.5"`) or as an HTTP-date, as milliseconds from `nowMs`; a
 * date in the past is 0. With `isMilliseconds`, the value is OpenAI's `retry-after-ms`.
 * @returns undefined when the header is missing or unreadable
 * @example parseRetryAfterMs('2') // 2000
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number = Date.now(), isMilliseconds = false): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * (isMilliseconds ? 1 : 1000));
  // An HTTP-date names its weekday and month; without letters it is a malformed number ("-1"), not a date.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Whether a URL's host is this machine (localhost, 127.0.0.0/8, ::1), where OpenAI-compatible servers need no key.
 * @example isLoopbackUrl('http://127.0.0.1:8080/v1') // true
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/**
 * Checks an endpoint is an http(s) URL and drops its trailing slashes, so a path can be appended.
 * @throws LlmBadRequestError when it is not
 * @internal
 */
export function normalizeEndpoint(provider: string, endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new LlmBadRequestError(provider, `endpoint is not a URL: "${endpoint}"`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LlmBadRequestError(provider, `endpoint must be http(s), got "${endpoint}"`);
  return endpoint.replace(/\/+$/, '');
}

/**
 * Checks a timeout is a finite number of milliseconds > 0 (every LLM client's, Bedrock's too).
 * @throws RangeError naming the option
 */
export function checkTimeoutMs(timeoutMs: number): number {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`timeoutMs must be a finite number > 0, got ${timeoutMs}`);
  return timeoutMs;
}

/** The socket error's code and message, found in fetch's TypeError cause chain. */
function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${code} ${current.message}` : current.message);
  }
  return parts.join(': ') || String(error);
}

/** The first characters of a body, on one line. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUOTED_BODY ? `${flat.slice(0, MAX_QUOTED_BODY)}…` : flat;
}
