/**
 * A loopback server speaking the LLM protocols the clients use — Ollama (`/api/generate`, `/api/chat`), OpenAI
 * (`/v1/chat/completions`) and Bedrock Converse (`POST /model/{modelId}/converse`, restJson1 as the SDK's
 * serializer writes it) — answering with a configurable JSON answer, or with a planned fault.
 *
 * Faults come from a plan (one per coming request, in order) and then, if set, from a seeded failure rate, so a
 * "30% of calls fail" run is the same on every machine. Every request is recorded, so tests can assert what was
 * sent. `await server.close()` ends everything: hung requests, slow bodies and kept-alive sockets.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// The seeded PRNG of the benchmarks, so failure rates are reproducible.
import { seededRandom } from '../../bench/rng.ts';

/** The faults the server can answer with. */
export const LLM_FAULTS = {
  /** HTTP 429, with a Retry-After header when `retryAfter` is given. */
  throttle: 'throttle',
  /** An error status (500, 503, 400, …); Bedrock gets the matching `x-amzn-errortype`. */
  status: 'status',
  /** The socket is destroyed before any answer (the client sees ECONNRESET / "other side closed"). */
  reset: 'reset',
  /** No answer at all, until the client gives up or the server closes. */
  hang: 'hang',
  /** Headers and half the body at once, the rest after `delayMs`. */
  slowBody: 'slow-body',
  /** HTTP 200 with a body that is not JSON. */
  malformed: 'malformed',
  /** HTTP 200 with valid JSON of the wrong shape. */
  wrongShape: 'wrong-shape',
  /** HTTP 200 with an empty body. */
  empty: 'empty',
  /** Any status and body, as given (a refusal, a protocol quirk). */
  raw: 'raw',
} as const;

/** One fault. */
export type LlmFault =
  | { readonly kind: 'throttle'; readonly retryAfter?: string }
  | { readonly kind: 'status'; readonly status: number; readonly errorType?: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'slow-body'; readonly delayMs: number }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'wrong-shape' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string };

/** The protocols the server recognises, by path. */
export type LlmProtocol = 'ollama-generate' | 'ollama-chat' | 'openai' | 'bedrock' | 'unknown';

/** One request the server received. */
export interface RecordedRequest {
  readonly protocol: LlmProtocol;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body, parsed when it is JSON, else as text. */
  readonly body: unknown;
  /** The fault it was answered with, or undefined for a normal answer. */
  readonly fault: LlmFault | undefined;
}

/** A failure rate: a `share` of requests, picked by a PRNG seeded with `seed`, get one of `faults`. */
export interface FailureRate {
  /** The share of requests that fail, in [0, 1]. */
  readonly share: number;
  /** The PRNG seed. */
  readonly seed: number;
  /** The faults to pick from. @default - 429 (Retry-After 0), 500, 503 and a reset */
  readonly faults?: readonly LlmFault[];
}

/** Options of {@link startLlmServer}. */
export interface LlmServerOptions {
  /** The answer every protocol returns (as text, or as Bedrock's tool input). @default {@link DEFAULT_ANSWER} */
  readonly answer?: unknown;
  /** The token counts reported. @default { inputTokens: 42, outputTokens: 7 } */
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  /** How Bedrock answers: a tool call (structured output) or a text block holding the JSON. @default 'tool' */
  readonly bedrockAnswerAs?: 'tool' | 'text';
  /** Faults for a share of requests, after the plan is used up. @default - none */
  readonly failureRate?: FailureRate;
}

/** A running server. */
export interface LlmServer {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The answer returned; may be changed between calls. */
  answer: unknown;
  /** How Bedrock answers. */
  bedrockAnswerAs: 'tool' | 'text';
  /** Queues faults for the next requests, in order; `null` answers that request normally. */
  plan(...faults: Array<LlmFault | null>): void;
  /** Sets (or, with undefined, clears) the seeded failure rate. */
  failRandomly(rate: FailureRate | undefined): void;
  /** Stops the server, ending hung requests and kept-alive connections. */
  close(): Promise<void>;
}

/** The answer returned unless another is set: a verdict-like object. */
export const DEFAULT_ANSWER = Object.freeze({ classification: 'anomaly', severity: 'high', reason: 'disk full', tags: ['resource-exhaustion'] });

const DEFAULT_FAILURE_FAULTS: readonly LlmFault[] = [
  { kind: 'throttle', retryAfter: '0' },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'reset' },
];

/** The Bedrock error type of a status, as the service names it. */
const BEDROCK_ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

/** The protocol of a request path. */
function protocolOf(method: string, path: string): LlmProtocol {
  if (method !== 'POST') return 'unknown';
  if (path === '/api/generate') return 'ollama-generate';
  if (path === '/api/chat') return 'ollama-chat';
  if (path === '/v1/chat/completions') return 'openai';
  if (/^\/model\/[^/]+\/converse$/.test(path)) return 'bedrock';
  return 'unknown';
}

/**
 * Starts the server on 127.0.0.1, on a free port.
 * @example
 * const server = await startLlmServer();
 * server.plan({ kind: 'throttle', retryAfter: '2' }, null);
 * // … the first call gets a 429, the second the answer
 * await server.close();
 */
