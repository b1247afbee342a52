/**
 * The {@link AnomalyStore} contract, written once and run against each store: DynamoDB (on DynamoDB Local) and
 * the local JSON file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyRecord, Severity } from '../../shared/detection/index.ts';
import { RUN_STATUS, type AnomalyQuery, type AnomalyStore, type RunRecord } from '../../shared/store/index.ts';

/** The clock the stores are given: the day after the sample anomalies. */
export const CONTRACT_NOW = new Date('2024-05-04T12:00:00.000Z');

/** An anomaly record with the fields the store reads; the rest is plausible filler. */
export function anomalyRecord(
  id: string,
  fields: { firstSeen: string | null; severity: Severity; templateId: string; tags: string[] },
): AnomalyRecord {
  return {
    id,
    kind: 'template',
    source_file: 'app.log',
    template_id: fields.templateId,
    template: `Template ${fields.templateId} <*>`,
    log: `line of ${id}`,
    log_line: 1,
    timestamp: fields.firstSeen,
    first_seen: fields.firstSeen,
    last_seen: fields.firstSeen,
    count: 3,
    lines: [[1, 3]],
    lines_truncated: false,
    score: 0.8,
    severity: fields.severity,
    component: null,
    detectors: [{ detector: 'rare', score: 0.8, explanation: 'seen 3 times' }],
    classification: 'anomaly',
    reason: 'rare',
    tags: fields.tags,
    provider: null,
    model: null,
    classification_failure: null,
  };
}

export function runRecord(runId: string, bucket: string, key: string, startedAt: string): RunRecord {
  return { runId, bucket, key, etag: `etag-${runId}`, source: key, status: RUN_STATUS.running, startedAt };
}

const RUN_A = runRecord('run-a', 'logs', 'app.log', '2024-05-03T00:00:00.000Z');
const RUN_B = runRecord('run-b', 'logs', 'db.log', '2024-05-04T00:00:00.000Z');

/** Two runs over two objects, three days, one anomaly without a time (indexed at its run's start). */
const RUN_A_ANOMALIES = [
  anomalyRecord('a1', { firstSeen: '2024-05-01T10:00:00.000Z', severity: 'high', templateId: 't1', tags: ['database', 'flood'] }),
  anomalyRecord('a2', { firstSeen: '2024-05-01T12:00:00.000Z', severity: 'critical', templateId: 't2', tags: ['security'] }),
  anomalyRecord('a3', { firstSeen: '2024-05-02T08:00:00.000Z', severity: 'high', templateId: 't1', tags: ['database'] }),
  anomalyRecord('a4', { firstSeen: null, severity: 'low', templateId: 't3', tags: [] }),
];
const RUN_B_ANOMALIES = [
  anomalyRecord('b1', { firstSeen: '2024-05-01T11:00:00.000Z', severity: 'medium', templateId: 't1', tags: ['database', 'network'] }),
  anomalyRecord('b2', { firstSeen: '2024-05-02T23:59:59.999Z', severity: 'high', templateId: 't4', tags: ['network'] }),
  anomalyRecord('b3', { firstSeen: '2024-05-03T00:00:00.000Z', severity: 'info', templateId: 't2', tags: ['security'] }),
];

/** Queries and the anomaly ids they return, newest first. */
const QUERIES: Array<[string, AnomalyQuery, string[]]> = [
  ['nothing: every anomaly', {}, ['b3', 'a4', 'b2', 'a3', 'a2', 'b1', 'a1']],
  ['a run', { runId: 'run-a' }, ['a4', 'a3', 'a2', 'a1']],
  ['an object', { object: 'logs/db.log' }, ['b3', 'b2', 'b1']],
  ['a severity', { severity: 'high' }, ['b2', 'a3', 'a1']],
  ['a template', { templateId: 't1' }, ['a3', 'b1', 'a1']],
  ['a tag', { tag: 'database' }, ['a3', 'b1', 'a1']],
  ['a closed time range, inclusive', { from: '2024-05-01T11:00:00Z', to: '2024-05-02T23:59:59.999Z' }, ['b2', 'a3', 'a2', 'b1']],
  ['a day, given as a date', { from: '2024-05-02', to: '2024-05-02T23:59:59.999Z' }, ['b2', 'a3']],
  ['a start only', { from: '2024-05-02' }, ['b3', 'a4', 'b2', 'a3']],
  ['an end only', { to: '2024-05-01T11:00:00Z' }, ['b1', 'a1']],
  ['a severity, a tag and a start together', { severity: 'high', tag: 'database', from: '2024-05-02' }, ['a3']],
  ['a run and a severity', { runId: 'run-a', severity: 'high' }, ['a3', 'a1']],
  ['an object and an end', { object: 'logs/app.log', to: '2024-05-01T23:59:59Z' }, ['a2', 'a1']],
  ['a template and a time range', { templateId: 't2', from: '2024-05-02', to: '2024-05-03' }, ['b3']],
  ['a time range that ends before it starts', { object: 'logs/app.log', from: '2024-05-03', to: '2024-05-01' }, []],
  ['a limit', { limit: 2 }, ['b3', 'a4']],
  ['a tag with a limit', { tag: 'database', limit: 1 }, ['a3']],
  ['a tag nothing has', { tag: 'hardware' }, []],
  ['a run that does not exist', { runId: 'run-z' }, []],
];

