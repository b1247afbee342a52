/** Input and output of MineChunk. */
import type { ChunkRef, RunRef } from '../lib/pipeline.ts';

/** One item of the MineChunks map. */
export interface MineChunkInput {
  readonly run: RunRef;
  readonly chunk: ChunkRef;
}

/** Where the chunk's mining was stored. */
export interface MineChunkOutput {
  readonly index: number;
  readonly key: string;
  readonly records: number;
}
