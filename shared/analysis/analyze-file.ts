/**
 * Analysis of one log file, as a sequence of stages the state machine runs as separate Lambdas and a local run
 * runs in one process:
 *
 * 1. mineChunk: one streaming pass reads the records, counts their masked messages, scans them for secrets and
 *    keeps each record as a row of columns (about 40 bytes a record, whatever its length).
 * 2. mergeChunks: the templates are built once every message has been seen, and each row gets its template.
 * 3. detectAnomalies: the detectors run over the columns.
 * 4. fetchLines + draftAnomalies: the anomalies' representative lines are read back, redacted.
 * 5. classifyAnomalies: one workflow run per unique template (the built-in rules unless a model is given).
 * 6. reportAnalysis: the template table and the analytics.
 */
import { classifyAnomalies, type ClassificationUsage, type ClassifyOptions } from '../classify/index.ts';
import { DEFAULT_ANALYSIS_CONFIG, type DetectorsConfig } from '../config/index.ts';
import type { TemplateMinerOptions } from '../mining/index.ts';
import type { FileLayout, ReadRecordsOptions } from '../parsing/index.ts';
import { readLineBatches, type ReadStats } from '../reading/index.ts';
import { redactSecrets, type SecuritySummary } from '../security/index.ts';
import { computeAnalytics, type FileAnalytics } from '../analytics/index.ts';
import { detectAnomalies, type Detection } from '../detection/detect.ts';
import type { RecordColumns } from '../detection/record-table.ts';
import type { AnomalyRecord, Severity } from '../detection/types.ts';
import { mineChunk } from './chunk.ts';
import { mergeChunks, type FileTemplate, type MergedFile } from './merge.ts';
import { isoOrNull, round } from '../detection/format.ts';

/** Options of {@link analyzeFile}. */
export interface AnalyzeFileOptions {
  /** Reading and parsing. */
  read?: ReadRecordsOptions;
  /** Template mining. */
  mining?: TemplateMinerOptions;
  /**
   * The detectors: the `detectors` section of the configuration.
   * @default DEFAULT_ANALYSIS_CONFIG.detectors
   */
  detectors?: DetectorsConfig;
  /**
   * Template ids seen by earlier runs of the same source.
   * @default - no baseline: new templates are judged within the file
   */
  knownTemplateIds?: ReadonlySet<string>;
  /**
   * Whether IP addresses are redacted from the lines written out, and counted as findings.
   * @default false
   */
  redactIps?: boolean;
  /**
   * How the anomalies are classified: the model, its retry policy and the verdict cache.
   * @default - the built-in rules, with the default `llm` and `workflow.steps` settings
   */
  classify?: ClassifyOptions;
  /** Called after each batch of the first pass with the bytes and lines read so far. */
  onProgress?: (stats: ReadStats) => void;
}

/** One template as the reports show it: how often, when, how bad, and an example line. */
export interface TemplateSummary {
  readonly template_id: string;
  readonly template: string;
  readonly count: number;
  /** Share of the file's records. */
  readonly ratio: number;
  readonly severity: Severity;
  readonly first_seen: string | null;
  readonly last_seen: string | null;
  /** Line of the first record, and that line (redacted). */
  readonly example_line: number;
  readonly example: string;
}

/** The security section of a summary: counts and line numbers by kind, never a secret. */
export interface SecuritySection {
  readonly total_findings: number;
  readonly by_kind: Readonly<Record<string, { readonly count: number; readonly lines: readonly number[]; readonly lines_truncated: boolean }>>;
}

/** Everything known about an analysed file. */
export interface FileAnalysis {
  readonly file: string;
  /** The detected layout; undefined for an empty file. */
  readonly layout: FileLayout | undefined;
  /** What reading saw and repaired. */
  readonly readStats: ReadStats;
  readonly records: RecordColumns;
  readonly templates: readonly FileTemplate[];
  readonly detection: Detection;
  /** The anomalies, most certain first, with redacted representative lines and their verdicts. */
  readonly anomalies: AnomalyRecord[];
  /** Every template with a record in the file, most frequent first. */
  readonly templateSummaries: TemplateSummary[];
  /** What classifying the anomalies cost, and who gave the verdicts. */
  readonly classification: ClassificationUsage;
  readonly analytics: FileAnalytics<SecuritySection>;
}

