/**
 * The Bedrock client: the Converse API with the answer's JSON schema as a tool the model is forced to call, so the
 * tool's input is the structured answer. It lives in functions/lib, not shared/llm, because it imports the AWS SDK;
 * `createLlmClient` reaches it through its `bedrock` option.
 */
import { BedrockRuntimeClient, ConverseCommand, type BedrockRuntimeClientConfig, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { LlmConfig } from '../../shared/config/types.ts';
import { LlmBadRequestError, LlmError, LlmResponseError, LlmServerError, LlmThrottledError, LlmTimeoutError } from '../../shared/errors.ts';
import { answerText, checkTimeoutMs, clientOptionsOf, DEFAULT_LLM_TIMEOUT_MS, parseRetryAfterMs, tokenCount } from '../../shared/llm/index.ts';
import type { LlmCallOptions, LlmClient, LlmCompletion, LlmRequest } from '../../shared/llm/index.ts';

/** Options of {@link BedrockLlmClient}. */
export interface BedrockLlmClientOptions {
  /**
   * The model id or inference profile. It must support a forced `toolChoice` (Anthropic Claude 3 and later,
   * Amazon Nova, Mistral Large).
   * @default 'anthropic.claude-3-haiku-20240307-v1:0' (small, cheap, widely available)
   */
  readonly model?: string;
  /** The AWS Region. @default - the SDK's: AWS_REGION, then the shared config */
  readonly region?: string;
  /** An endpoint to call instead of the Region's (a test server). @default - the Region's Bedrock Runtime endpoint */
  readonly endpoint?: string;
  /** How long one call may take, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Most tokens of an answer (`inferenceConfig.maxTokens`), unless the request says. @default 1024 */
  readonly maxOutputTokens?: number;
  /** Sampling temperature; 0 keeps verdicts repeatable. @default 0 */
  readonly temperature?: number;
  /** The name of the tool whose input is the answer. @default 'answer' */
  readonly toolName?: string;
  /**
   * More SDK client configuration (credentials, a `requestHandler`); `maxAttempts` is always 1, so that
   * `withRetry` and Step Functions are the only retry policies.
   * @default - none
   */
  readonly clientConfig?: BedrockRuntimeClientConfig;
}

/** The defaults of {@link BedrockLlmClientOptions}. */
export const DEFAULT_BEDROCK_OPTIONS = Object.freeze({
  model: 'anthropic.claude-3-haiku-20240307-v1:0',
  timeoutMs: DEFAULT_LLM_TIMEOUT_MS,
  maxOutputTokens: 1024,
  temperature: 0,
  toolName: 'answer',
} as const);

/** SDK error names by the normalised error they become. */
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException']);
const TIMED_OUT = new Set(['ModelTimeoutException', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError']);
const SERVER = new Set(['ServiceUnavailableException', 'InternalServerException', 'ModelNotReadyException', 'ModelErrorException']);
const BAD_REQUEST = new Set([
  'ValidationException',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ServiceQuotaExceededException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'CredentialsProviderError',
]);
/** Socket error codes of a broken connection, worth a retry. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * A model on Amazon Bedrock, through the Converse API. The answer is read from the forced tool call's input; a
 * model that answers in plain text instead is accepted too (the text is the answer).
 * @example
 * const client = new BedrockLlmClient({ region: 'eu-west-1' });
 * const { text } = await client.complete({ system, prompt, schema: VERDICT_SCHEMA });
 */
export class BedrockLlmClient implements LlmClient {
  readonly provider = 'bedrock';
  readonly model: string;
  readonly #client: BedrockRuntimeClient;
  readonly #timeoutMs: number;
  readonly #maxOutputTokens: number;
  readonly #temperature: number;
  readonly #toolName: string;

  /** @throws RangeError when `timeoutMs` is not > 0 */
  constructor(options: BedrockLlmClientOptions = {}) {
    this.model = options.model ?? DEFAULT_BEDROCK_OPTIONS.model;
    this.#timeoutMs = checkTimeoutMs(options.timeoutMs ?? DEFAULT_BEDROCK_OPTIONS.timeoutMs);
    this.#maxOutputTokens = options.maxOutputTokens ?? DEFAULT_BEDROCK_OPTIONS.maxOutputTokens;
    this.#temperature = options.temperature ?? DEFAULT_BEDROCK_OPTIONS.temperature;
    this.#toolName = options.toolName ?? DEFAULT_BEDROCK_OPTIONS.toolName;
    this.#client = new BedrockRuntimeClient({
      ...options.clientConfig,
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      maxAttempts: 1,
    });
  }

  /** Asks the model once. @throws the normalised LLM errors (see {@link LlmClient.complete}) */
  async complete(request: LlmRequest, options: LlmCallOptions = {}): Promise<LlmCompletion> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    const command = new ConverseCommand({
      modelId: this.model,
      system: [{ text: request.system }],
      messages: [{ role: 'user', content: [{ text: request.prompt }] }],
      inferenceConfig: { maxTokens: request.maxOutputTokens ?? this.#maxOutputTokens, temperature: this.#temperature },
      toolConfig: {
        tools: [{ toolSpec: { name: this.#toolName, description: 'Records the answer, following the JSON schema.', inputSchema: { json: request.schema as never } } }],
        toolChoice: { tool: { name: this.#toolName } },
      },
    });
    const started = performance.now();
    let output: ConverseCommandOutput;
    try {
      output = await this.#client.send(command, { abortSignal: signal });
    } catch (error) {
      throw this.#normalise(error, signal.aborted ? (timeout.aborted ? 'timeout' : 'abort') : undefined);
    }
    const latencyMs = performance.now() - started;
    return {
      text: this.#answerOf(output),
      provider: this.provider,
      model: this.model,
      usage: { inputTokens: tokenCount(output.usage?.inputTokens), outputTokens: tokenCount(output.usage?.outputTokens) },
      latencyMs,
    };
  }

  /** Destroys the SDK client's sockets. */
  destroy(): void {
    this.#client.destroy();
  }

  /** The tool call's input as JSON text, or else the text blocks joined. */
  #answerOf(output: ConverseCommandOutput): string {
    const content = output.output !== undefined && 'message' in output.output ? output.output.message?.content : undefined;
    if (!Array.isArray(content)) throw new LlmResponseError(this.provider, 'answer has no output.message.content');
    const toolUse = content.find((block) => block.toolUse !== undefined)?.toolUse;
    if (toolUse !== undefined) {
      if (typeof toolUse.input !== 'object' || toolUse.input === null) throw new LlmResponseError(this.provider, 'the tool call has no input object');
      return JSON.stringify(toolUse.input);
    }
    const text = content.flatMap((block) => (typeof block.text === 'string' ? [block.text] : [])).join('');
    return answerText(this.provider, text, 'output.message.content text');
  }

  /** The normalised error of an SDK failure. */
  #normalise(error: unknown, aborted: 'timeout' | 'abort' | undefined): LlmError {
    if (error instanceof LlmError) return error;
    const provider = this.provider;
    if (aborted !== undefined) {
      const message = aborted === 'timeout' ? `no answer within ${this.#timeoutMs} ms` : 'call aborted';
      return new LlmTimeoutError(provider, message, { cause: error, timeoutMs: this.#timeoutMs });
    }
    const failure = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown;
      message?: unknown;
      code?: unknown;
      $metadata?: { httpStatusCode?: number };
      $response?: { headers?: Record<string, string | undefined> };
    };
    const name = typeof failure.name === 'string' ? failure.name : 'Error';
    const status = failure.$metadata?.httpStatusCode;
    const message = `${name}: ${typeof failure.message === 'string' ? failure.message : String(error)}`;
    const withStatus = status === undefined ? {} : { status };
    const throttled = (): LlmThrottledError => {
      const retryAfterMs = parseRetryAfterMs(failure.$response?.headers?.['retry-after']);
      return new LlmThrottledError(provider, message, { cause: error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    };
    // First, as the SDK names a reset socket "TimeoutError" (code ECONNRESET): a broken connection is a server error.
    if ((typeof failure.code === 'string' && NETWORK_CODES.has(failure.code)) || /socket hang up/i.test(message)) {
      return new LlmServerError(provider, `network error: ${message}`, { cause: error });
    }
    // The name decides before the status: ModelNotReadyException is sent as 429 but is the model warming up.
    if (THROTTLED.has(name)) return throttled();
    if (TIMED_OUT.has(name)) return new LlmTimeoutError(provider, message, { cause: error });
    if (SERVER.has(name)) return new LlmServerError(provider, message, { cause: error, ...withStatus });
    if (BAD_REQUEST.has(name)) return new LlmBadRequestError(provider, message, { cause: error, ...withStatus });
    if (status === 429) return throttled();
    if (status !== undefined && status >= 500) return new LlmServerError(provider, message, { cause: error, status });
    if (status !== undefined && status >= 400) return new LlmBadRequestError(provider, message, { cause: error, status });
    // What is left answered 2xx but could not be read (the SDK's deserializer failed on the body).
    return new LlmResponseError(provider, `unreadable answer: ${message}`, { cause: error });
  }
}

/**
 * The Bedrock client of the configuration's `llm` section (`model`, `endpoint`, `timeout` seconds); the factory to
 * pass to `createLlmClient` as `bedrock`.
 * @example const client = createLlmClient(config.llm, process.env, { bedrock: createBedrockLlmClient });
 */
export function createBedrockLlmClient(llm: LlmConfig, options: Omit<BedrockLlmClientOptions, 'model' | 'endpoint' | 'timeoutMs'> = {}): BedrockLlmClient {
  return new BedrockLlmClient({ ...options, ...clientOptionsOf(llm) });
}
