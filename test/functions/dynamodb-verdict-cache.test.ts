import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbVerdictCache } from '../../functions/lib/dynamodb-verdict-cache.ts';
import type { Verdict } from '../../shared/classify/index.ts';
import { createVerdictTable, documentClientFor, dynamoDbClientFor, uniqueName } from '../helpers/emulators.ts';

const VERDICT: Verdict = {
  classification: 'anomaly',
  severity: 'high',
  reason: 'The database refuses connections.',
  tags: ['database', 'availability'],
  provider: 'bedrock',
  model: 'anthropic.claude-3-haiku',
};

describe('DynamoDbVerdictCache', () => {
  let tableName: string;
  beforeAll(async () => {
    tableName = uniqueName('verdicts');
    await createVerdictTable(dynamoDbClientFor(inject('dynamoDbEndpoint')), tableName);
  });

  describe('get and set', () => {
    it('misses an unknown key, then returns the verdict that was set, and the latest set wins', async () => {
      // Prepare
      const cache = new DynamoDbVerdictCache({ tableName, client: documentClientFor(inject('dynamoDbEndpoint')) });
      // Act
      const before = await cache.get('tpl|bedrock|haiku|v1');
      await cache.set('tpl|bedrock|haiku|v1', { ...VERDICT, reason: 'first' });
      await cache.set('tpl|bedrock|haiku|v1', VERDICT);
      // Assess
      expect(before).toBeUndefined();
      expect(await cache.get('tpl|bedrock|haiku|v1')).toEqual(VERDICT);
    });

    it('writes the TTL attribute ttlDays ahead, and treats an expired verdict as a miss before DynamoDB removes it', async () => {
      // Prepare
      const client = documentClientFor(inject('dynamoDbEndpoint'));
      let now = new Date('2024-05-01T00:00:00.000Z');
      const cache = new DynamoDbVerdictCache({ tableName, client, ttlDays: 2, now: () => now });
      // Act
      await cache.set('expiring', VERDICT);
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { cache_key: 'expiring' } }));
      const fresh = await cache.get('expiring');
      now = new Date('2024-05-03T00:00:00.000Z');
      const expired = await cache.get('expiring');
      // Assess
      expect(Item).toMatchObject({ cache_key: 'expiring', expires_at: Date.parse('2024-05-03T00:00:00.000Z') / 1000 });
      expect(fresh).toEqual(VERDICT);
      expect(expired).toBeUndefined();
    });
  });
});
