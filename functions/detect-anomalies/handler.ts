/**
 * DetectAnomalies: every detector over the merged records, the representative lines read back from the chunks,
 * and one candidate per anomalous template for ClassifyTemplates (at most `llm.max_calls` of them for a model;
 * the rest stay unclassified: budget).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeMergedFile, detectMerged, draftAnomalies, fetchLines, indicatorsOf, wantedLines } from '../../shared/analysis/index.ts';
import { candidatesOf } from '../../shared/classify/index.ts';
import { lambdaHandler } from '../lib/lambda.ts';
import { chunkHolds, continuesFile, getJson, putJson, workKeys, type PipelineDeps, type RunManifest } from '../lib/pipeline.ts';
import type { DetectAnomaliesInput, DetectAnomaliesOutput, StoredDetection } from './types.ts';

/** The handler, bound to its ports. */
export function detectAnomaliesHandler(deps: PipelineDeps) {
  return async ({ run }: DetectAnomaliesInput): Promise<DetectAnomaliesOutput> => {
    const manifest = await getJson<RunManifest>(deps.objects, workKeys.manifest(run));
    const merged = decodeMergedFile(await deps.objects.get(workKeys.merged(run)));
    const baseline = await deps.store.load(run.source);
    const detection = detectMerged(run.key, merged, deps.config.detectors, baseline && new Set(baseline.templateIds));
    const wanted = [...wantedLines(merged, detection)];
    const lines = new Map<number, string>();
    const dir = await mkdtemp(join(deps.tmpDir, 'detect-'));
    try {
      // Only the chunks that hold a wanted line are fetched, one at a time: /tmp holds a chunk, not the object.
      for (const chunk of manifest.chunks) {
        const inChunk = new Set(wanted.filter((line) => chunkHolds(chunk, line)));
        if (inChunk.size === 0) continue;
        const file = join(dir, `${chunk.index}.log`);
        await deps.objects.download(chunk.key, file, chunk.range);
        const chunkFile = { file, firstLine: chunk.firstLine, continuesFile: continuesFile(chunk) };
        const fetched = await fetchLines(chunkFile, inChunk, { maxLineBytes: deps.config.analysis.max_line_bytes }, deps.config.security.redact_ips);
        for (const [line, text] of fetched) lines.set(line, text);
        await rm(file);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const drafts = draftAnomalies(detection, lines);
    const all = candidatesOf(drafts, indicatorsOf(merged, detection));
    // A model is asked at most llm.max_calls times a run; the built-in rules cost nothing.
    const candidates = deps.llm ? all.slice(0, deps.config.llm.max_calls) : all;
    const stored: StoredDetection = {
      drafts,
      lines: [...lines],
      templateSeverities: detection.templateSeverities,
      floods: detection.floods,
      baseline: baseline ?? null,
      overBudget: all.slice(candidates.length).map((c) => c.templateId),
    };
    await putJson(deps.objects, workKeys.detection(run), stored);
    // Each record's score, for the per-line verdicts a local run can write (`--emit-lines`).
    const scores = detection.recordScores;
    await deps.objects.put(workKeys.scores(run), new Uint8Array(scores.buffer, scores.byteOffset, scores.byteLength), 'application/octet-stream');
    const refs = [];
    for (const candidate of candidates) {
      const key = workKeys.candidate(run, candidate.templateId);
      await putJson(deps.objects, key, candidate);
      refs.push({ templateId: candidate.templateId, key });
    }
    deps.log.info('anomalies detected', { runId: run.runId, anomalies: drafts.length, candidates: refs.length });
    return { run, detection: { key: workKeys.detection(run), anomalies: drafts.length }, candidates: refs };
  };
}

export const handler = lambdaHandler('DetectAnomalies', detectAnomaliesHandler);
