/**
 * A handler as Lambda runs it: its ports bound to AWS from the environment (here DynamoDB Local), the run's keys in
 * its logs, and its duration published as a CloudWatch metric in embedded metric format.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbAnomalyStore } from '../../functions/lib/dynamodb-anomaly-store.ts';
import { runIdOf } from '../../functions/lib/pipeline.ts';
import { handler } from '../../functions/record-failure/handler.ts';
import { createAnomalyTable, documentClientFor, dynamoDbClientFor, uniqueName } from '../helpers/emulators.ts';

const saved = { ...process.env };
let tableName: string;

beforeAll(async () => {
  tableName = uniqueName('lambda');
  await createAnomalyTable(dynamoDbClientFor(inject('dynamoDbEndpoint')), tableName);
  Object.assign(process.env, {
    BUCKET_NAME: 'logs',
    TABLE_NAME: tableName,
    ANALYSIS_CONFIG: '{}',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    POWERTOOLS_SERVICE_NAME: 'loganomaly-test',
  });
});

afterAll(() => {
  process.env = saved;
});

describe('Lambda entry: RecordFailure', () => {
  it('binds its ports from the environment, records the failed run, and publishes its duration', async () => {
    // Prepare
    // Powertools writes its logs and metrics as one JSON object a line (warnings on standard error), as Lambda collects them.
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      lines.push(...String(chunk).split('\n').filter((l) => l.trim().startsWith('{')));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      // Act
      const output = await handler({ bucket: 'logs', key: 'incoming/app.log', etag: 'abc', error: { Error: 'InputFormatError', Cause: 'app.log:3: not text' } });
      // Assess
      expect(output).toEqual({ runId: runIdOf('logs', 'incoming/app.log', 'abc'), error: 'InputFormatError' });
      const store = new DynamoDbAnomalyStore({ tableName, client: documentClientFor(inject('dynamoDbEndpoint')) });
      expect(await store.getRun(output.runId)).toMatchObject({ status: 'FAILED', error: { error: 'InputFormatError', cause: 'app.log:3: not text' } });
      const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => '_aws' in l);
      expect(emf).toMatchObject({ state: 'RecordFailure', service: 'loganomaly-test' });
      expect(JSON.stringify(emf)).toContain('"Namespace":"LogAnomaly"');
      expect(typeof emf!['StateDuration']).toBe('number');
      expect(lines.some((l) => l.includes('"message":"run failed"') && l.includes('"state":"RecordFailure"'))).toBe(true);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
