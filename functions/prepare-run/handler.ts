/**
 * PrepareRun: the object named by the event is read, its layout detected, and it is cut into chunks at record
 * starts, written back under the run's work prefix. A run already completed for this object version ends here.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { planChunks, sampleLayout, splitIntoChunks } from '../../shared/analysis/index.ts';
import { sourceKey } from '../../shared/detection/index.ts';
import { InputFormatError } from '../../shared/errors.ts';
import { formatBytes } from '../../shared/report/format.ts';
import { RUN_STATUS } from '../../shared/store/index.ts';
import { lambdaHandler } from '../lib/lambda.ts';
import { PREFIXES, putJson, runIdOf, workKeys, workPrefixOf, type ChunkRef, type PipelineDeps, type RunRef } from '../lib/pipeline.ts';
import type { PrepareRunEvent, PrepareRunOutput } from './types.ts';

/** The handler, bound to its ports. */
export function prepareRun(deps: PipelineDeps) {
  return async (event: PrepareRunEvent): Promise<PrepareRunOutput> => {
    const run = await runOf(event, deps);
    const started = await deps.store.startRun({ ...run, status: RUN_STATUS.running, startedAt: deps.now().toISOString() });
    if (!started) {
      deps.log.info('object already analysed', { runId: run.runId, key: run.key });
      return { run, alreadyAnalysed: true, chunks: [] };
    }
    await checkSize(run.key, deps);
    const dir = await mkdtemp(join(deps.tmpDir, 'prepare-'));
    try {
      const object = join(dir, 'object');
      await deps.objects.download(run.key, object);
      const read = { maxLineBytes: deps.config.analysis.max_line_bytes };
      // The size of the copy just made: no second request for the object's.
      const { size } = await stat(object);
      if (size <= deps.chunkBytes) {
        // One chunk: the object itself, mined where it is, with no copy.
        const chunks: ChunkRef[] = [{ index: 0, key: run.key, firstLine: 1, lines: -1 }];
        await putJson(deps.objects, workKeys.manifest(run), { run, chunks, layout: (await sampleLayout(object, read)) ?? null, readStats: null });
        return { run, alreadyAnalysed: false, chunks };
      }
      // Plain text is cut by byte ranges the chunks are read from in place; anything else is rewritten as chunks.
      const plan = await planChunks(object, deps.chunkBytes, read);
      if (plan) {
        const chunks: ChunkRef[] = plan.chunks.map(({ index, start, end, firstLine, lines }) => ({ index, key: run.key, range: { start, end }, firstLine, lines }));
        await putJson(deps.objects, workKeys.manifest(run), { run, chunks, layout: plan.layout, readStats: null });
        deps.log.info('object cut into chunks', { runId: run.runId, key: run.key, chunks: chunks.length, lines: chunks.reduce((sum, c) => sum + c.lines, 0) });
        return { run, alreadyAnalysed: false, chunks };
      }
      // Each chunk is uploaded and deleted once cut: /tmp holds the object and one chunk, not all of its text. The
      // limit is on the text, which gzip may have inflated many times over.
      const chunks: ChunkRef[] = [];
      let textBytes = 0;
      const split = await splitIntoChunks(object, dir, deps.chunkBytes, read, async (chunk) => {
        textBytes += chunk.bytes;
        if (deps.maxObjectBytes !== undefined && textBytes > deps.maxObjectBytes) {
          throw tooLarge(run.key, `its text inflates to more than ${formatBytes(deps.maxObjectBytes)}`);
        }
        const key = workKeys.chunk(run, chunk.index);
        await deps.objects.upload(chunk.path, key, 'text/plain');
        await rm(chunk.path);
        chunks.push({ index: chunk.index, key, firstLine: chunk.firstLine, lines: chunk.lines });
      });
      await putJson(deps.objects, workKeys.manifest(run), { run, chunks, layout: split.layout ?? null, readStats: { ...split.readStats, file: run.key } });
      deps.log.info('object cut into chunks', { runId: run.runId, key: run.key, chunks: chunks.length, lines: split.readStats.lines });
      return { run, alreadyAnalysed: false, chunks };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

/**
 * Refuses an object larger than a run takes, before copying it.
 * @throws InputFormatError naming the object, its size and the limit; Error when the object does not exist.
 */
async function checkSize(key: string, deps: PipelineDeps): Promise<void> {
  const limit = deps.maxObjectBytes;
  if (limit === undefined) return;
  const head = await deps.objects.head(key);
  if (!head) throw new Error(`${key} does not exist`);
  if (head.size > limit) throw tooLarge(key, `${formatBytes(head.size)} is more than ${formatBytes(limit)}`);
}

/** The error of an object larger than a run takes: `why`, and what the limit is for and where it is set. */
function tooLarge(key: string, why: string): InputFormatError {
  return new InputFormatError(
    key,
    `${why}, the most a run takes here (maxObjectBytes in infra/config.ts, which sizes PrepareRun's /tmp and the memory of the functions that hold every record); split the log, or raise the limit and deploy`,
  );
}

/** The run of the object an event names: from an EventBridge "Object Created" event, or `{ bucket, key }`. */
export async function runOf(event: PrepareRunEvent, deps: Pick<PipelineDeps, 'objects'>): Promise<RunRef> {
  const bucket = 'detail' in event ? event.detail.bucket.name : event.bucket;
  const key = 'detail' in event ? event.detail.object.key : event.key;
  let etag = 'detail' in event ? event.detail.object.etag : event.etag;
  if (etag === undefined) {
    const head = await deps.objects.head(key);
    if (!head) throw new Error(`s3://${bucket}/${key} does not exist`);
    etag = head.etag;
  }
  const runId = runIdOf(bucket, key, etag);
  const name = key.startsWith(PREFIXES.incoming) ? key.slice(PREFIXES.incoming.length) : key;
  return { runId, bucket, key, etag: etag.replaceAll('"', ''), source: sourceKey(name), workPrefix: workPrefixOf(runId) };
}

export const handler = lambdaHandler('PrepareRun', prepareRun);
