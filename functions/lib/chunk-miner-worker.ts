/**
 * The worker thread of worker-chunk-miner.ts: mines the chunks it is posted, one at a time, and posts back the read
 * stats as it goes, then the mined chunk (its bytes transferred, not copied) or the error, by name.
 */
import { parentPort } from 'node:worker_threads';
import type { ReadStats } from '../../shared/reading/index.ts';
import { inThreadChunkMiner, type ChunkMiningRequest, type MinedChunk } from './chunk-miner.ts';

/** What the pool posts. */
export interface ChunkMinerTask {
  readonly file: string;
  readonly request: ChunkMiningRequest;
}

/** What the worker posts back. */
export type ChunkMinerReply =
  | { readonly type: 'progress'; readonly stats: ReadStats }
  | { readonly type: 'done'; readonly chunk: MinedChunk }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly fields: Record<string, unknown> };

const port = parentPort!;
port.on('message', async ({ file, request }: ChunkMinerTask) => {
  const post = (reply: ChunkMinerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(reply, transfer);
  try {
    const chunk = await inThreadChunkMiner.mine(file, request, (stats) => post({ type: 'progress', stats }));
    post({ type: 'done', chunk }, [chunk.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    // A class does not cross threads; its name and fields do, and names are what Step Functions matches on.
    const { name, message, stack: _, ...fields } = { ...e, name: e.name, message: e.message };
    post({ type: 'failed', name, message, fields });
  }
});
