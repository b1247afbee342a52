/**
 * Analysis of one log file: records and templates, every detector, analytics and security findings.
 *
 * 1. One streaming pass reads the records, counts their masked messages for the miner, scans them for secrets and
 *    stores each record as a row of columns (hash, line, time, level, component, first numbers), about 40 bytes
 *    a record.
 * 2. The templates are built once every message has been seen, and each row's hash is resolved to its template.
 *    (When the miner had to compact its messages to bound memory, a second pass matches the rows it left.)
 * 3. The detectors run over the columns.
 * 4. A last pass over the raw lines fetches the anomalies' representative lines, redacted.
 * 5. The anomalies are classified, one workflow run per unique template (the built-in rules unless a model is
 *    given), and the analytics are computed.
 */
import { hashString, TemplateMiner, type TemplateMinerOptions } from '../mining/index.ts';
import { hashMaskedMessage } from '../mining/masking.ts';
import { readRecords, type FileLayout, type ReadRecordsOptions } from '../parsing/index.ts';
import { createReadStats, readLineBatches, type ReadStats } from '../reading/index.ts';
import { redactSecrets, SECRET_KINDS, SecurityScanner, type SecuritySummary } from '../security/index.ts';
import { computeAnalytics, type FileAnalytics } from '../analytics/index.ts';
import { classifyAnomalies, type ClassificationUsage, type ClassifyOptions } from '../classify/index.ts';
import { DEFAULT_ANALYSIS_CONFIG, type DetectorsConfig } from '../config/index.ts';
import { detectAnomalies, type Detection } from '../detection/detect.ts';
import { RecordTableBuilder, type RecordColumns } from '../detection/record-table.ts';
import type { AnomalyRecord, Severity } from '../detection/types.ts';

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

/** One template of the file. */
export interface FileTemplate {
  readonly id: string;
  readonly text: string;
  readonly count: number;
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
  /** The anomalies, most certain first, with redacted representative lines. */
  readonly anomalies: AnomalyRecord[];
  /** Every template with a record in the file, most frequent first. */
  readonly templateSummaries: TemplateSummary[];
  /** What classifying the anomalies cost, and who gave the verdicts. */
  readonly classification: ClassificationUsage;
  readonly analytics: FileAnalytics<SecuritySection>;
}

/**
 * Analyses one log file.
 * @throws InputFormatError (or BinaryFileError) naming the file (and line) when it cannot be read as text.
 * @example const { anomalies, analytics } = await analyzeFile('app.log');
 */
export async function analyzeFile(file: string, options: AnalyzeFileOptions = {}): Promise<FileAnalysis> {
  const readStats = createReadStats(file);
  const { layout, table, miner, scanner, secretKinds } = await readIntoColumns(file, options, readStats);
  const templateSet = miner.build();
  // A secret the masking did not see as a variable (an access key id logged by the same line every time) would
  // otherwise live on in the template text, which every output shows and the classifier is sent; the id stays the
  // hash of the mined text.
  const templates: FileTemplate[] = templateSet.templates.map(({ id, text, count }) => ({ id, text: redactSecrets(text, { redactIps: options.redactIps ?? false }).text, count }));
  const indexOfId = new Map(templates.map((t, i) => [t.id, i]));
  const templateOfHash = new Map<number, number>();
  for (const [key] of miner.snapshot().messages) templateOfHash.set(hashString(key), indexOfId.get(templateSet.match(key).template.id) ?? -1);
  let records = table.finish((hash) => templateOfHash.get(hash) ?? -1);
  if (records.template.includes(-1)) records = await matchUnresolved(file, options, records, templateSet, templates, indexOfId);

  const detection = detectAnomalies(
    { sourceFile: file, records, templates, components: table.components, knownTemplateIds: options.knownTemplateIds, secretKinds },
    options.detectors,
  );
  const seen = templateTimes(records, templates.length);
  const lines = await fetchLines(file, options, new Set([...detection.anomalies.map((a) => a.log_line), ...seen.firstLine.filter((l) => l > 0)]));
  const drafts: AnomalyRecord[] = detection.anomalies.map(({ representativeRecord: _, ...draft }) => ({ ...draft, log: lines.get(draft.log_line) ?? '' }));
  const indicators = new Map(templates.map((t, i) => [t.id, detection.templateIndicators[i]!]));
  const classifyOptions = options.classify ?? { llm: DEFAULT_ANALYSIS_CONFIG.llm, steps: DEFAULT_ANALYSIS_CONFIG.workflow.steps };
  const { anomalies, usage: classification } = await classifyAnomalies(drafts, { ...classifyOptions, indicatorsOf: (id) => indicators.get(id) ?? [] });
  const templateSummaries: TemplateSummary[] = templates
    .map((t, i) => ({
      template_id: t.id,
      template: t.text,
      count: seen.count[i]!,
      ratio: records.size === 0 ? 0 : Math.round((seen.count[i]! / records.size) * 1e6) / 1e6,
      severity: detection.templateSeverities[i]!,
      first_seen: isoOrNull(seen.firstMs[i]!),
      last_seen: isoOrNull(seen.lastMs[i]!),
      example_line: seen.firstLine[i]!,
      example: lines.get(seen.firstLine[i]!) ?? '',
    }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : 1));
  const analytics = computeAnalytics({
    filename: file,
    physicalLines: readStats.lines,
    records,
    templates,
    templateSeverities: detection.templateSeverities,
    components: table.components,
    anomalies,
    security: securitySection(scanner.summary()),
  });
  return { file, layout, readStats, records, templates, detection, anomalies, templateSummaries, classification, analytics };
}

