import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { queryCommand } from '../../cli/query.ts';
import { EXIT, UsageError } from '../../cli/errors.ts';
import { DynamoDbAnomalyStore } from '../../functions/lib/dynamodb-anomaly-store.ts';
import { LocalAnomalyStore, localAnomalyStorePath } from '../../functions/lib/local-anomaly-store.ts';
import type { AnomalyRecord } from '../../shared/detection/index.ts';
import type { AnomalyStore, StoredAnomaly } from '../../shared/store/index.ts';
import { loganomaly } from '../helpers/cli.ts';
import { createAnomalyTable, documentClientFor, dynamoDbClientFor, uniqueName } from '../helpers/emulators.ts';
import { anomalyRecord, runRecord } from '../functions/anomaly-store.contract.ts';


const RUN = runRecord('run-q', 'logs', 'app.log', '2024-05-03T00:00:00.000Z');
const LONG_TEMPLATE = `Connection to database <*> refused after <*> retries ${'because the pool is exhausted '.repeat(3)}`;
const ANOMALIES: AnomalyRecord[] = [
  { ...anomalyRecord('q1', { firstSeen: '2024-05-01T10:00:00.123Z', severity: 'high', templateId: 't1', tags: ['database'] }), template: LONG_TEMPLATE, count: 1234 },
  anomalyRecord('q2', { firstSeen: '2024-05-01T12:00:00.000Z', severity: 'critical', templateId: 't2', tags: ['security'] }),
  anomalyRecord('q3', { firstSeen: '2024-05-02T08:00:00.000Z', severity: 'low', templateId: 't3', tags: [] }),
];

/**
 * Runs `query` in this process (bin/loganomaly.js costs a Node start per call: one test goes through it); resolves
 * with the exit status and messages cli/main.ts would give.
 */
async function query(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  try {
    const code = await queryCommand(args, { write: (text: string) => (stdout += text) });
    return { code, stdout, stderr: '' };
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    return { code: usage ? EXIT.usage : EXIT.failure, stdout, stderr: (error as Error).message };
  }
}

const ids = (json: string): string[] => (JSON.parse(json) as StoredAnomaly[]).map((stored) => stored.anomaly.id);

async function fill(store: AnomalyStore, anomalies: readonly AnomalyRecord[]): Promise<void> {
  await store.startRun(RUN);
  await store.putAnomalies(RUN, anomalies);
}