/**
 * Analyses one log file in one process.
 * @throws InputFormatError (or BinaryFileError) naming the file (and line) when it cannot be read as text.
 * @example const { anomalies, analytics } = await analyzeFile('app.log');
 */
export async function analyzeFile(file: string, options: AnalyzeFileOptions = {}): Promise<FileAnalysis> {
  const redactIps = options.redactIps ?? false;
  const mining = await mineChunk(file, { read: options.read, mining: options.mining, redactIps, onProgress: options.onProgress });
  const merged = mergeChunks([mining], { mining: options.mining, redactIps });
  const detection = detectMerged(file, merged, options.detectors, options.knownTemplateIds);
  const lines = await fetchLines({ file, firstLine: 1 }, wantedLines(merged, detection), options.read, redactIps);
  const drafts = draftAnomalies(detection, lines);
  const classify = options.classify ?? { llm: DEFAULT_ANALYSIS_CONFIG.llm, steps: DEFAULT_ANALYSIS_CONFIG.workflow.steps };
  const { anomalies, usage } = await classifyAnomalies(drafts, { ...classify, indicatorsOf: indicatorsOf(merged, detection) });
  const report = reportAnalysis({ file, merged, detection, anomalies, lines, physicalLines: mining.readStats.lines });
  return { file, layout: mining.layout, readStats: mining.readStats, records: merged.records, templates: merged.templates, detection, anomalies, classification: usage, ...report };
}

/** Stage 3: every detector over the merged records. */
export function detectMerged(sourceFile: string, merged: MergedFile, detectors?: DetectorsConfig, knownTemplateIds?: ReadonlySet<string>): Detection {
  const { records, templates, components, secretKinds } = merged;
  return detectAnomalies({ sourceFile, records, templates, components, knownTemplateIds, secretKinds }, detectors);
}

/** The lines the reports show: each anomaly's representative and each template's first record. */
export function wantedLines(merged: MergedFile, detection: Detection): Set<number> {
  const wanted = new Set(detection.anomalies.map((a) => a.log_line));
  // The same first lines reportAnalysis shows as each template's example.
  for (const line of templateTimes(merged.records, merged.templates.length).firstLine) if (line > 0) wanted.add(line);
  return wanted;
}

/**
 * Stage 4: the wanted physical lines of a file, or of one chunk of it, redacted.
 * @param source - the file, the number of its first line, and whether it continues a file (a chunk's byte range).
 */
export async function fetchLines(
  source: { file: string; firstLine: number; continuesFile?: boolean },
  wanted: ReadonlySet<number>,
  read: ReadRecordsOptions = {},
  redactIps = false,
): Promise<Map<number, string>> {
  const lines = new Map<number, string>();
  const { file, firstLine, continuesFile } = source;
  // The file is read up to its last wanted line, not to its end.
  let last = -1;
  for (const line of wanted) if (line >= firstLine && line > last) last = line;
  if (last < 0) return lines;
  let lineNumber = firstLine - 1;
  for await (const batch of readLineBatches(file, { ...read, continuesFile })) {
    for (const text of batch) {
      lineNumber++;
      if (wanted.has(lineNumber)) lines.set(lineNumber, redactSecrets(text, { redactIps }).text);
    }
    if (lineNumber >= last) break;
  }
  return lines;
}

/** The anomaly records of a detection, each with its representative line. */
export function draftAnomalies(detection: Detection, lines: ReadonlyMap<number, string>): AnomalyRecord[] {
  return detection.anomalies.map((draft) => ({ ...draft, log: lines.get(draft.log_line) ?? '' }));
}