/**
 * Kinds that are personal data rather than credentials: redacted and counted in the security section, but a log
 * that names its users' e-mail addresses is not, line by line, an anomaly.
 */
const PERSONAL_DATA: ReadonlySet<string> = new Set([SECRET_KINDS.email, SECRET_KINDS.ipAddress]);

/** Pass 1: records into columns, messages into the miner, secrets into the scanner. */
async function readIntoColumns(file: string, options: AnalyzeFileOptions, stats: ReadStats) {
  const miner = new TemplateMiner(options.mining);
  const table = new RecordTableBuilder();
  const scanner = new SecurityScanner({ redactIps: options.redactIps ?? false });
  const secretKinds = new Map<number, string[]>();
  const stream = readRecords(file, options.read, stats);
  for await (const batch of stream.batches) {
    for (const record of batch) {
      miner.add(record.message);
      const text = record.continuation === '' ? record.message : `${record.message}\n${record.continuation}`;
      const credentials = scanner.add(record.line, text).filter((f) => !PERSONAL_DATA.has(f.kind));
      if (credentials.length > 0) secretKinds.set(table.size, [...new Set(credentials.map((f) => f.kind))]);
      table.add(hashMaskedMessage(record.message), record.line, record.lineCount, record.timestampMs, record.level, record.component, record.message);
    }
    options.onProgress?.(stats);
  }
  return { layout: stream.layout(), table, miner, scanner, secretKinds };
}

/**
 * Pass 2, only after the miner compacted: the rows whose message was folded into a template are matched again
 * from their text. A template the set never saw (impossible unless compaction merged across it) is appended.
 */
async function matchUnresolved(
  file: string,
  options: AnalyzeFileOptions,
  records: RecordColumns,
  templateSet: ReturnType<TemplateMiner['build']>,
  templates: FileTemplate[],
  indexOfId: Map<string, number>,
): Promise<RecordColumns> {
  const template = records.template.slice();
  let i = 0;
  for await (const batch of readRecords(file, options.read).batches) {
    for (const record of batch) {
      if (template[i] === -1) {
        const match = templateSet.match(record.message).template;
        let index = indexOfId.get(match.id);
        if (index === undefined) {
          index = templates.length;
          templates.push({ id: match.id, text: match.text, count: 0 });
          indexOfId.set(match.id, index);
        }
        template[i] = index;
      }
      i++;
    }
  }
  return { ...records, template };
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

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The last pass: the wanted physical lines, redacted. */
async function fetchLines(file: string, options: AnalyzeFileOptions, wanted: ReadonlySet<number>): Promise<Map<number, string>> {
  const lines = new Map<number, string>();
  if (wanted.size === 0) return lines;
  const last = Math.max(...wanted);
  let lineNumber = 0;
  for await (const batch of readLineBatches(file, options.read)) {
    for (const text of batch) {
      lineNumber++;
      if (wanted.has(lineNumber)) lines.set(lineNumber, redactSecrets(text, { redactIps: options.redactIps ?? false }).text);
    }
    if (lineNumber >= last) break;
  }
  return lines;
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
export function* lineVerdicts(analysis: FileAnalysis): Generator<{ line: number; templateId: string; anomaly: boolean; score: number }> {
  const { records, templates, detection } = analysis;
  for (let i = 0; i < records.size; i++) {
    const score = Math.round(detection.recordScores[i]! * 1000) / 1000;
    const templateId = templates[records.template[i]!]!.id;
    for (let k = 0; k < records.lineCount[i]!; k++) yield { line: records.line[i]! + k, templateId, anomaly: score > 0, score };
  }
}
