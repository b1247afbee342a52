/** MineChunk: one chunk's records, miner counts and secrets, stored in binary for MergeTemplates. */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { lambdaHandler } from '../lib/lambda.ts';
import { continuesFile, getJson, workKeys, type PipelineDeps, type RunManifest } from '../lib/pipeline.ts';
import type { MineChunkInput, MineChunkOutput } from './types.ts';

/** The handler, bound to its ports. */
export function mineChunkHandler(deps: PipelineDeps) {
  return async ({ run, chunk }: MineChunkInput): Promise<MineChunkOutput> => {
    const manifest = await getJson<RunManifest>(deps.objects, workKeys.manifest(run));
    const dir = await mkdtemp(join(deps.tmpDir, 'mine-'));
    try {
      const file = join(dir, 'chunk.log');
      await deps.objects.download(chunk.key, file, chunk.range);
      const read = {
        layout: manifest.layout ?? undefined,
        firstLine: chunk.firstLine,
        maxLineBytes: deps.config.analysis.max_line_bytes,
        continuesFile: continuesFile(chunk),
      };
      const mined = await deps.chunkMiner.mine(file, { read, redactIps: deps.config.security.redact_ips }, deps.onRead);
      const key = workKeys.mined(run, chunk.index);
      await deps.objects.put(key, mined.bytes, 'application/octet-stream');
      deps.metrics?.count('Lines', mined.lines);
      deps.metrics?.count('Records', mined.records);
      return { index: chunk.index, key, records: mined.records };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

export const handler = lambdaHandler('MineChunk', mineChunkHandler);
