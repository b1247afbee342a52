/**
 * The bundled sample log's outputs, as `analyze` writes them (through JSON, as the files hold them), for the
 * report tests; and one anomaly whose lines are hostile.
 */
import { join } from 'node:path';
import { analyzeFile, summarize } from '../../shared/analysis/index.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../../shared/config/index.ts';
import type { AnomalyRecord } from '../../shared/detection/index.ts';
import type { DashboardInput } from '../../shared/report/index.ts';

/** The repository's samples/service.log. */
export const SAMPLE_LOG = join(import.meta.dirname, '../../samples/service.log');

/** A log line written to break out of HTML and of a script element, with the line separators JSON leaves raw. */
export const HOSTILE_LINE = '<img src=x onerror=alert(1)> </script><script>alert(2)</script> <!-- \u2028\u2029 & "quoted" \'single\'';

let sample: Promise<DashboardInput> | undefined;

/** The dashboard input of samples/service.log, read back from JSON as the output files would be (analysed once per test file). */
export function sampleDashboardInput(): Promise<DashboardInput> {
  sample ??= (async () => {
    const analysis = await analyzeFile(SAMPLE_LOG);
    const summary = summarize(analysis, { source: 'service.log', baseline: undefined, detectors: DEFAULT_ANALYSIS_CONFIG.detectors });
    return JSON.parse(JSON.stringify({ summary, anomalies: analysis.anomalies, templates: analysis.templateSummaries, generatedAt: '2024-05-02T08:00:00.000Z' })) as DashboardInput;
  })();
  return sample;
}

/** An anomaly whose template, line, reason, component and tag all carry HOSTILE_LINE. */
export function hostileAnomaly(like: AnomalyRecord): AnomalyRecord {
  return {
    ...like,
    id: 'hostile0000000000000000',
    kind: 'template',
    template: `user agent ${HOSTILE_LINE}`,
    log: HOSTILE_LINE,
    reason: `reason ${HOSTILE_LINE}`,
    component: '<b>component</b>',
    tags: ['<i>tag</i>'],
    severity: 'low',
    detectors: [{ detector: 'rare', score: 0.5, explanation: `explained ${HOSTILE_LINE}`, observed: 1, expected: 3 }],
  };
}
