/**
 * WriteReport: the verdicts applied to the anomalies, the summary, anomalies, templates and dashboard written to
 * S3, the anomalies to the table, the source's baseline moved on, the run completed, high-severity anomalies
 * announced. Every write is keyed deterministically, so a retried state writes the same objects and items again.
 */
import { decodeMergedFile, reportAnalysis, summarize } from '../../shared/analysis/index.ts';
import { applyVerdicts, BUILTIN_MODEL, overBudget, unclassified, type ClassificationUsage, type Verdict } from '../../shared/classify/index.ts';
import { LLM_PROVIDERS } from '../../shared/config/index.ts';
import { foldRun } from '../../shared/detection/index.ts';
import { renderDashboard } from '../../shared/report/index.ts';
import type { StoredDetection } from '../detect-anomalies/types.ts';
import { lambdaHandler } from '../lib/lambda.ts';
import { getJson, PREFIXES, putJson, workKeys, type PipelineDeps, type RunManifest } from '../lib/pipeline.ts';
import type { WriteReportInput, WriteReportOutput } from './types.ts';

/** The handler, bound to its ports. */
export function writeReport(deps: PipelineDeps) {
  return async ({ run, detection: ref, verdicts: results }: WriteReportInput): Promise<WriteReportOutput> => {
    const manifest = await getJson<RunManifest>(deps.objects, workKeys.manifest(run));
    const merged = decodeMergedFile(await deps.objects.get(workKeys.merged(run)));
    const detection = await getJson<StoredDetection>(deps.objects, ref.key);
    const provider = deps.llm?.provider ?? LLM_PROVIDERS.builtin;
    const model = deps.llm?.model ?? BUILTIN_MODEL;

    const severityOf = new Map(detection.drafts.map((d) => [d.template_id, d.severity]));
    const verdicts = new Map<string, Verdict>();
    const usages: ClassificationUsage[] = [];
    for (const result of results) {
      if (result.verdictKey) {
        const stored = await getJson<{ verdict: Verdict; usage: ClassificationUsage }>(deps.objects, result.verdictKey);
        verdicts.set(result.templateId, stored.verdict);
        usages.push(stored.usage);
      } else {
        const failure = result.failure ?? { Error: 'Error', Cause: 'no verdict' };
        verdicts.set(result.templateId, unclassified(severityOf.get(result.templateId) ?? 'info', 'provider', 'ClassifyTemplate failed after its retries', failure.Error, failure.Cause, provider, model));
      }
    }
    for (const templateId of detection.overBudget) {
      verdicts.set(templateId, overBudget(severityOf.get(templateId) ?? 'info', deps.config.llm.max_calls, provider, model));
    }
    const anomalies = applyVerdicts(detection.drafts, verdicts);
    const lines = new Map(detection.lines);
    // Chunks cut by PrepareRun were repaired there; an object mined whole was repaired while it was mined.
    const readStats = { ...(manifest.readStats ?? merged.readStats), file: run.key };
    const report = reportAnalysis({ file: run.key, merged, detection, anomalies, lines, physicalLines: readStats.lines });
    const classification = combineUsage(usages, provider, model, results.length + detection.overBudget.length, verdicts);
    const baseline = detection.baseline ?? undefined;
    const summary = summarize(
      { readStats, layout: manifest.layout ?? undefined, records: merged.records, templates: merged.templates, detection, classification, analytics: report.analytics },
      { source: run.source, baseline, detectors: deps.config.detectors },
    );

    const reportPrefix = `${PREFIXES.reports}${run.source}/${run.runId}/`;
    const name = run.key.split('/').pop()!;
    await putJson(deps.objects, `${reportPrefix}${name}.summary.json`, summary);
    await putJson(deps.objects, `${reportPrefix}${name}.anomalies.json`, anomalies);
    await putJson(deps.objects, `${reportPrefix}${name}.templates.json`, report.templateSummaries);
    const dashboard = renderDashboard({ summary, anomalies, templates: report.templateSummaries, generatedAt: deps.now().toISOString() });
    await deps.objects.put(`${reportPrefix}${name}.dashboard.html`, dashboard, 'text/html; charset=utf-8');

    await deps.store.putAnomalies(run, anomalies);
    await deps.store.save(foldRun(baseline, run.source, merged.templates.map((t) => t.id), deps.now()));
    await deps.store.completeRun(run.runId, { lines: readStats.lines, anomalies: anomalies.length, reportPrefix, finishedAt: deps.now().toISOString() });

    const urgent = anomalies.filter((a) => a.classification !== 'normal' && (a.severity === 'high' || a.severity === 'critical'));
    if (deps.alerts && urgent.length > 0) {
      const lines = urgent.slice(0, 20).map((a) => `- [${a.severity}] ${a.template} (${a.count} records, lines ${a.lines[0]?.[0]}…): ${a.reason}`);
      await deps.alerts.publish(`LogAnomaly: ${urgent.length} high-severity anomalies in ${run.key}`.slice(0, 99), [`s3://${run.bucket}/${reportPrefix}`, ...lines].join('\n'));
    }
    deps.metrics?.count('Anomalies', anomalies.length);
    deps.metrics?.count('HighSeverityAnomalies', urgent.length);
    deps.metrics?.count('LlmCalls', classification.calls);
    deps.metrics?.count('LlmCacheHits', classification.cache_hits);
    deps.metrics?.count('LlmFailures', Object.values(classification.failures).reduce((n, k) => n + k, 0));
    deps.log.info('report written', { runId: run.runId, reportPrefix, anomalies: anomalies.length, urgent: urgent.length });
    return { runId: run.runId, reportPrefix, anomalies: anomalies.length };
  };
}

/** One usage for the run from the usages of its ClassifyTemplate invocations. */
function combineUsage(usages: readonly ClassificationUsage[], provider: string, model: string, candidates: number, verdicts: ReadonlyMap<string, Verdict>): ClassificationUsage {
  const failures: Record<string, number> = {};
  for (const verdict of verdicts.values()) if (verdict.failure) failures[verdict.failure.kind] = (failures[verdict.failure.kind] ?? 0) + 1;
  const sum = (pick: (u: ClassificationUsage) => number): number => usages.reduce((total, u) => total + pick(u), 0);
  return {
    provider,
    model,
    candidates,
    calls: sum((u) => u.calls),
    cache_hits: sum((u) => u.cache_hits),
    tokens: { input: sum((u) => u.tokens.input), output: sum((u) => u.tokens.output) },
    failures,
    retries: sum((u) => u.retries),
    seconds: Math.round(sum((u) => u.seconds) * 1000) / 1000,
  };
}

export const handler = lambdaHandler('WriteReport', writeReport);
