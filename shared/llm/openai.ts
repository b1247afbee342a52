/** The OpenAI client: `POST {endpoint}/chat/completions` on OpenAI or any server speaking its protocol. */
import { LlmBadRequestError, LlmResponseError } from '../errors.ts';
import { DEFAULT_LLM_ENDPOINTS } from '../config/types.ts';
import { checkTimeoutMs, DEFAULT_LLM_TIMEOUT_MS, isLoopbackUrl, normalizeEndpoint, postJson } from './http.ts';
import { answerObject, answerText, tokenCount } from './shape.ts';
import type { LlmCallOptions, LlmClient, LlmCompletion, LlmRequest, OpenAiLlmClientOptions } from './types.ts';

/** The defaults of {@link OpenAiLlmClientOptions} (there is no default key). */
export const DEFAULT_OPENAI_OPTIONS = Object.freeze({
  endpoint: DEFAULT_LLM_ENDPOINTS.openai!,
  model: 'gpt-4o-mini',
  apiKeyEnv: 'OPENAI_API_KEY',
  timeoutMs: DEFAULT_LLM_TIMEOUT_MS,
  maxOutputTokens: 1024,
  temperature: 0,
  schemaName: 'answer',
} as const satisfies Required<Omit<OpenAiLlmClientOptions, 'apiKey'>>);

/**
 * A model behind an OpenAI-compatible chat-completions API, asked for strict structured output
 * (`response_format: { type: 'json_schema', … strict: true }`). Usage comes from `usage.prompt_tokens` and
 * `usage.completion_tokens`; a server that leaves them out counts 0.
 * @example
 * const client = new OpenAiLlmClient({ apiKey: process.env.OPENAI_API_KEY });
 * const { text, usage } = await client.complete({ system, prompt, schema: VERDICT_SCHEMA });
 */
export class OpenAiLlmClient implements LlmClient {
  readonly provider = 'openai';
  readonly model: string;
  readonly #url: string;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;
  readonly #maxOutputTokens: number;
  readonly #temperature: number;
  readonly #schemaName: string;

  /**
   * @throws LlmBadRequestError when no key is given for an endpoint off this machine (naming `apiKeyEnv`), or when
   *   the endpoint is not an http(s) URL
   * @throws RangeError when `timeoutMs` is not > 0
   */
  constructor(options: OpenAiLlmClientOptions = {}) {
    this.model = options.model ?? DEFAULT_OPENAI_OPTIONS.model;
    const endpoint = normalizeEndpoint(this.provider, options.endpoint ?? DEFAULT_OPENAI_OPTIONS.endpoint);
    this.#url = `${endpoint}/chat/completions`;
    this.#apiKey = options.apiKey === undefined || options.apiKey.trim() === '' ? undefined : options.apiKey.trim();
    // Local OpenAI-compatible servers (llama.cpp, vLLM, LM Studio) take no key; anything remote does.
    if (this.#apiKey === undefined && !isLoopbackUrl(endpoint)) {
      const variable = options.apiKeyEnv ?? DEFAULT_OPENAI_OPTIONS.apiKeyEnv;
      throw new LlmBadRequestError(this.provider, `no API key for ${endpoint}: set the environment variable ${variable} (named by llm.api_key_env)`);
    }
    this.#timeoutMs = checkTimeoutMs(options.timeoutMs ?? DEFAULT_OPENAI_OPTIONS.timeoutMs);
    this.#maxOutputTokens = options.maxOutputTokens ?? DEFAULT_OPENAI_OPTIONS.maxOutputTokens;
    this.#temperature = options.temperature ?? DEFAULT_OPENAI_OPTIONS.temperature;
    this.#schemaName = options.schemaName ?? DEFAULT_OPENAI_OPTIONS.schemaName;
  }

  /** Asks the model once. @throws the normalised LLM errors (see {@link LlmClient.complete}) */
  async complete(request: LlmRequest, options: LlmCallOptions = {}): Promise<LlmCompletion> {
    const { json, latencyMs } = await postJson({
      provider: this.provider,
      url: this.#url,
      body: {
        model: this.model,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.prompt },
        ],
        response_format: { type: 'json_schema', json_schema: { name: this.#schemaName, schema: request.schema, strict: true } },
        // max_tokens rather than max_completion_tokens: every compatible server reads it.
        max_tokens: request.maxOutputTokens ?? this.#maxOutputTokens,
        temperature: this.#temperature,
        stream: false,
      },
      headers: this.#apiKey === undefined ? {} : { authorization: `Bearer ${this.#apiKey}` },
      timeoutMs: this.#timeoutMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const answer = answerObject<{ choices?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null }>(this.provider, json);
    const choice = (Array.isArray(answer.choices) ? answer.choices[0] : undefined) as { message?: { content?: unknown; refusal?: unknown } } | undefined;
    if (typeof choice !== 'object' || choice === null) throw new LlmResponseError(this.provider, 'answer has no choices[0]');
    if (typeof choice.message?.refusal === 'string' && choice.message.refusal !== '') {
      throw new LlmResponseError(this.provider, `the model refused: ${choice.message.refusal}`);
    }
    return {
      text: answerText(this.provider, choice.message?.content, 'choices[0].message.content'),
      provider: this.provider,
      model: this.model,
      usage: { inputTokens: tokenCount(answer.usage?.prompt_tokens), outputTokens: tokenCount(answer.usage?.completion_tokens) },
      latencyMs,
    };
  }
}
