/** The factory that turns the configuration's `llm` section into a client. */
import type { LlmConfig } from '../config/types.ts';
import { LlmBadRequestError } from '../errors.ts';
import { OllamaLlmClient } from './ollama.ts';
import { OpenAiLlmClient } from './openai.ts';
import type { CreateLlmClientOptions, LlmClient } from './types.ts';

/**
 * The client of the configured provider: `llm.endpoint` (or the provider's default), `llm.model` (or the client's
 * default), `llm.timeout` seconds per call, and for openai the key from the variable `llm.api_key_env` names.
 *
 * - `builtin` calls no model: the result is `undefined`, which the classifier reads as "use the built-in rules".
 * - `bedrock` needs the AWS SDK, which shared/ does not import: the caller passes the factory from
 *   functions/lib/bedrock-llm-client.ts as `options.bedrock`.
 *
 * Retries are not the client's job: wrap `complete` in `withRetry` (see shared/retry), with `llm.max_retries`.
 * @param llm - `config.llm`
 * @param env - the environment to read the API key from (the handler or CLI passes `process.env`)
 * @throws LlmBadRequestError when openai has no key for a remote endpoint (naming the variable), or bedrock has no factory
 * @example
 * const client = createLlmClient(config.llm, process.env, { bedrock: createBedrockLlmClient });
 */
export function createLlmClient(llm: LlmConfig, env: Readonly<Record<string, string | undefined>>, options: CreateLlmClientOptions = {}): LlmClient | undefined {
  switch (llm.provider) {
    case 'builtin':
      return undefined;
    case 'ollama':
      return new OllamaLlmClient(clientOptionsOf(llm));
    case 'openai': {
      const apiKey = env[llm.api_key_env];
      return new OpenAiLlmClient({ ...clientOptionsOf(llm), ...(apiKey === undefined ? {} : { apiKey }), apiKeyEnv: llm.api_key_env });
    }
    case 'bedrock':
      if (options.bedrock === undefined) {
        throw new LlmBadRequestError('bedrock', 'no Bedrock client factory given: pass createBedrockLlmClient from functions/lib/bedrock-llm-client.ts');
      }
      return options.bedrock(llm);
  }
}

/**
 * What every client takes from the `llm` section: the model and the endpoint when they are set (a client's own
 * defaults otherwise, which are the configuration's), and the timeout in milliseconds.
 */
export function clientOptionsOf(llm: LlmConfig): { model?: string; endpoint?: string; timeoutMs: number } {
  return {
    ...(llm.model === null ? {} : { model: llm.model }),
    ...(llm.endpoint === null ? {} : { endpoint: llm.endpoint }),
    timeoutMs: llm.timeout * 1000,
  };
}
