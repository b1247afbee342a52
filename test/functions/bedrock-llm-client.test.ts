import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BedrockLlmClient, createBedrockLlmClient, DEFAULT_BEDROCK_OPTIONS, type BedrockLlmClientOptions } from '../../functions/lib/bedrock-llm-client.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../../shared/config/types.ts';
import { createLlmClient } from '../../shared/llm/index.ts';
import { DEFAULT_ANSWER, startLlmServer, type LlmServer } from '../helpers/llm-servers.ts';
import { describeLlmClientContract, REQUEST, ANSWER_TIMEOUT_MS } from '../unit/llm/llm-client.contract.ts';

/** SDK settings for the loopback server: HTTP/1.1, fake static credentials, a fixed Region. */
function testClientConfig(): NonNullable<BedrockLlmClientOptions['clientConfig']> {
  return {
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' },
    requestHandler: new NodeHttpHandler({ connectionTimeout: 1000 }),
  };
}

describeLlmClientContract(
  'BedrockLlmClient',
  'bedrock',
  (server, { timeoutMs }) => new BedrockLlmClient({ endpoint: server.url, timeoutMs, clientConfig: testClientConfig() }),
);

describe('Class: BedrockLlmClient', () => {
  let server: LlmServer;
  const clients: BedrockLlmClient[] = [];
  const newClient = (options: BedrockLlmClientOptions = {}): BedrockLlmClient => {
    const client = new BedrockLlmClient({ endpoint: server.url, timeoutMs: ANSWER_TIMEOUT_MS, clientConfig: testClientConfig(), ...options });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startLlmServer();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  describe('Method: complete', () => {
    it('calls Converse with the system prompt, the user message and the schema as a forced tool', async () => {
      // Prepare
      const client = newClient({ model: 'amazon.nova-micro-v1:0' });
      // Act
      await client.complete(REQUEST);
      // Assess
      const [request] = server.requests;
      expect(request?.path).toBe(`/model/${encodeURIComponent('amazon.nova-micro-v1:0')}/converse`);
      expect(request?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//);
      expect(request?.body).toEqual({
        system: [{ text: REQUEST.system }],
        messages: [{ role: 'user', content: [{ text: REQUEST.prompt }] }],
        inferenceConfig: { maxTokens: 256, temperature: 0 },
        toolConfig: {
          tools: [{ toolSpec: { name: 'answer', description: expect.any(String), inputSchema: { json: REQUEST.schema } } }],
          toolChoice: { tool: { name: 'answer' } },
        },
      });
    });

    it('accepts an answer given as a text block instead of a tool call', async () => {
      // Prepare
      server.bedrockAnswerAs = 'text';
      const client = newClient();
      // Act
      const completion = await client.complete(REQUEST);
      // Assess
      expect(JSON.parse(completion.text)).toEqual(DEFAULT_ANSWER);
    });

    it.each([
      ['ModelTimeoutException', 408, 'LlmTimeoutError'],
      ['ModelNotReadyException', 429, 'LlmServerError'],
      ['ModelErrorException', 424, 'LlmServerError'],
      ['ServiceUnavailableException', 503, 'LlmServerError'],
      ['InternalServerException', 500, 'LlmServerError'],
      ['ValidationException', 400, 'LlmBadRequestError'],
      ['AccessDeniedException', 403, 'LlmBadRequestError'],
    ])('normalises %s (HTTP %i) to %s', async (errorType, status, name) => {
      // Prepare
      server.plan({ kind: 'status', status, errorType });
      const client = newClient();
      // Act
      const error = await client.complete(REQUEST).catch((thrown: unknown) => thrown);
      // Assess
      expect(error).toMatchObject({ name, provider: 'bedrock', message: expect.stringContaining(errorType) });
    });

    it('makes one attempt only: the SDK does not retry on its own', async () => {
      // Prepare
      server.plan({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
      const client = newClient();
      // Act
      await client.complete(REQUEST).catch(() => undefined);
      // Assess
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('Function: createBedrockLlmClient', () => {
    it('is the factory createLlmClient takes for provider bedrock, with llm.model, endpoint and timeout', async () => {
      // Prepare
      const llm = { ...DEFAULT_ANALYSIS_CONFIG.llm, provider: 'bedrock' as const, model: 'anthropic.claude-3-5-haiku-20241022-v1:0', endpoint: server.url, timeout: 0.5 };
      // Act
      const client = createLlmClient(llm, {}, { bedrock: (config) => createBedrockLlmClient(config, { clientConfig: testClientConfig() }) });
      const completion = await client!.complete(REQUEST);
      (client as BedrockLlmClient).destroy();
      // Assess
      expect(completion).toMatchObject({ provider: 'bedrock', model: llm.model });
      expect(server.requests[0]?.path).toContain(encodeURIComponent(llm.model));
    });

    it('defaults the model', () => {
      // Act
      const client = createBedrockLlmClient({ ...DEFAULT_ANALYSIS_CONFIG.llm, provider: 'bedrock' }, { region: 'us-east-1' });
      clients.push(client);
      // Assess
      expect(client.model).toBe(DEFAULT_BEDROCK_OPTIONS.model);
    });
  });
});
