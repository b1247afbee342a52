import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPENAI_OPTIONS, OpenAiLlmClient } from '../../../shared/llm/index.ts';
import { startLlmServer, type LlmServer } from '../../helpers/llm-servers.ts';
import { describeLlmClientContract, REQUEST, ANSWER_TIMEOUT_MS } from './llm-client.contract.ts';

describeLlmClientContract('OpenAiLlmClient', 'openai', (server, { timeoutMs }) => new OpenAiLlmClient({ endpoint: `${server.url}/v1`, apiKey: 'sk-test', timeoutMs }));

describe('Class: OpenAiLlmClient', () => {
  let server: LlmServer;

  beforeEach(async () => {
    server = await startLlmServer();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('Method: complete', () => {
    it('posts the messages with a strict json_schema response_format and the bearer key', async () => {
      // Prepare
      const client = new OpenAiLlmClient({ endpoint: `${server.url}/v1`, apiKey: 'sk-test', timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      await client.complete(REQUEST);
      // Assess
      const [request] = server.requests;
      expect(request?.path).toBe('/v1/chat/completions');
      expect(request?.headers.authorization).toBe('Bearer sk-test');
      expect(request?.body).toMatchObject({
        model: 'gpt-4o-mini',
        stream: false,
        max_tokens: 256,
        messages: [
          { role: 'system', content: REQUEST.system },
          { role: 'user', content: REQUEST.prompt },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: REQUEST.schema, strict: true } },
      });
    });

    it('sends no Authorization header to a loopback server without a key', async () => {
      // Prepare
      const client = new OpenAiLlmClient({ endpoint: `${server.url}/v1`, timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      await client.complete(REQUEST);
      // Assess
      expect(server.requests[0]?.headers).not.toHaveProperty('authorization');
    });

    it('reports a refusal as LlmResponseError', async () => {
      // Prepare
      const refusal = { choices: [{ message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' } }] };
      server.plan({ kind: 'raw', status: 200, body: JSON.stringify(refusal) });
      const client = new OpenAiLlmClient({ endpoint: `${server.url}/v1`, timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      const call = client.complete(REQUEST);
      // Assess
      await expect(call).rejects.toMatchObject({ name: 'LlmResponseError', message: /refused: I cannot help/ });
    });

    it('counts 0 tokens when a compatible server reports no usage', async () => {
      // Prepare
      server.plan({ kind: 'raw', status: 200, body: JSON.stringify({ choices: [{ message: { role: 'assistant', content: '{"classification":"normal"}' } }] }) });
      const client = new OpenAiLlmClient({ endpoint: `${server.url}/v1`, timeoutMs: ANSWER_TIMEOUT_MS });
      // Act
      const completion = await client.complete(REQUEST);
      // Assess
      expect(completion).toMatchObject({ text: '{"classification":"normal"}', usage: { inputTokens: 0, outputTokens: 0 } });
    });
  });

  describe('Constructor', () => {
    it('refuses a remote endpoint without a key, naming the variable, as a non-retryable error', () => {
      // Act
      const construct = () => new OpenAiLlmClient({ apiKeyEnv: 'MY_LLM_KEY' });
      // Assess
      expect(construct).toThrow(expect.objectContaining({ name: 'LlmBadRequestError', message: expect.stringContaining('MY_LLM_KEY') }));
    });

    it.each(['http://localhost:8080/v1', 'http://127.0.0.1:1234/v1', 'http://[::1]:8000/v1'])('needs no key for the loopback endpoint %s', (endpoint) => {
      // Act
      const client = new OpenAiLlmClient({ endpoint });
      // Assess
      expect(client.model).toBe(DEFAULT_OPENAI_OPTIONS.model);
    });
  });
});