let dir: string;
let tableName: string;
let endpoint: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loganomaly-query-'));
  endpoint = inject('dynamoDbEndpoint');
  tableName = uniqueName('query');
  await createAnomalyTable(dynamoDbClientFor(endpoint), tableName);
  await Promise.all([
    fill(new LocalAnomalyStore({ path: localAnomalyStorePath(join(dir, 'out')) }), ANOMALIES),
    fill(new DynamoDbAnomalyStore({ tableName, client: documentClientFor(endpoint) }), ANOMALIES),
  ]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Command: loganomaly query', () => {
  describe('a local store', () => {
    it('prints a table of the anomalies, newest first, with the template truncated', async () => {
      // Act
      const { code, stdout } = await query('--store', join(dir, 'out'));
      // Assess
      const lines = stdout.split('\n');
      expect(code).toBe(0);
      expect(lines[0]).toMatch(/^FIRST SEEN\s+SEVERITY\s+SCORE\s+KIND\s+COUNT\s+TEMPLATE\s+CLASSIFICATION$/);
      expect(lines[1]).toMatch(/^2024-05-02T08:00:00Z\s+low\s+0\.80\s+template\s+3\s+Template t3 <\*>\s+anomaly$/);
      expect(lines[3]).toMatch(/^2024-05-01T10:00:00Z\s+high\s+0\.80\s+template\s+1,234\s+Connection to database <\*> refused.{20,}…\s+anomaly$/);
      expect(lines[3]).not.toContain('exhausted because the pool is exhausted');
      expect(stdout).toContain('\n3 anomalies\n');
    });

    it('filters by severity and time and prints JSON with --json', async () => {
      // Act
      const { code, stdout } = await query('--store', join(dir, 'out'), '--since', '2024-05-01T11:00:00Z', '--until', '2024-05-02', '--json');
      const high = await query('--store', join(dir, 'out'), '--severity', 'high', '--json');
      // Assess
      expect(code).toBe(0);
      expect(ids(stdout)).toEqual(['q2']);
      expect(JSON.parse(high.stdout)).toEqual([{ runId: 'run-q', object: 'logs/app.log', anomaly: ANOMALIES[0] }]);
    });

    it('reads out/ of the working folder by default (through bin/loganomaly.js)', async () => {
      // Act
      const [found, usage] = await Promise.all([
        loganomaly(['query', '--tag', 'security', '--json'], { cwd: dir }),
        loganomaly(['query', '--severity', 'urgent'], { cwd: dir }),
      ]);
      // Assess
      expect(found.code).toBe(0);
      expect(ids(found.stdout)).toEqual(['q2']);
      expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('--severity must be one of') });
    });

    it('says how to make a store, or where else to look, when the folder has none', async () => {
      // Act
      const { code, stderr } = await query('--store', join(dir, 'empty'));
      // Assess
      expect(code).toBe(1);
      expect(stderr).toContain('no anomaly store in');
      expect(stderr).toContain('loganomaly analyze --input <logs> --output');
      expect(stderr).toContain('--table NAME');
    });
  });

  describe('the DynamoDB table', () => {
    it('answers the same queries from the table as from the local store', async () => {
      // Act
      const table = await query('--table', tableName, '--endpoint', endpoint, '--json');
      const filtered = await query('--table', tableName, '--endpoint', endpoint, '--template', 't1', '--object', 'logs/app.log', '--json');
      const limited = await query('--table', tableName, '--endpoint', endpoint, '--run', 'run-q', '--limit', '2', '--json');
      // Assess
      expect(ids(table.stdout)).toEqual(['q3', 'q2', 'q1']);
      expect(ids(filtered.stdout)).toEqual(['q1']);
      expect(ids(limited.stdout)).toEqual(['q3', 'q2']);
    });

    it('takes the endpoint from AWS_ENDPOINT_URL_DYNAMODB', async () => {
      // Prepare
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
      let found: string;
      try {
        // Act
        let out = '';
        await queryCommand(['--table', tableName, '--severity', 'critical', '--json'], { write: (text: string) => (out += text) });
        found = out;
      } finally {
        vi.unstubAllEnvs();
      }
      // Assess
      expect(ids(found)).toEqual(['q2']);
    });

    it('reads every page of a result larger than one DynamoDB page (1 MB)', async () => {
      // Prepare
      const big = Array.from({ length: 70 }, (_, i) => ({
        ...anomalyRecord(`big${String(i).padStart(2, '0')}`, { firstSeen: new Date(Date.UTC(2024, 5, 1, 0, i)).toISOString(), severity: 'medium', templateId: 'big', tags: [] }),
        log: 'x'.repeat(20_000),
      }));
      const bigRun = runRecord('run-big', 'logs', 'big.log', '2024-06-02T00:00:00.000Z');
      const store = new DynamoDbAnomalyStore({ tableName, client: documentClientFor(endpoint) });
      await store.startRun(bigRun);
      await store.putAnomalies(bigRun, big);
      // Act
      const { stdout } = await query('--table', tableName, '--endpoint', endpoint, '--object', 'logs/big.log', '--limit', '1000', '--json');
      // Assess
      expect(ids(stdout)).toEqual(big.map((anomaly) => anomaly.id).reverse());
    });

    it('says the table does not exist, with what to check', async () => {
      // Act
      const { code, stderr } = await query('--table', 'no-such-table', '--endpoint', endpoint);
      // Assess
      expect(code).toBe(1);
      expect(stderr).toMatch(/table "no-such-table" \(region [\w-]+, endpoint http:\/\/127\.0\.0\.1:\d+\) does not exist: check --table, AWS_REGION and --endpoint/);
    });
  });

  describe('usage', () => {
    it.each([
      [['--severity', 'urgent'], /--severity must be one of info, low, medium, high, critical, got "urgent"/],
      [['--since', '2024-05-01', '--from', '2024-05-02'], /--since and --from are the same option/],
      [['--until', 'tomorrow'], /--until: "tomorrow" is not an ISO 8601 time/],
      [['--limit', '0'], /--limit must be a positive whole number/],
      [['--table', 't', '--store', 'out'], /give one/],
      [['--endpoint', 'http://localhost:8000'], /--endpoint .* give --table too/],
    ])('refuses %j with exit status 2 and says why', async (args, message) => {
      // Act
      const { code, stderr } = await query(...args);
      // Assess
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    });
  });
});
