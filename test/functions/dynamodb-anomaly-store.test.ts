import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { BatchWriteIncompleteError, DynamoDbAnomalyStore } from '../../functions/lib/dynamodb-anomaly-store.ts';
import { createAnomalyTable, documentClientFor, dynamoDbClientFor, uniqueName } from '../helpers/emulators.ts';
import { anomalyRecord, CONTRACT_NOW, describeAnomalyStoreContract, runRecord } from './anomaly-store.contract.ts';

/** A fresh table on DynamoDB Local. */
async function newTable(): Promise<string> {
  const tableName = uniqueName('anomalies');
  await createAnomalyTable(dynamoDbClientFor(inject('dynamoDbEndpoint')), tableName);
  return tableName;
}

/** A DocumentClient that counts the commands it sends, by name. */
function countingClient(): { client: DynamoDBDocumentClient; sent: Map<string, number> } {
  const client = documentClientFor(inject('dynamoDbEndpoint'));
  const sent = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.set(context.commandName!, (sent.get(context.commandName!) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  return { client, sent };
}

async function scanAll(client: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const { Items } = await client.send(new ScanCommand({ TableName: tableName }));
  return Items ?? [];
}

// Two items per page, so every query of the contract reads more than one page.
describeAnomalyStoreContract('DynamoDbAnomalyStore on DynamoDB Local', async () => {
  const tableName = await newTable();
  return new DynamoDbAnomalyStore({ tableName, client: documentClientFor(inject('dynamoDbEndpoint')), pageSize: 2, now: () => CONTRACT_NOW });
});

describe('DynamoDbAnomalyStore', () => {
  let tableName: string;
  beforeAll(async () => {
    tableName = await newTable();
  });

  describe('putAnomalies', () => {
    it('writes the anomaly item with the index keys, TTL and record, and one pointer per tag', async () => {
      // Prepare
      const client = documentClientFor(inject('dynamoDbEndpoint'));
      const store = new DynamoDbAnomalyStore({ tableName, client, retentionDays: 10, now: () => CONTRACT_NOW });
      const run = runRecord('layout', 'logs', 'app.log', '2024-05-03T00:00:00.000Z');
      const anomaly = anomalyRecord('id1', { firstSeen: '2024-05-01T10:00:00.000Z', severity: 'high', templateId: 'tpl', tags: ['database', 'network'] });
      // Act
      await store.putAnomalies(run, [anomaly]);
      // Assess
      const items = (await scanAll(client, tableName)).filter((item) => item.runId === 'layout');
      const sortKey = '2024-05-01T10:00:00.000Z#id1';
      const expiresAt = CONTRACT_NOW.getTime() / 1000 + 10 * 86_400;
      expect(items.find((item) => item.type === 'ANOMALY')).toEqual({
        pk: 'RUN#layout',
        sk: 'ANOMALY#id1',
        type: 'ANOMALY',
        runId: 'layout',
        object: 'logs/app.log',
        anomalyId: 'id1',
        time: '2024-05-01T10:00:00.000Z',
        first_seen: '2024-05-01T10:00:00.000Z',
        severity: 'high',
        template_id: 'tpl',
        kind: 'template',
        score: 0.8,
        count: 3,
        classification: 'anomaly',
        tags: ['database', 'network'],
        record: JSON.stringify(anomaly),
        gsi1pk: 'OBJECT#logs/app.log',
        gsi1sk: sortKey,
        gsi2pk: 'SEVERITY#high',
        gsi2sk: sortKey,
        gsi3pk: 'TEMPLATE#tpl',
        gsi3sk: sortKey,
        gsi4pk: 'DAY#2024-05-01',
        gsi4sk: sortKey,
        expires_at: expiresAt,
      });
      expect(items.filter((item) => item.type === 'TAG').map(({ pk, sk }) => [pk, sk]).sort()).toEqual([
        ['TAG#database', sortKey],
        ['TAG#network', sortKey],
      ]);
    });

    it('leaves the same number of items when the same anomalies are written twice, in batches of 25', async () => {
      // Prepare
      const { client, sent } = countingClient();
      const store = new DynamoDbAnomalyStore({ tableName, client });
      const run = runRecord('twice', 'logs', 'twice.log', '2024-05-03T00:00:00.000Z');
      const anomalies = Array.from({ length: 20 }, (_, i) =>
        anomalyRecord(`t${i}`, { firstSeen: `2024-05-01T10:00:${String(i).padStart(2, '0')}.000Z`, severity: 'low', templateId: 'x', tags: ['network'] }),
      );
      // Act
      await store.putAnomalies(run, anomalies);
      const once = (await scanAll(client, tableName)).length;
      await store.putAnomalies(run, anomalies);
      const twice = (await scanAll(client, tableName)).length;
      // Assess
      expect(twice).toBe(once);
      expect((await scanAll(client, tableName)).filter((item) => item.runId === 'twice')).toHaveLength(40);
      expect(sent.get('BatchWriteItemCommand')).toBe(4);
    });

    it('sends unprocessed items again with backoff until every one is written', async () => {
      // Prepare
      const calls: number[] = [];
      const client = {
        send: async (command: { input: { RequestItems: Record<string, unknown[]> } }) => {
          const requests = command.input.RequestItems['t']!;
          calls.push(requests.length);
          // The first answer of each batch leaves its last 3 items unprocessed.
          return calls.length % 2 === 1 ? { UnprocessedItems: { t: requests.slice(-3) } } : { UnprocessedItems: {} };
        },
      } as unknown as DynamoDBDocumentClient;
      const store = new DynamoDbAnomalyStore({ tableName: 't', client, baseDelayMs: 1 });
      const anomalies = Array.from({ length: 30 }, (_, i) =>
        anomalyRecord(`u${i}`, { firstSeen: '2024-05-01T00:00:00.000Z', severity: 'low', templateId: 'x', tags: [] }),
      );
      // Act
      await store.putAnomalies(runRecord('r', 'b', 'k', '2024-05-01T00:00:00.000Z'), anomalies);
      // Assess
      expect(calls).toEqual([25, 3, 5, 3]);
    });

    it('throws BatchWriteIncompleteError when items stay unprocessed after every attempt', async () => {
      // Prepare
      const client = {
        send: async (command: { input: { RequestItems: Record<string, unknown[]> } }) => ({ UnprocessedItems: command.input.RequestItems }),
      } as unknown as DynamoDBDocumentClient;
      const store = new DynamoDbAnomalyStore({ tableName: 't', client, maxBatchAttempts: 3, baseDelayMs: 1 });
      const anomaly = anomalyRecord('v', { firstSeen: '2024-05-01T00:00:00.000Z', severity: 'low', templateId: 'x', tags: [] });
      // Act & Assess
      const write = store.putAnomalies(runRecord('r', 'b', 'k', '2024-05-01T00:00:00.000Z'), [anomaly]);
      await expect(write).rejects.toThrow(BatchWriteIncompleteError);
      await expect(write).rejects.toThrow(/1 item\(s\) still unprocessed after 3/);
    });
  });

  describe('queryAnomalies', () => {
    it('follows LastEvaluatedKey across pages and stops reading once it has the limit', async () => {
      // Prepare
      const { client, sent } = countingClient();
      const store = new DynamoDbAnomalyStore({ tableName, client, pageSize: 3 });
      const run = runRecord('paged', 'logs', 'paged.log', '2024-05-03T00:00:00.000Z');
      const anomalies = Array.from({ length: 12 }, (_, i) =>
        anomalyRecord(`p${String(i).padStart(2, '0')}`, { firstSeen: `2024-05-05T00:00:${String(i).padStart(2, '0')}.000Z`, severity: 'medium', templateId: 'pg', tags: [] }),
      );
      await store.putAnomalies(run, anomalies);
      sent.clear();
      // Act
      const all = await store.queryAnomalies({ object: 'logs/paged.log' });
      const allQueries = sent.get('QueryCommand');
      sent.clear();
      const newest = await store.queryAnomalies({ object: 'logs/paged.log', limit: 4 });
      // Assess
      expect(all.map((stored) => stored.anomaly.id)).toEqual(anomalies.map((anomaly) => anomaly.id).reverse());
      expect(allQueries).toBe(5);
      expect(newest.map((stored) => stored.anomaly.id)).toEqual(['p11', 'p10', 'p09', 'p08']);
      expect(sent.get('QueryCommand')).toBe(2);
    });

    it('reads one by-day partition per day of a time range, and no table scan', async () => {
      // Prepare
      const { client, sent } = countingClient();
      const store = new DynamoDbAnomalyStore({ tableName, client });
      // Act
      await store.queryAnomalies({ from: '2024-06-01T00:00:00Z', to: '2024-06-03T12:00:00Z' });
      // Assess
      expect(sent.get('QueryCommand')).toBe(3);
      expect(sent.get('ScanCommand')).toBeUndefined();
    });
  });
});
