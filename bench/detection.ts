/**
 * The detection benchmark: `analyze` (no LLM, default configuration) over the labelled scenario logs of
 * bench/anomaly-scenarios.ts, scored by line: precision, recall and F1 per anomaly kind and overall.
 */
import { analyzeFile, lineVerdicts } from '../shared/analysis/index.ts';
import { generateScenarios } from './anomaly-scenarios.ts';
import { scoreScenario, summarizeDetection, type ScenarioScore } from './score-detection.ts';

/** What we aim for; a miss is reported, never thrown. */
const TARGETS = { overallF1: 0.9, kindF1: 0.8 } as const;

/**
 * Runs the benchmark.
 * @param progress - where progress lines go.
 */
export async function benchDetection(progress: (message: string) => void): Promise<object> {
  const scenarios = await generateScenarios();
  const results: ScenarioScore[] = [];
  for (const scenario of scenarios) {
    const analysis = await analyzeFile(scenario.file);
    // Element line - 1 flags a line, as the scorer reads them.
    const flags = new Uint8Array(scenario.lineCount);
    for (const verdict of lineVerdicts(analysis.records, analysis.templates, analysis.detection.recordScores)) if (verdict.anomaly) flags[verdict.line - 1] = 1;
    const result = scoreScenario(scenario, flags);
    results.push(result);
    progress(`detection: ${scenario.name}: P ${result.score.precision.toFixed(3)} R ${result.score.recall.toFixed(3)} F1 ${result.score.f1.toFixed(3)} (${analysis.anomalies.length} anomalies)`);
  }
  const summary = summarizeDetection(results);
  const kindF1s = Object.values(summary.byKind).map((row) => row.f1);
  return {
    ...summary,
    scenarios: results.map((r) => ({ name: r.name, kind: r.kind, lines: r.lineCount, ...r.score })),
    targets: TARGETS,
    pass: { overallF1: summary.overall.f1 >= TARGETS.overallF1, everyKindF1: kindF1s.every((f1) => f1 >= TARGETS.kindF1) },
  };
}
