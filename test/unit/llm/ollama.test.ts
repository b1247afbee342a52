import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OLLAMA_OPTIONS, OllamaLlmClient } from '../../../shared/llm/index.ts';
import { startLlmServer, type LlmServer } from '../../helpers/llm-servers.ts';
import { describeLlmClientContract, REQUEST, ANSWER_TIMEOUT_MS } from './llm-client.contract.ts';

describeLlmClientContract('OllamaLlmClient, api chat', 'ollama', (server, { timeoutMs }) => new OllamaLlmClient({ endpoint: server.url, timeoutMs }));
describeLlmClientContract('OllamaLlmClient, api generate', 'ollama', (server, { timeoutMs }) => new OllamaLlmClient({ endpoint: server.url, api: 'generate', timeoutMs }));

describe('Class: OllamaLlmClient', () => {
  let server: LlmServer;

  beforeEach(async () => {
    server = await startLlmServer();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('Method: complete', () => {
    it('posts to /api/chat a system and a user message, unstreamed, with the schema as format', async () => {
      // Prepare
      const client = new OllamaLlmClient({ endpoint: `${server.url}/`, model: 'qwen2.5:3b', timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      await client.complete(REQUEST);
      // Assess
      expect(server.requests[0]).toMatchObject({
        protocol: 'ollama-chat',
        body: {
          model: 'qwen2.5:3b',
          stream: false,
          format: REQUEST.schema,
          messages: [
            { role: 'system', content: REQUEST.system },
            { role: 'user', content: REQUEST.prompt },
          ],
          options: { num_predict: 256, temperature: 0 },
        },
      });
    });

    it('posts to /api/generate a prompt and a system prompt when api is generate', async () => {
      // Prepare
      const client = new OllamaLlmClient({ endpoint: server.url, api: 'generate', maxOutputTokens: 64, timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      await client.complete({ ...REQUEST, maxOutputTokens: undefined });
      // Assess
      const { protocol, body } = server.requests[0]!;
      expect(protocol).toBe('ollama-generate');
      expect(body).toMatchObject({ model: 'llama3.2', stream: false, format: REQUEST.schema, system: REQUEST.system, prompt: REQUEST.prompt, options: { num_predict: 64 } });
      expect(body).not.toHaveProperty('messages');
    });

    it('counts 0 input tokens when Ollama leaves prompt_eval_count out (a cached prompt)', async () => {
      // Prepare
      const cached = await startLlmServer({ usage: { inputTokens: undefined as never, outputTokens: 9 } });
      const client = new OllamaLlmClient({ endpoint: cached.url, timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      const completion = await client.complete(REQUEST).finally(() => cached.close());
      // Assess
      expect(completion.usage).toEqual({ inputTokens: 0, outputTokens: 9 });
    });

    it('reports a refused connection as a retryable LlmServerError', async () => {
      // Prepare
      const closed = await startLlmServer();
      const url = closed.url;
      await closed.close();
      const client = new OllamaLlmClient({ endpoint: url, timeoutMs: ANSWER_TIMEOUT_MS });
      // Act & Assess
      await expect(client.complete(REQUEST)).rejects.toMatchObject({ name: 'LlmServerError', message: /ECONNREFUSED/ });
    });
  });

  describe('Constructor', () => {
    it('uses the documented defaults', () => {
      // Act
      const client = new OllamaLlmClient();
      // Assess
      expect(client.model).toBe(DEFAULT_OLLAMA_OPTIONS.model);
      expect(client.provider).toBe('ollama');
    });

    it.each([['not a url'], ['ftp://localhost:11434']])('refuses the endpoint "%s"', (endpoint) => {
      // Act & Assess
      expect(() => new OllamaLlmClient({ endpoint })).toThrow(expect.objectContaining({ name: 'LlmBadRequestError' }));
    });

    it('refuses a timeout that is not > 0', () => {
      // Act & Assess
      expect(() => new OllamaLlmClient({ timeoutMs: 0 })).toThrow(/timeoutMs must be/);
    });
  });
});
