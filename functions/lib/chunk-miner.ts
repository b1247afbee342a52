/**
 * Where MineChunk's work runs. A Lambda mines its one chunk in its own thread: the Map state is the fan-out. A
 * laptop's fan-out is its cores, so a local run mines chunks in worker threads (worker-chunk-miner.ts).
 */
import { encodeChunkMining, mineChunk, type MineChunkOptions } from '../../shared/analysis/index.ts';
import type { ReadStats } from '../../shared/reading/index.ts';

/** How to mine a chunk: plain data, so that it can be posted to a worker thread. */
export type ChunkMiningRequest = Omit<MineChunkOptions, 'onProgress'>;

/** A mined chunk, in the binary form MergeTemplates reads, with the counts the handler reports. */
export interface MinedChunk {
  /** encodeChunkMining's bytes. */
  readonly bytes: Uint8Array;
  /** Physical lines read. */
  readonly lines: number;
  /** Records mined. */
  readonly records: number;
}

/** Mines chunk files. */
export interface ChunkMiner {
  /**
   * Mines one chunk file.
   * @param onProgress - told the chunk's read stats after each batch.
   * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
   */
  mine(file: string, request: ChunkMiningRequest, onProgress?: (stats: ReadStats) => void): Promise<MinedChunk>;
}

/** Mines in the calling thread. */
export const inThreadChunkMiner: ChunkMiner = {
  async mine(file, request, onProgress) {
    const mining = await mineChunk(file, { ...request, onProgress });
    return { bytes: encodeChunkMining(mining), lines: mining.readStats.lines, records: mining.rows.size };
  },
};