/** The error indicators of each template, by id, for the classifier's context. */
export function indicatorsOf(merged: MergedFile, detection: Detection): (templateId: string) => readonly string[] {
  const byId = new Map(merged.templates.map((t, i) => [t.id, detection.templateIndicators[i]!]));
  return (id) => byId.get(id) ?? [];
}

/** What the reports need once the anomalies are classified. */
export interface ReportInput {
  readonly file: string;
  readonly merged: MergedFile;
  readonly detection: Pick<Detection, 'templateSeverities'>;
  readonly anomalies: readonly AnomalyRecord[];
  /** The lines fetched in stage 4. */
  readonly lines: ReadonlyMap<number, string>;
  /** Physical lines of the file. @default - the records' last line */
  readonly physicalLines?: number;
}

/** Stage 6: the template table and the analytics. */
export function reportAnalysis(input: ReportInput): { templateSummaries: TemplateSummary[]; analytics: FileAnalytics<SecuritySection> } {
  const { merged, detection, lines } = input;
  const { records, templates } = merged;
  const seen = templateTimes(records, templates.length);
  const templateSummaries: TemplateSummary[] = templates
    .map((t, i) => ({
      template_id: t.id,
      template: t.text,
      count: seen.count[i]!,
      ratio: records.size === 0 ? 0 : round(seen.count[i]! / records.size, 6),
      severity: detection.templateSeverities[i]!,
      first_seen: isoOrNull(seen.firstMs[i]!),
      last_seen: isoOrNull(seen.lastMs[i]!),
      example_line: seen.firstLine[i]!,
      example: lines.get(seen.firstLine[i]!) ?? '',
    }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : 1));
  const last = records.size === 0 ? 0 : records.line[records.size - 1]! + records.lineCount[records.size - 1]! - 1;
  const analytics = computeAnalytics({
    filename: input.file,
    physicalLines: input.physicalLines ?? last,
    records,
    templates,
    templateSeverities: detection.templateSeverities,
    components: merged.components,
    anomalies: input.anomalies,
    security: securitySection(merged.security),
  });
  return { templateSummaries, analytics };
}

/** Per template: records, first and last time, and the line of its first record (0 when it has none). */
function templateTimes(records: RecordColumns, templateCount: number) {
  const count = new Int32Array(templateCount);
  const firstMs = new Float64Array(templateCount).fill(Infinity);
  const lastMs = new Float64Array(templateCount).fill(-Infinity);
  const firstLine = new Array<number>(templateCount).fill(0);
  for (let i = 0; i < records.size; i++) {
    const t = records.template[i]!;
    if (count[t]!++ === 0) firstLine[t] = records.line[i]!;
    const ms = records.timestampMs[i]!;
    if (ms < firstMs[t]!) firstMs[t] = ms;
    if (ms > lastMs[t]!) lastMs[t] = ms;
  }
  return { count, firstMs, lastMs, firstLine };
}

function securitySection(summary: SecuritySummary): SecuritySection {
  return {
    total_findings: summary.total,
    by_kind: Object.fromEntries(
      Object.entries(summary.byKind).map(([kind, entry]) => [kind, { count: entry!.count, lines: entry!.lines, lines_truncated: entry!.linesTruncated }]),
    ),
  };
}

/**
 * One verdict per physical line, in order: the line's record's template, whether a reported anomaly involves it,
 * and that anomaly's score.
 */
export function* lineVerdicts(
  records: RecordColumns,
  templates: readonly FileTemplate[],
  recordScores: Float32Array,
): Generator<{ line: number; templateId: string; anomaly: boolean; score: number }> {
  for (let i = 0; i < records.size; i++) {
    const score = round(recordScores[i]!);
    const templateId = templates[records.template[i]!]!.id;
    for (let k = 0; k < records.lineCount[i]!; k++) yield { line: records.line[i]! + k, templateId, anomaly: score > 0, score };
  }
}
