/** Input and output of MergeTemplates. */
import type { MineChunkOutput } from '../mine-chunk/types.ts';
import type { RunRef } from '../lib/pipeline.ts';

export interface MergeTemplatesInput {
  readonly run: RunRef;
  readonly chunkResults: readonly MineChunkOutput[];
}

export interface MergeTemplatesOutput {
  readonly run: RunRef;
  readonly records: number;
  readonly templates: number;
}
