import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalAnomalyStore, localAnomalyStorePath } from '../../functions/lib/local-anomaly-store.ts';
import { anomalyRecord, CONTRACT_NOW, describeAnomalyStoreContract, runRecord } from './anomaly-store.contract.ts';

const roots: string[] = [];
const newOutput = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'loganomaly-local-store-'));
  roots.push(root);
  return root;
};

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describeAnomalyStoreContract(
  'LocalAnomalyStore',
  async () => new LocalAnomalyStore({ path: localAnomalyStorePath(newOutput()), now: () => CONTRACT_NOW }),
);

describe('LocalAnomalyStore', () => {
  describe('file', () => {
    it('keeps runs, anomalies and baselines in <output>/.loganomaly/anomalies.json, read again by a new instance', async () => {
      // Prepare
      const output = newOutput();
      const path = localAnomalyStorePath(output);
      const run = runRecord('r', '', 'logs/app.log', '2024-05-01T00:00:00.000Z');
      const anomaly = anomalyRecord('x', { firstSeen: '2024-05-01T00:00:01.000Z', severity: 'high', templateId: 't', tags: ['network'] });
      const writer = new LocalAnomalyStore({ path });
      // Act
      await Promise.all([
        writer.startRun(run),
        writer.save({ source: 'logs/app.log', runs: 1, templateIds: ['t'], updatedAt: '2024-05-01T00:00:02.000Z' }),
      ]);
      await writer.putAnomalies(run, [anomaly]);
      const reader = new LocalAnomalyStore({ path });
      // Assess
      expect(path).toBe(join(output, '.loganomaly', 'anomalies.json'));
      expect(readdirSync(dirname(path))).toEqual(['anomalies.json']);
      expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')) as object)).toEqual(['version', 'runs', 'anomalies', 'baselines']);
      expect(await reader.getRun('r')).toEqual(run);
      expect(await reader.load('logs/app.log')).toMatchObject({ runs: 1 });
      expect(await reader.queryAnomalies({ object: 'logs/app.log' })).toEqual([{ runId: 'r', object: 'logs/app.log', anomaly }]);
    });

    it('keeps every change when many are made at once through one instance', async () => {
      // Prepare
      const store = new LocalAnomalyStore({ path: localAnomalyStorePath(newOutput()) });
      const runs = Array.from({ length: 20 }, (_, i) => runRecord(`r${i}`, 'b', `k${i}`, '2024-05-01T00:00:00.000Z'));
      // Act
      await Promise.all(runs.map((run) => store.startRun(run)));
      // Assess
      expect(await Promise.all(runs.map((run) => store.getRun(run.runId)))).toEqual(runs);
    });

    it('says which file is damaged when it is not JSON', async () => {
      // Prepare
      const path = localAnomalyStorePath(newOutput());
      const store = new LocalAnomalyStore({ path });
      await store.save({ source: 's', runs: 1, templateIds: [], updatedAt: '2024-05-01T00:00:00.000Z' });
      writeFileSync(path, '{ not json');
      // Act & Assess
      await expect(store.load('s')).rejects.toThrow(path);
    });
  });
});
