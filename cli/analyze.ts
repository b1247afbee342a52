/**
 * `loganomaly analyze --input <file|dir> --output <dir> [--config config.yaml] [--emit-lines]`: each log file is
 * analysed by the state machine of statemachine/analysis.asl.json, executed on this machine with its Task states
 * bound to the Lambdas' own handlers and an embedded store (`<output>/.loganomaly/`). For each file it writes
 * `<name>.summary.json`, `<name>.anomalies.json`, `<name>.templates.json` and `<name>.dashboard.html`, and with
 * `--emit-lines` `<name>.lines.jsonl` (one verdict per physical line).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { decodeMergedFile, lineVerdicts, type FileSummary } from '../shared/analysis/index.ts';
import { compareCandidates, plannedPrompts, VERDICT_SCHEMA, type Candidate } from '../shared/classify/index.ts';
import { loadConfig, type AnalysisConfig } from '../shared/config/index.ts';
import { createLlmClient } from '../shared/llm/index.ts';
import { renderIndex, type IndexRow } from '../shared/report/index.ts';
import { createBedrockLlmClient } from '../functions/lib/bedrock-llm-client.ts';
import { listLogFiles, type ReadStats } from '../shared/reading/index.ts';
import { getJson, PREFIXES, workKeys, workPrefixOf } from '../functions/lib/pipeline.ts';
import { executeLocally } from '../functions/lib/local-execution.ts';
import { localDeps } from '../functions/lib/local-deps.ts';
import { withEndpoints } from '../functions/lib/endpoint-deps.ts';
import { STORE_DIR } from '../functions/lib/atomic-file.ts';
import type { PipelineDeps } from '../functions/lib/pipeline.ts';
import type { PrepareRunOutput } from '../functions/prepare-run/types.ts';
import type { WriteReportOutput } from '../functions/write-report/types.ts';
import { EXIT, UsageError } from './errors.ts';
import { ProgressBar } from './progress.ts';
import { showResults } from './show-results.ts';
import { reportRepairs } from './report.ts';

/** The options `analyze` takes (also accepted without the command name). */
export const ANALYZE_OPTIONS = {
  input: { type: 'string', short: 'i' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'emit-lines': { type: 'boolean' },
  'dry-run-llm': { type: 'boolean' },
  'show-results': { type: 'boolean' },
  bucket: { type: 'string' },
  's3-endpoint': { type: 'string' },
  table: { type: 'string' },
  'verdict-table': { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

/** The bucket name a local run's objects appear under. */
const LOCAL_BUCKET = 'local';

/** Runs `analyze`; returns the exit status. */
export async function analyzeCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: ANALYZE_OPTIONS, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`analyze takes its input with --input, not "${positionals[0]}"`);
  if (values.input === undefined) throw new UsageError('analyze needs --input <file|dir>');
  if (values.output === undefined) throw new UsageError('analyze needs --output <dir>');
  const { config, warnings } = await loadConfig(values.config);
  for (const warning of warnings) process.stderr.write(`loganomaly: warning: ${warning}\n`);

  const input = values.input;
  const outputDir = resolve(values.output);
  const isDirectory = (await stat(input).catch(() => undefined))?.isDirectory() ?? false;
  // Results written into the input folder must never be read back as logs.
  const files = (await listLogFiles(input)).filter((file) => !`${resolve(file)}${sep}`.startsWith(`${outputDir}${sep}`));
  await mkdir(outputDir, { recursive: true });
  const names = new Map(files.map((file) => [file, isDirectory ? relative(input, file).split(sep).join('/') : basename(file)]));
  // --dry-run-llm sends nothing: the built-in rules classify, and the prompts a model would get are printed.
  const llm = values['dry-run-llm'] ? undefined : createLlmClient(config.llm, process.env, { bedrock: (settings) => createBedrockLlmClient(settings) });
  const started = Date.now();
  const progress = await readProgress(files);
  const s3Endpoint = values['s3-endpoint'] ?? process.env['AWS_ENDPOINT_URL_S3'];
  const dynamodbEndpoint = values['dynamodb-endpoint'] ?? process.env['AWS_ENDPOINT_URL_DYNAMODB'];
  if (values['s3-endpoint'] && !values.bucket) throw new UsageError('--s3-endpoint needs --bucket');
  if (values['dynamodb-endpoint'] && !values.table) throw new UsageError('--dynamodb-endpoint needs --table');
  // --verbose: the pipeline's own log lines and each state's duration, on standard error.
  const say = (text: string): void => void (values.verbose && process.stderr.write(`loganomaly: ${text}\n`));
  const log = { info: (message: string, extra?: object) => say(`${message} ${JSON.stringify(extra ?? {})}`), warn: (message: string, extra?: object) => say(`warning: ${message} ${JSON.stringify(extra ?? {})}`) };
  const deps = withEndpoints(localDeps({ outputDir, config, llm, log, onRead: progress.onRead, inputs: new Map(files.map((file) => [`${PREFIXES.incoming}${names.get(file)}`, file])) }), {
    bucket: values.bucket,
    s3Endpoint,
    table: values.table,
    verdictTable: values['verdict-table'],
    dynamodbEndpoint,
  });
  const indexRows: IndexRow[] = [];

  let lines = 0;
  let anomalies = 0;
  let analysed = 0;
  for (const [index, file] of files.entries()) {
    const name = names.get(file)!;
    progress.start(index, name);
    // With a bucket, the input goes where a user's upload would, and the run starts as its event would start it.
    if (values.bucket) await deps.objects.upload(file, `${PREFIXES.incoming}${name}`, 'text/plain');
    const onState = (state: string, ms: number): void => say(`${name}: ${state} ${Math.round(ms)} ms`);
    const result = await executeLocally({ bucket: values.bucket ?? LOCAL_BUCKET, key: `${PREFIXES.incoming}${name}` }, deps, { onState });
    progress.done();
    if (result.status === 'FAILED') {
      // One binary file in a directory of logs is skipped, not fatal; a binary file named on its own is an error.
      if (isDirectory && result.error === 'BinaryFileError') {
        process.stderr.write(`loganomaly: warning: skipped ${file}: ${result.cause.replace(/^.*?: /, '')}\n`);
        continue;
      }
      throw Object.assign(new Error(messageOf(result.cause, file, name)), { name: result.error });
    }
    const report = await reportOf(result.output, deps);
    const summary = await copyReports(deps, report, name, outputDir);
    indexRows.push({ name, dashboardPath: `${name}.dashboard.html`, summary });
    if (values['dry-run-llm']) await printPrompts(deps, report.runId, name, config);
    if (values['emit-lines']) await writeLines(deps, report.runId, join(outputDir, `${name}.lines.jsonl`));
    // The embedded store's intermediate objects have served (on AWS a lifecycle rule expires them); its reports are
    // in place. A bucket keeps both, as the deployed pipeline does.
    if (!values.bucket) {
      await rm(join(outputDir, STORE_DIR, 'objects', workPrefixOf(report.runId)), { recursive: true, force: true });
      await rm(join(outputDir, STORE_DIR, 'objects', report.reportPrefix), { recursive: true, force: true });
    }
    reportRepairs(readStatsOf(file, summary));
    lines += summary.original_log_count;
    anomalies += summary.anomalies_detected;
    analysed++;
    if (!values.quiet) {
      process.stderr.write(
        `  ${name}: ${summary.original_log_count.toLocaleString('en')} lines, ${summary.template_diversity.unique_templates} templates, ` +
          `${summary.anomalies_detected} anomal${summary.anomalies_detected === 1 ? 'y' : 'ies'}` +
          `${summary.baseline.present ? '' : ' (first run of this source: no baseline yet)'}\n`,
      );
    }
  }
  if (isDirectory && indexRows.length > 0) await writeFile(join(outputDir, 'index.html'), renderIndex(indexRows, { generatedAt: new Date().toISOString() }));
  if (!values.quiet) {
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `loganomaly: analysed ${lines.toLocaleString('en')} lines in ${analysed} file(s) in ${seconds.toFixed(1)} s: ` +
        `${anomalies} anomal${anomalies === 1 ? 'y' : 'ies'} → ${values.output}\n`,
    );
  }
  if (values['show-results'] && indexRows.length > 0) {
    const page = isDirectory ? join(outputDir, 'index.html') : join(outputDir, `${indexRows[0]!.name}.dashboard.html`);
    await showResults(outputDir, page, (text) => process.stderr.write(text));
  }
  return EXIT.ok;
}

