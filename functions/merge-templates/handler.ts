/**
 * MergeTemplates: the chunks' counts merged and Drain run once (the whole file's templates), every record given
 * its template, stored in binary for the states after it.
 */
import { decodeChunkMining, encodeMergedFile, mergeChunks } from '../../shared/analysis/index.ts';
import { lambdaHandler } from '../lib/lambda.ts';
import { workKeys, type PipelineDeps } from '../lib/pipeline.ts';
import type { MergeTemplatesInput, MergeTemplatesOutput } from './types.ts';

/** The handler, bound to its ports. */
export function mergeTemplates(deps: PipelineDeps) {
  return async ({ run, chunkResults }: MergeTemplatesInput): Promise<MergeTemplatesOutput> => {
    const ordered = [...chunkResults].sort((a, b) => a.index - b.index);
    const minings = [];
    for (const result of ordered) minings.push(decodeChunkMining(await deps.objects.get(result.key)));
    const merged = mergeChunks(minings, { redactIps: deps.config.security.redact_ips });
    await deps.objects.put(workKeys.merged(run), encodeMergedFile(merged), 'application/octet-stream');
    deps.log.info('templates merged', { runId: run.runId, chunks: ordered.length, records: merged.records.size, templates: merged.templates.length });
    return { run, records: merged.records.size, templates: merged.templates.length };
  };
}

export const handler = lambdaHandler('MergeTemplates', mergeTemplates);
