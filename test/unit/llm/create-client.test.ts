import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_CONFIG, type LlmConfig } from '../../../shared/config/index.ts';
import { createLlmClient, OllamaLlmClient, OpenAiLlmClient, type LlmClient } from '../../../shared/llm/index.ts';
import { startLlmServer } from '../../helpers/llm-servers.ts';
import { REQUEST } from './llm-client.contract.ts';

const llmConfig = (overrides: Partial<LlmConfig>): LlmConfig => ({ ...DEFAULT_ANALYSIS_CONFIG.llm, ...overrides });

describe('Module: llm/create-client', () => {
  describe('Function: createLlmClient', () => {
    it('returns undefined for builtin, which calls no model', () => {
      // Act & Assess
      expect(createLlmClient(llmConfig({ provider: 'builtin' }), {})).toBeUndefined();
    });

    it('builds an Ollama client with the provider default model and endpoint', () => {
      // Act
      const client = createLlmClient(llmConfig({ provider: 'ollama' }), {});
      // Assess
      expect(client).toBeInstanceOf(OllamaLlmClient);
      expect(client?.model).toBe('llama3.2');
    });

    it('passes llm.endpoint, llm.model and llm.timeout (seconds) to the client', async () => {
      // Prepare
      const server = await startLlmServer();
      server.plan({ kind: 'hang' });
      const client = createLlmClient(llmConfig({ provider: 'ollama', endpoint: server.url, model: 'phi3:mini', timeout: 0.15 }), {})!;
      // Act
      const error = await client.complete(REQUEST).catch((thrown: unknown) => thrown);
      await server.close();
      // Assess
      expect(error).toMatchObject({ name: 'LlmTimeoutError', timeoutMs: 150 });
      expect(server.requests[0]?.body).toMatchObject({ model: 'phi3:mini' });
    });

    it('reads the OpenAI key from the variable llm.api_key_env names', async () => {
      // Prepare
      const server = await startLlmServer();
      const client = createLlmClient(llmConfig({ provider: 'openai', endpoint: `${server.url}/v1`, api_key_env: 'TEAM_KEY' }), { TEAM_KEY: 'sk-team' })!;
      // Act
      await client.complete(REQUEST).finally(() => server.close());
      // Assess
      expect(client).toBeInstanceOf(OpenAiLlmClient);
      expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-team');
    });

    it('refuses openai at its default endpoint without a key, naming the variable', () => {
      // Act
      const create = () => createLlmClient(llmConfig({ provider: 'openai', api_key_env: 'TEAM_KEY' }), { OPENAI_API_KEY: 'not this one' });
      // Assess
      expect(create).toThrow(expect.objectContaining({ name: 'LlmBadRequestError', message: expect.stringContaining('TEAM_KEY') }));
    });

    it('refuses bedrock without a factory, since shared/ imports no AWS SDK', () => {
      // Act & Assess
      expect(() => createLlmClient(llmConfig({ provider: 'bedrock' }), {})).toThrow(/createBedrockLlmClient/);
    });

    it('hands bedrock to the factory it is given', () => {
      // Prepare
      const fake: LlmClient = { provider: 'bedrock', model: 'fake', complete: async () => Promise.reject(new Error('unused')) };
      const seen: LlmConfig[] = [];
      // Act
      const client = createLlmClient(llmConfig({ provider: 'bedrock', model: 'fake' }), {}, { bedrock: (llm) => (seen.push(llm), fake) });
      // Assess
      expect(client).toBe(fake);
      expect(seen[0]?.model).toBe('fake');
    });
  });
});
