import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inThreadChunkMiner } from '../../functions/lib/chunk-miner.ts';
import { WorkerChunkMiner } from '../../functions/lib/worker-chunk-miner.ts';
import type { ReadStats } from '../../shared/reading/index.ts';

const SAMPLE = new URL('../../samples/service.log', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'loganomaly-worker-miner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Class: WorkerChunkMiner', () => {
  it('mines a chunk in a worker thread into the same bytes as mining it in this thread', async () => {
    // Prepare
    const miner = new WorkerChunkMiner({ threads: 1, minBytes: 0 });
    const request = { redactIps: false, read: { firstLine: 1 } };
    // Act
    const [inWorker, inThread] = await Promise.all([miner.mine(SAMPLE, request), inThreadChunkMiner.mine(SAMPLE, request)]);
    // Assess
    expect(inWorker.lines).toBe(3000);
    expect(inWorker.records).toBe(inThread.records);
    expect(Buffer.from(inWorker.bytes).equals(Buffer.from(inThread.bytes))).toBe(true);
  });

  it('mines more chunks than it has threads, all of them, and reports each chunk\'s progress', async () => {
    // Prepare
    const miner = new WorkerChunkMiner({ threads: 2, minBytes: 0 });
    const seen = new Set<string>();
    const files = Array.from({ length: 5 }, (_, i) => {
      const file = join(dir, `chunk-${i}.log`);
      writeFileSync(file, `2024-05-01T12:00:0${i}Z INFO api: request ${i} served in ${i + 1}ms\n`.repeat(100 * (i + 1)));
      return file;
    });
    // Act
    const mined = await Promise.all(files.map((file) => miner.mine(file, {}, (stats: ReadStats) => seen.add(stats.file))));
    // Assess
    expect(mined.map((m) => m.lines)).toEqual([100, 200, 300, 400, 500]);
    expect([...seen].sort()).toEqual([...files].sort());
  });

  it('fails with the error the worker met, by name and message, and mines the next chunk on the same thread', async () => {
    // Prepare
    const miner = new WorkerChunkMiner({ threads: 1, minBytes: 0 });
    const binary = join(dir, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    // Act
    const failure = (await miner.mine(binary, {}).catch((error: unknown) => error)) as Error & { file?: string };
    const next = await miner.mine(SAMPLE, {});
    // Assess
    expect(failure).toMatchObject({ name: 'BinaryFileError', file: binary });
    expect(failure.message).toBe(`${binary}: not a text log (PNG image signature)`);
    expect(next.lines).toBe(3000);
  });

  it('mines a chunk smaller than minBytes in this thread, where a thread would cost more than it saves', async () => {
    // Prepare: a pool that cannot start a thread at all.
    const miner = new WorkerChunkMiner({ threads: 0, minBytes: 1024 * 1024 });
    // Act
    const mined = await miner.mine(SAMPLE, {});
    // Assess
    expect(mined.lines).toBe(3000);
  });
});
