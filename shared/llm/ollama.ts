/** The Ollama client: `/api/chat` or `/api/generate`, unstreamed, with the answer's JSON schema as `format`. */
import { LlmResponseError } from '../errors.ts';
import { DEFAULT_LLM_ENDPOINTS } from '../config/types.ts';
import { checkTimeoutMs, DEFAULT_LLM_TIMEOUT_MS, normalizeEndpoint, postJson } from './http.ts';
import { answerObject, answerText, tokenCount } from './shape.ts';
import type { LlmCallOptions, LlmClient, LlmCompletion, LlmRequest, OllamaApi, OllamaLlmClientOptions } from './types.ts';

/** The defaults of {@link OllamaLlmClientOptions}. */
export const DEFAULT_OLLAMA_OPTIONS = Object.freeze({
  endpoint: DEFAULT_LLM_ENDPOINTS.ollama!,
  model: 'llama3.2',
  api: 'chat',
  timeoutMs: DEFAULT_LLM_TIMEOUT_MS,
  maxOutputTokens: 1024,
  temperature: 0,
} as const satisfies Required<OllamaLlmClientOptions>);

/**
 * A model served by Ollama (0.5 or later, which takes a JSON schema as `format`). Usage comes from
 * `prompt_eval_count` and `eval_count`; Ollama leaves the first out when the prompt was cached, which counts as 0.
 * @example
 * const client = new OllamaLlmClient({ model: 'llama3.2', timeoutMs: 30_000 });
 * const { text } = await client.complete({ system, prompt, schema: VERDICT_SCHEMA });
 */
export class OllamaLlmClient implements LlmClient {
  readonly provider = 'ollama';
  readonly model: string;
  readonly #endpoint: string;
  readonly #api: OllamaApi;
  readonly #timeoutMs: number;
  readonly #maxOutputTokens: number;
  readonly #temperature: number;

  /** @throws LlmBadRequestError when the endpoint is not an http(s) URL; RangeError when `timeoutMs` is not > 0 */
  constructor(options: OllamaLlmClientOptions = {}) {
    this.model = options.model ?? DEFAULT_OLLAMA_OPTIONS.model;
    this.#endpoint = normalizeEndpoint(this.provider, options.endpoint ?? DEFAULT_OLLAMA_OPTIONS.endpoint);
    this.#api = options.api ?? DEFAULT_OLLAMA_OPTIONS.api;
    this.#timeoutMs = checkTimeoutMs(options.timeoutMs ?? DEFAULT_OLLAMA_OPTIONS.timeoutMs);
    this.#maxOutputTokens = options.maxOutputTokens ?? DEFAULT_OLLAMA_OPTIONS.maxOutputTokens;
    this.#temperature = options.temperature ?? DEFAULT_OLLAMA_OPTIONS.temperature;
  }

  /** Asks the model once. @throws the normalised LLM errors (see {@link LlmClient.complete}) */
  async complete(request: LlmRequest, options: LlmCallOptions = {}): Promise<LlmCompletion> {
    const common = {
      model: this.model,
      stream: false,
      format: request.schema,
      options: { num_predict: request.maxOutputTokens ?? this.#maxOutputTokens, temperature: this.#temperature },
    };
    const body =
      this.#api === 'chat'
        ? {
            ...common,
            messages: [
              { role: 'system', content: request.system },
              { role: 'user', content: request.prompt },
            ],
          }
        : { ...common, system: request.system, prompt: request.prompt };
    const { json, latencyMs } = await postJson({
      provider: this.provider,
      url: `${this.#endpoint}/api/${this.#api}`,
      body,
      timeoutMs: this.#timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const answer = answerObject<{ message?: { content?: unknown }; response?: unknown; prompt_eval_count?: unknown; eval_count?: unknown; error?: unknown }>(this.provider, json);
    if (typeof answer.error === 'string') throw new LlmResponseError(this.provider, `answer is an error: ${answer.error}`);
    const content = this.#api === 'chat' ? answer.message?.content : answer.response;
    return {
      text: answerText(this.provider, content, this.#api === 'chat' ? 'message.content' : 'response'),
      provider: this.provider,
      model: this.model,
      usage: { inputTokens: tokenCount(answer.prompt_eval_count), outputTokens: tokenCount(answer.eval_count) },
      latencyMs,
    };
  }
}