/**
 * Prints, as JSON lines on standard output, exactly what a model would be sent for a file: one prompt per unique
 * candidate template, redacted, with the provider it would go to.
 */
async function printPrompts(deps: PipelineDeps, runId: string, name: string, config: AnalysisConfig): Promise<void> {
  // The candidates DetectAnomalies stored are exactly what ClassifyTemplate would build its prompts from.
  const candidates: Candidate[] = [];
  for (const { key } of await deps.objects.list(workKeys.candidates({ workPrefix: workPrefixOf(runId) }))) candidates.push(await getJson<Candidate>(deps.objects, key));
  candidates.sort(compareCandidates);
  for (const { templateId, prompt } of await plannedPrompts(candidates, config.workflow.steps)) {
    const request = { file: name, provider: config.llm.provider, model: config.llm.model, templateId, system: prompt.system, prompt: prompt.prompt, schema: VERDICT_SCHEMA };
    process.stdout.write(`${JSON.stringify(request)}\n`);
  }
}

/** A handler's error message, with the embedded store's path of the input replaced by the file's own. */
function messageOf(cause: string, file: string, name: string): string {
  return cause.replaceAll(`${PREFIXES.incoming}${name}`, file).replace(/^.*?\/prepare-[^/]+\/object/, file);
}

/**
 * The progress bar of a run over `files`: lines, lines/s, megabytes and ETA, drawn as the readers report (on a
 * terminal only). Bytes of text read are set against bytes on disk: exact for plain files, a fair guide for gzip.
 */
