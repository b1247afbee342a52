/** SweepExports: every export object not yet analysed (by key and ETag) gets one run, and only one. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAnomalyStore } from '../../functions/lib/local-anomaly-store.ts';
import { LocalObjectStore } from '../../functions/lib/local-object-store.ts';
import { runIdOf } from '../../functions/lib/pipeline.ts';
import { sweepExports } from '../../functions/sweep-exports/handler.ts';
import { RUN_STATUS } from '../../shared/store/index.ts';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loganomaly-sweep-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Handler: SweepExports', () => {
  it('starts a run for each export object not analysed yet, skipping the export test object and runs already recorded', async () => {
    // Prepare: a CloudWatch Logs export task's layout, one object already analysed.
    const objects = new LocalObjectStore({ root: join(dir, 'bucket') });
    const store = new LocalAnomalyStore({ path: join(dir, 'store.json') });
    await objects.put('exports/aws-logs-write-test', 'Permission Check Successful');
    await objects.put('exports/task-1/app-stream/000000.gz', 'gz-bytes-1');
    await objects.put('exports/task-1/app-stream/000001.gz', 'gz-bytes-2');
    await objects.put('exports/task-1/db-stream/000000.gz', 'gz-bytes-3');
    const done = (await objects.head('exports/task-1/app-stream/000000.gz'))!;
    const doneRun = runIdOf('logs', 'exports/task-1/app-stream/000000.gz', done.etag);
    await store.startRun({ runId: doneRun, bucket: 'logs', key: 'exports/task-1/app-stream/000000.gz', etag: done.etag, source: 'x', status: RUN_STATUS.running, startedAt: '2024-05-01T00:00:00Z' });
    const started: Array<{ name: string; key: string }> = [];
    const sweep = sweepExports({
      bucket: 'logs',
      objects,
      store,
      prefix: 'exports/',
      start: async (name, input) => {
        if (started.some((s) => s.name === name)) return false;
        started.push({ name, key: input.key });
        return true;
      },
      log: { info: () => {}, warn: () => {} },
    });
    // Act
    const first = await sweep();
    const second = await sweep();
    // Assess
    expect(first).toEqual({ seen: 3, started: 2 });
    expect(started.map((s) => s.key).sort()).toEqual(['exports/task-1/app-stream/000001.gz', 'exports/task-1/db-stream/000000.gz']);
    for (const { name, key } of started) expect(name).toBe(runIdOf('logs', key, (await objects.head(key))!.etag));
    // The executions are named after their runs, so a second sweep before they record anything starts nothing new.
    expect(second).toEqual({ seen: 3, started: 0 });
  });
});
