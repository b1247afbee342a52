/** The LLM transport: one client interface, the Ollama and OpenAI clients, and the factory (Bedrock is in functions/lib). */
export { clientOptionsOf, createLlmClient } from './create-client.ts';
export { checkTimeoutMs, DEFAULT_LLM_TIMEOUT_MS, isLoopbackUrl, parseRetryAfterMs } from './http.ts';
export { DEFAULT_OLLAMA_OPTIONS, OllamaLlmClient } from './ollama.ts';
export { DEFAULT_OPENAI_OPTIONS, OpenAiLlmClient } from './openai.ts';
export { answerText, tokenCount } from './shape.ts';
export { OLLAMA_APIS } from './types.ts';
export type {
  BedrockClientFactory,
  CreateLlmClientOptions,
  LlmCallOptions,
  LlmClient,
  LlmCompletion,
  LlmProviderName,
  LlmRequest,
  OllamaApi,
  OllamaLlmClientOptions,
  OpenAiLlmClientOptions,
} from './types.ts';
