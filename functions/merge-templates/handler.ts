/**
 * MergeTemplates: the chunks' counts merged and Drain run once (the whole file's templates), every record given
 * its template, stored in binary for the states after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeChunkMining, encodeMergedFile, mergeChunks, resolveFromText } from '../../shared/analysis/index.ts';
import type { FileLayout } from '../../shared/parsing/index.ts';
import { lambdaHandler } from '../lib/lambda.ts';
import { getJson, workKeys, type PipelineDeps, type RunManifest } from '../lib/pipeline.ts';
import type { MergeTemplatesInput, MergeTemplatesOutput } from './types.ts';

/** The handler, bound to its ports. */
export function mergeTemplates(deps: PipelineDeps) {
  return async ({ run, chunkResults }: MergeTemplatesInput): Promise<MergeTemplatesOutput> => {
    const ordered = [...chunkResults].sort((a, b) => a.index - b.index);
    const minings = [];
    for (const result of ordered) minings.push(decodeChunkMining(await deps.objects.get(result.key)));
    let merged = mergeChunks(minings, { redactIps: deps.config.security.redact_ips });
    if (merged.unresolved > 0) {
      // Only after a chunk's miner compacted its messages: their records are matched again from the text.
      const manifest = await getJson<RunManifest>(deps.objects, workKeys.manifest(run));
      const dir = await mkdtemp(join(deps.tmpDir, 'merge-'));
      try {
        const files = [];
        for (const chunk of manifest.chunks) {
          const file = join(dir, `${chunk.index}.log`);
          await deps.objects.download(chunk.key, file);
          files.push({ file, read: { layout: manifest.layout as FileLayout, firstLine: chunk.firstLine, maxLineBytes: deps.config.analysis.max_line_bytes } });
        }
        merged = await resolveFromText(merged, files);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const { templateSet: _, ...file } = merged;
    await deps.objects.put(workKeys.merged(run), encodeMergedFile(file), 'application/octet-stream');
    deps.log.info('templates merged', { runId: run.runId, chunks: ordered.length, records: merged.records.size, templates: merged.templates.length });
    return { run, records: merged.records.size, templates: merged.templates.length };
  };
}

export const handler = lambdaHandler('MergeTemplates', mergeTemplates);
