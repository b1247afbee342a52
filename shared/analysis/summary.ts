/** The summary written for each analysed file: its analytics plus how it was read and judged. */
import type { ClassificationUsage } from '../classify/index.ts';
import type { DetectorsConfig } from '../config/index.ts';
import type { Baseline } from '../detection/index.ts';
import type { FileAnalytics } from '../analytics/index.ts';
import type { FileAnalysis, SecuritySection } from './analyze-file.ts';
import { round } from '../detection/format.ts';

/** Version of the summary's shape; bumped when a field changes meaning or goes away. */
export const SUMMARY_SCHEMA_VERSION = 1;

/** The `<name>.summary.json` of one file. */
export type FileSummary = FileAnalytics<SecuritySection> & {
  readonly schema_version: number;
  /** The source the file belongs to (its baseline key). */
  readonly source: string;
  readonly format: { readonly format: string | null; readonly description: string | null; readonly assumed_zone: string | null };
  /** What reading had to repair; nothing is changed silently. */
  readonly reading: {
    readonly gzip: boolean;
    readonly bytes: number;
    readonly invalid_utf8_lines: number;
    readonly first_invalid_utf8_line: number | null;
    readonly truncated_lines: number;
    readonly first_truncated_line: number | null;
    readonly nul_bytes: number;
  };
  /** Whether earlier runs of the source were compared with. */
  readonly baseline: { readonly present: boolean; readonly runs: number; readonly updated_at: string | null; readonly note: string };
  /** Flood spans found, with their lines. */
  readonly floods: ReadonlyArray<{ readonly template_id: string; readonly first_line: number; readonly last_line: number; readonly count: number; readonly peak_share: number }>;
  /** The detector settings used. */
  readonly detectors: DetectorsConfig;
  /** Who classified the anomalies and what it cost: calls, cache hits, tokens, failures by kind, time. */
  readonly llm: ClassificationUsage;
};

/** What a summary is built from: a whole analysis, or the pieces a Lambda has. */
export type SummaryInput = Pick<FileAnalysis, 'readStats' | 'layout' | 'records' | 'templates' | 'analytics' | 'classification'> & {
  readonly detection: Pick<FileAnalysis['detection'], 'floods'>;
};

/** Builds a file's summary. */
export function summarize(analysis: SummaryInput, context: { source: string; baseline: Baseline | undefined; detectors: DetectorsConfig }): FileSummary {
  const { readStats: r, layout, records, templates, detection } = analysis;
  return {
    schema_version: SUMMARY_SCHEMA_VERSION,
    ...analysis.analytics,
    source: context.source,
    format: { format: layout?.format ?? null, description: layout?.description ?? null, assumed_zone: layout?.assumedZone ?? null },
    reading: {
      gzip: r.gzip,
      bytes: r.bytes,
      invalid_utf8_lines: r.invalidUtf8Lines,
      first_invalid_utf8_line: r.firstInvalidUtf8Line ?? null,
      truncated_lines: r.truncatedLines,
      first_truncated_line: r.firstTruncatedLine ?? null,
      nul_bytes: r.nulBytes,
    },
    baseline: context.baseline
      ? { present: true, runs: context.baseline.runs, updated_at: context.baseline.updatedAt, note: `compared with ${context.baseline.runs} earlier run(s) of ${context.source}` }
      : { present: false, runs: 0, updated_at: null, note: `first run of ${context.source}: no baseline yet, so new templates were judged within the file` },
    floods: detection.floods.map((f) => ({
      template_id: templates[f.template]!.id,
      first_line: records.line[f.firstRecord]!,
      last_line: records.line[f.lastRecord]! + records.lineCount[f.lastRecord]! - 1,
      count: f.count,
      peak_share: round(f.peakShare),
    })),
    detectors: context.detectors,
    llm: analysis.classification,
  };
}