async function readProgress(files: readonly string[]) {
  const bar = new ProgressBar();
  const started = Date.now();
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  let before = 0;
  let name = '';
  // A big file's chunks are read side by side, each reporting its own stats: the file's are their sum.
  const chunks = new Map<string, ReadStats>();
  return {
    start(index: number, file: string): void {
      before = sizes.slice(0, index).reduce((sum, size) => sum + size, 0);
      name = file;
      chunks.clear();
    },
    onRead(chunk: ReadStats): void {
      chunks.set(chunk.file, chunk);
      const stats = { bytes: 0, lines: 0 };
      for (const { bytes, lines } of chunks.values()) {
        stats.bytes += bytes;
        stats.lines += lines;
      }
      const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
      const done = Math.min(totalBytes, before + stats.bytes);
      const eta = done > 0 ? `  ETA ${Math.round((totalBytes - done) / (done / seconds))}s` : '';
      const mb = (bytes: number): string => (bytes / 1048576).toFixed(0);
      bar.update('analyze', done, totalBytes, `${name}  ${stats.lines.toLocaleString('en')} lines  ${Math.round(stats.lines / seconds).toLocaleString('en')} lines/s  ${mb(done)}/${mb(totalBytes)} MB${eta}`);
    },
    done: () => bar.done(),
  };
}

/**
 * What a run wrote. An object version a bucket's pipeline already analysed ends the execution early (its event was
 * a redelivery); its reports are those of that earlier run.
 */
async function reportOf(output: unknown, deps: PipelineDeps): Promise<WriteReportOutput> {
  const early = output as Partial<PrepareRunOutput>;
  if (!early.alreadyAnalysed || !early.run) return output as WriteReportOutput;
  const run = await deps.store.getRun(early.run.runId);
  if (!run?.reportPrefix) throw new Error(`${early.run.key} was analysed before (run ${early.run.runId}) but its reports are not recorded`);
  return { runId: run.runId, reportPrefix: run.reportPrefix, anomalies: run.anomalies ?? 0 };
}

/** Copies a run's reports from its object store (the embedded one, or the bucket) to `<output>/<name>.*`; returns the summary. */
async function copyReports(deps: PipelineDeps, report: WriteReportOutput, name: string, outputDir: string): Promise<FileSummary> {
  const base = basename(name);
  const target = join(outputDir, name);
  await mkdir(dirname(target), { recursive: true });
  let summary: Uint8Array | undefined;
  for (const kind of ['summary.json', 'anomalies.json', 'templates.json', 'dashboard.html']) {
    const body = await deps.objects.get(`${report.reportPrefix}${base}.${kind}`);
    await writeFile(`${target}.${kind}`, body);
    if (kind === 'summary.json') summary = body;
  }
  return JSON.parse(Buffer.from(summary!).toString('utf8')) as FileSummary;
}

/** Writes one verdict per physical line from the run's merged records and record scores. */
async function writeLines(deps: PipelineDeps, runId: string, path: string): Promise<void> {
  const run = { workPrefix: workPrefixOf(runId) };
  const { records, templates } = decodeMergedFile(await deps.objects.get(workKeys.merged(run)));
  const scores = new Float32Array((await deps.objects.get(workKeys.scores(run))).slice().buffer);
  const out = createWriteStream(path);
  let text = '';
  for (const verdict of lineVerdicts(records, templates, scores)) {
    text += `${JSON.stringify(verdict)}\n`;
    if (text.length > 1 << 16) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
}

/** The read stats a summary describes, for the repair warnings. */
function readStatsOf(file: string, summary: FileSummary): ReadStats {
  const r = summary.reading;
  return {
    file,
    gzip: r.gzip,
    bytes: r.bytes,
    lines: summary.original_log_count,
    invalidUtf8Lines: r.invalid_utf8_lines,
    firstInvalidUtf8Line: r.first_invalid_utf8_line ?? undefined,
    truncatedLines: r.truncated_lines,
    firstTruncatedLine: r.first_truncated_line ?? undefined,
    nulBytes: r.nul_bytes,
  };
}
