/**
 * Types of the LLM transport: one request and completion shape for every provider, and each client's options.
 *
 * Every provider's failures are normalised to the errors of shared/errors.ts (LlmThrottledError, LlmTimeoutError,
 * LlmServerError, LlmBadRequestError, LlmResponseError), so retry and Step Functions rules name them only.
 */
import type { LlmConfig, LlmProvider } from '../config/types.ts';

/** A provider an {@link LlmClient} can call: every {@link LlmProvider} but `builtin`, which calls no model. */
export type LlmProviderName = Exclude<LlmProvider, 'builtin'>;

/** One request to a model: instructions, the question, and the JSON schema the answer must follow. */
export interface LlmRequest {
  /** The system prompt. */
  readonly system: string;
  /** The user prompt. */
  readonly prompt: string;
  /** The JSON schema of the answer, passed to the provider's structured-output feature. */
  readonly schema: Record<string, unknown>;
  /** Most tokens the answer may take. @default - the client's `maxOutputTokens` */
  readonly maxOutputTokens?: number;
}

/** What a model answered, and what it cost. */
export interface LlmCompletion {
  /** The answer, as text (JSON following the request's schema, when the model complied). */
  readonly text: string;
  /** The provider that answered. */
  readonly provider: LlmProviderName;
  /** The model asked for (as configured, not the provider's dated variant). */
  readonly model: string;
  /** Tokens spent; 0 where the provider did not say. */
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  /** Time from sending the request to having read the whole answer, in milliseconds. */
  readonly latencyMs: number;
}

/** Per-call options of {@link LlmClient.complete}. */
export interface LlmCallOptions {
  /** Aborts the call; an abort is reported as LlmTimeoutError. @default - none */
  readonly signal?: AbortSignal;
}

/** A model behind one provider; `complete` throws only the normalised LLM errors. */
export interface LlmClient {
  /** The provider. */
  readonly provider: LlmProviderName;
  /** The model. */
  readonly model: string;
  /**
   * Asks the model once (no retry: wrap the call in `withRetry`).
   * @throws LlmThrottledError, LlmTimeoutError, LlmServerError (retryable), LlmBadRequestError, LlmResponseError
   */
  complete(request: LlmRequest, options?: LlmCallOptions): Promise<LlmCompletion>;
}

/** The Ollama endpoints a client can use. */
export const OLLAMA_APIS = {
  /** `POST /api/chat`: a system and a user message. */
  chat: 'chat',
  /** `POST /api/generate`: a prompt and a system prompt. */
  generate: 'generate',
} as const;
/** One Ollama endpoint. */
export type OllamaApi = (typeof OLLAMA_APIS)[keyof typeof OLLAMA_APIS];

/** Options of {@link OllamaLlmClient}. */
export interface OllamaLlmClientOptions {
  /** The server's base URL. @default 'http://localhost:11434' */
  readonly endpoint?: string;
  /** The model, as `ollama list` names it. @default 'llama3.2' (3B: small, quick on a laptop, follows a JSON schema) */
  readonly model?: string;
  /** Which endpoint to call. @default 'chat' */
  readonly api?: OllamaApi;
  /** How long one call may take, headers and body, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Most tokens of an answer (`options.num_predict`), unless the request says. @default 1024 */
  readonly maxOutputTokens?: number;
  /** Sampling temperature; 0 keeps verdicts repeatable. @default 0 */
  readonly temperature?: number;
}

/** Options of {@link OpenAiLlmClient}. */
export interface OpenAiLlmClientOptions {
  /** The base URL, to which `/chat/completions` is appended. @default 'https://api.openai.com/v1' */
  readonly endpoint?: string;
  /** The model. @default 'gpt-4o-mini' */
  readonly model?: string;
  /**
   * The API key, sent as `Authorization: Bearer …`. Required unless the endpoint is on the loopback interface
   * (local OpenAI-compatible servers need none).
   * @default - none
   */
  readonly apiKey?: string;
  /** The environment variable the key is read from, named in the error when it is missing. @default 'OPENAI_API_KEY' */
  readonly apiKeyEnv?: string;
  /** How long one call may take, headers and body, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** Most tokens of an answer (`max_tokens`), unless the request says. @default 1024 */
  readonly maxOutputTokens?: number;
  /** Sampling temperature; 0 keeps verdicts repeatable. @default 0 */
  readonly temperature?: number;
  /** The name given to the schema in `response_format.json_schema.name`. @default 'answer' */
  readonly schemaName?: string;
}

/** Builds the Bedrock client from the `llm` section; supplied by functions/lib, since shared/ imports no AWS SDK. */
export type BedrockClientFactory = (llm: LlmConfig) => LlmClient;

/** Options of {@link createLlmClient}. */
export interface CreateLlmClientOptions {
  /**
   * Builds the client when `llm.provider` is 'bedrock' (pass `createBedrockLlmClient` from
   * functions/lib/bedrock-llm-client.ts).
   * @default - none: provider 'bedrock' throws LlmBadRequestError
   */
  readonly bedrock?: BedrockClientFactory;
}