export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  const usage = options.usage ?? { inputTokens: 42, outputTokens: 7 };
  const queue: Array<LlmFault | null> = [];
  const timers = new Set<NodeJS.Timeout>();
  let rate: { share: number; faults: readonly LlmFault[]; random: () => number } | undefined;
  const failRandomly = (next: FailureRate | undefined): void => {
    rate = next === undefined ? undefined : { share: next.share, faults: next.faults ?? DEFAULT_FAILURE_FAULTS, random: seededRandom(next.seed) };
  };
  failRandomly(options.failureRate);

  const nextFault = (): LlmFault | undefined => {
    if (queue.length > 0) return queue.shift() ?? undefined;
    if (rate === undefined || rate.random() >= rate.share) return undefined;
    return rate.faults[Math.floor(rate.random() * rate.faults.length)];
  };

  const successBody = (protocol: LlmProtocol, body: unknown): unknown => {
    const text = JSON.stringify(state.answer);
    const request = (typeof body === 'object' && body !== null ? body : {}) as { model?: unknown; toolConfig?: { tools?: Array<{ toolSpec?: { name?: string } }> } };
    const model = typeof request.model === 'string' ? request.model : 'unknown';
    switch (protocol) {
      case 'ollama-generate':
        return { model, created_at: new Date(0).toISOString(), response: text, done: true, prompt_eval_count: usage.inputTokens, eval_count: usage.outputTokens };
      case 'ollama-chat':
        return { model, created_at: new Date(0).toISOString(), message: { role: 'assistant', content: text }, done: true, prompt_eval_count: usage.inputTokens, eval_count: usage.outputTokens };
      case 'openai':
        return {
          id: 'chatcmpl-test',
          object: 'chat.completion',
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
        };
      default: {
        const toolName = request.toolConfig?.tools?.[0]?.toolSpec?.name ?? 'answer';
        const content = state.bedrockAnswerAs === 'tool' ? [{ toolUse: { toolUseId: 'tooluse_test', name: toolName, input: state.answer } }] : [{ text }];
        return {
          output: { message: { role: 'assistant', content } },
          stopReason: state.bedrockAnswerAs === 'tool' ? 'tool_use' : 'end_turn',
          usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens },
          metrics: { latencyMs: 1 },
        };
      }
    }
  };

  const sendError = (response: ServerResponse, protocol: LlmProtocol, status: number, extraHeaders: Record<string, string>, errorType?: string): void => {
    const message = `test fault: HTTP ${status}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
    let body: unknown;
    if (protocol === 'bedrock') {
      headers['x-amzn-errortype'] = errorType ?? BEDROCK_ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
      body = { message };
    } else if (protocol === 'openai') {
      body = { error: { message, type: errorType ?? 'server_error', code: null } };
    } else {
      body = { error: message };
    }
    response.writeHead(status, headers).end(JSON.stringify(body));
  };

  const answer = (request: IncomingMessage, response: ServerResponse, protocol: LlmProtocol, body: unknown, fault: LlmFault | undefined): void => {
    if (protocol === 'unknown') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${request.method} ${request.url}` }));
      return;
    }
    const json = { 'content-type': 'application/json' };
    switch (fault?.kind) {
      case undefined:
        response.writeHead(200, json).end(JSON.stringify(successBody(protocol, body)));
        return;
      case 'throttle':
        sendError(response, protocol, 429, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
        return;
      case 'status':
        sendError(response, protocol, fault.status, {}, fault.errorType);
        return;
      case 'reset':
        request.socket.destroy();
        return;
      case 'hang':
        // Nothing is sent: the client's timeout, or close(), ends it.
        return;
      case 'slow-body': {
        const text = JSON.stringify(successBody(protocol, body));
        const half = Math.floor(text.length / 2);
        response.writeHead(200, { ...json, 'content-length': String(Buffer.byteLength(text)) });
        response.write(text.slice(0, half));
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed) response.end(text.slice(half));
        }, fault.delayMs);
        timers.add(timer);
        return;
      }
      case 'malformed':
        response.writeHead(200, json).end('{"answer": {"unterminated": ');
        return;
      case 'wrong-shape':
        response.writeHead(200, json).end(JSON.stringify({ unexpected: true, items: [1, 2, 3] }));
        return;
      case 'empty':
        response.writeHead(200, { ...json, 'content-length': '0' }).end();
        return;
      case 'raw':
        response.writeHead(fault.status, json).end(fault.body);
        return;
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw === '' ? raw : JSON.parse(raw);
      } catch {
        // Kept as text: a test may assert on a body that is not JSON.
      }
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const protocol = protocolOf(request.method ?? 'GET', path);
      const fault = protocol === 'unknown' ? undefined : nextFault();
      state.requests.push({ protocol, method: request.method ?? 'GET', path, headers: request.headers, body, fault });
      answer(request, response, protocol, body, fault);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const state: LlmServer = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    answer: options.answer ?? DEFAULT_ANSWER,
    bedrockAnswerAs: options.bedrockAnswerAs ?? 'tool',
    plan: (...faults) => {
      queue.push(...faults);
    },
    failRandomly,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung requests and kept-alive sockets would keep close() waiting: end them now.
      server.closeAllConnections();
      await closed;
    },
  };
  return state;
}