/**
 * Declares the contract tests of an anomaly store. `create` makes a fresh, empty store whose clock is
 * {@link CONTRACT_NOW}.
 */
export function describeAnomalyStoreContract(name: string, create: () => Promise<AnomalyStore>): void {
  describe(`${name} (AnomalyStore contract)`, () => {
    describe('runs', () => {
      let store: AnomalyStore;
      beforeAll(async () => {
        store = await create();
      });

      it('starts a new run, restarts a running or failed one, and refuses a completed one', async () => {
        // Prepare
        const run = runRecord('run-1', 'b', 'k', '2024-05-01T00:00:00.000Z');
        // Act
        const first = await store.startRun(run);
        const whileRunning = await store.startRun({ ...run, startedAt: '2024-05-01T00:01:00.000Z' });
        await store.failRun('run-1', { error: 'LlmServerError', cause: 'boom' }, '2024-05-01T00:02:00.000Z');
        const afterFailure = await store.startRun({ ...run, startedAt: '2024-05-01T00:03:00.000Z' });
        const restarted = await store.getRun('run-1');
        await store.completeRun('run-1', { lines: 10, anomalies: 2, reportPrefix: 'reports/run-1/', finishedAt: '2024-05-01T00:04:00.000Z' });
        const afterCompletion = await store.startRun({ ...run, startedAt: '2024-05-01T00:05:00.000Z' });
        // Assess
        expect([first, whileRunning, afterFailure, afterCompletion]).toEqual([true, true, true, false]);
        expect(restarted).toEqual({ ...run, startedAt: '2024-05-01T00:03:00.000Z' });
        expect(await store.getRun('run-1')).toEqual({
          ...run,
          startedAt: '2024-05-01T00:03:00.000Z',
          status: 'COMPLETED',
          lines: 10,
          anomalies: 2,
          reportPrefix: 'reports/run-1/',
          finishedAt: '2024-05-01T00:04:00.000Z',
        });
      });

      it('records a failure with its error, and clears it when the run completes later', async () => {
        // Prepare
        const run = runRecord('run-2', 'b', 'k2', '2024-05-01T00:00:00.000Z');
        await store.startRun(run);
        // Act
        await store.failRun('run-2', { error: 'InputFormatError', cause: 'binary' }, '2024-05-01T00:01:00.000Z');
        const failed = await store.getRun('run-2');
        await store.startRun(run);
        await store.completeRun('run-2', { lines: 1, anomalies: 0, finishedAt: '2024-05-01T00:02:00.000Z' });
        // Assess
        expect(failed).toEqual({ ...run, status: 'FAILED', error: { error: 'InputFormatError', cause: 'binary' }, finishedAt: '2024-05-01T00:01:00.000Z' });
        expect(await store.getRun('run-2')).toEqual({ ...run, status: 'COMPLETED', lines: 1, anomalies: 0, finishedAt: '2024-05-01T00:02:00.000Z' });
      });

      it('leaves a completed run completed when a late failure is recorded, and ignores an unknown run', async () => {
        // Prepare
        const run = runRecord('run-3', 'b', 'k3', '2024-05-01T00:00:00.000Z');
        await store.startRun(run);
        await store.completeRun('run-3', { lines: 5, anomalies: 1, finishedAt: '2024-05-01T00:01:00.000Z' });
        // Act
        await store.failRun('run-3', { error: 'States.Timeout', cause: 'late' }, '2024-05-01T00:02:00.000Z');
        await store.failRun('run-unknown', { error: 'X', cause: 'y' }, '2024-05-01T00:02:00.000Z');
        // Assess
        expect((await store.getRun('run-3'))?.status).toBe('COMPLETED');
        expect(await store.getRun('run-unknown')).toBeUndefined();
      });

      it('refuses to complete a run that was never started', async () => {
        // Act & Assess
        await expect(store.completeRun('run-never', { lines: 1 })).rejects.toThrow(/run-never/);
      });
    });

    describe('putAnomalies and queryAnomalies', () => {
      let store: AnomalyStore;
      beforeAll(async () => {
        store = await create();
        await store.startRun(RUN_A);
        await store.startRun(RUN_B);
        await store.putAnomalies(RUN_A, RUN_A_ANOMALIES);
        await store.putAnomalies(RUN_B, RUN_B_ANOMALIES);
      });

      it.each(QUERIES)('answers a query by %s, newest first', async (_name, query, expected) => {
        // Act
        const found = await store.queryAnomalies(query);
        // Assess
        expect(found.map((stored) => stored.anomaly.id)).toEqual(expected);
      });

      it('returns each anomaly whole, with its run and object', async () => {
        // Act
        const [found] = await store.queryAnomalies({ runId: 'run-b', templateId: 't4' });
        // Assess
        expect(found).toEqual({ runId: 'run-b', object: 'logs/db.log', anomaly: RUN_B_ANOMALIES[1] });
      });

      it('keeps one anomaly per id when the same anomalies are written again, with the newer content', async () => {
        // Prepare
        const reclassified = RUN_A_ANOMALIES.map((anomaly) => ({ ...anomaly, reason: 'again' }));
        // Act
        await store.putAnomalies(RUN_A, reclassified);
        await store.putAnomalies(RUN_A, reclassified);
        const found = await store.queryAnomalies({ runId: 'run-a' });
        const tagged = await store.queryAnomalies({ tag: 'database' });
        // Assess
        expect(found.map((stored) => stored.anomaly.id)).toEqual(['a4', 'a3', 'a2', 'a1']);
        expect(found.every((stored) => stored.anomaly.reason === 'again')).toBe(true);
        expect(tagged.map((stored) => stored.anomaly.id)).toEqual(['a3', 'b1', 'a1']);
      });

      it('finds an anomaly by its new tags only after its tags change', async () => {
        // Prepare
        const retagged = { ...RUN_B_ANOMALIES[0]!, tags: ['capacity'] };
        // Act
        await store.putAnomalies(RUN_B, [retagged]);
        const byOldTag = await store.queryAnomalies({ tag: 'network' });
        const byNewTag = await store.queryAnomalies({ tag: 'capacity' });
        await store.putAnomalies(RUN_B, [RUN_B_ANOMALIES[0]!]);
        // Assess
        expect(byOldTag.map((stored) => stored.anomaly.id)).toEqual(['b2']);
        expect(byNewTag.map((stored) => stored.anomaly.id)).toEqual(['b1']);
      });

      it('refuses a time bound that is not a time', async () => {
        // Act & Assess
        await expect(store.queryAnomalies({ from: 'yesterday' })).rejects.toThrow(/yesterday/);
      });
    });

    describe('baselines', () => {
      it('loads nothing before the first save, then what was saved, and the latest save wins', async () => {
        // Prepare
        const store = await create();
        const first = { source: 'logs/app.log', runs: 1, templateIds: ['0a', '1b'], updatedAt: '2024-05-01T00:00:00.000Z' };
        const second = { source: 'logs/app.log', runs: 2, templateIds: ['0a', '1b', '2c'], updatedAt: '2024-05-02T00:00:00.000Z' };
        const empty = { source: 'logs/empty.log', runs: 1, templateIds: [], updatedAt: '2024-05-02T00:00:00.000Z' };
        // Act
        const before = await store.load('logs/app.log');
        await store.save(first);
        const afterFirst = await store.load('logs/app.log');
        await store.save(second);
        await store.save(empty);
        // Assess
        expect(before).toBeUndefined();
        expect(afterFirst).toEqual(first);
        expect(await store.load('logs/app.log')).toEqual(second);
        expect(await store.load('logs/empty.log')).toEqual(empty);
      });
    });
  });
}
