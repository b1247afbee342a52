/**
 * `loganomaly analyze --input <file|dir> --output <dir> [--config config.yaml] [--emit-lines]`: for each log file,
 * `<name>.summary.json`, `<name>.anomalies.json` and `<name>.templates.json`, and with `--emit-lines`
 * `<name>.lines.jsonl` (one verdict per physical line).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { analyzeFile, lineVerdicts, summarize, type FileAnalysis } from '../shared/analysis/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import { foldRun, sourceKey } from '../shared/detection/index.ts';
import { BinaryFileError } from '../shared/errors.ts';
import { listLogFiles } from '../shared/reading/index.ts';
import { EXIT, UsageError } from './errors.ts';
import { LocalBaselineStore } from './local-store.ts';
import { ProgressBar } from './progress.ts';
import { reportRepairs } from './report.ts';

/** The options `analyze` takes (also accepted without the command name). */
export const ANALYZE_OPTIONS = {
  input: { type: 'string', short: 'i' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'emit-lines': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

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
  const files = (await listLogFiles(input)).filter((file) => !`${resolve(file)}${sep}`.startsWith(`${outputDir}${sep}`) && resolve(file) !== outputDir);
  await mkdir(outputDir, { recursive: true });
  const store = new LocalBaselineStore(outputDir);
  const progress = new ProgressBar();
  const started = Date.now();
  let lines = 0;
  let anomalies = 0;
  let analysed = 0;
  for (const [index, file] of files.entries()) {
    const name = isDirectory ? relative(input, file) : basename(file);
    const source = sourceKey(name);
    const baseline = await store.load(source);
    const bytesOnDisk = (await stat(file)).size || 1;
    let analysis: FileAnalysis;
    try {
      analysis = await analyzeFile(file, {
        read: { maxLineBytes: config.analysis.max_line_bytes },
        detectors: config.detectors,
        knownTemplateIds: baseline && new Set(baseline.templateIds),
        redactIps: config.security.redact_ips,
        onProgress: (stats) => {
          const done = index + Math.min(1, stats.bytes / bytesOnDisk);
          progress.update('analyze', done, files.length, `${stats.lines.toLocaleString('en')} lines  ${name}`);
        },
      });
    } catch (error) {
      // One binary file in a directory of logs is skipped, not fatal; a binary file named on its own is an error.
      if (!(error instanceof BinaryFileError && isDirectory)) throw error;
      progress.done();
      process.stderr.write(`loganomaly: warning: skipped ${error.message}\n`);
      continue;
    }
    progress.done();
    reportRepairs(analysis.readStats);
    const summary = summarize(analysis, { source, baseline, detectors: config.detectors });
    const stem = join(outputDir, name);
    await mkdir(dirname(stem), { recursive: true });
    await writeFile(`${stem}.summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
    await writeFile(`${stem}.anomalies.json`, `${JSON.stringify(analysis.anomalies, null, 2)}\n`);
    await writeFile(`${stem}.templates.json`, `${JSON.stringify(analysis.templateSummaries, null, 2)}\n`);
    if (values['emit-lines']) await writeLines(`${stem}.lines.jsonl`, analysis);
    await store.save(foldRun(baseline, source, analysis.templates.map((t) => t.id), new Date()));
    lines += analysis.readStats.lines;
    anomalies += analysis.anomalies.length;
    analysed++;
    if (!values.quiet) {
      process.stderr.write(
        `  ${name}: ${analysis.readStats.lines.toLocaleString('en')} lines, ${analysis.templates.length} templates, ` +
          `${analysis.anomalies.length} anomal${analysis.anomalies.length === 1 ? 'y' : 'ies'}` +
          `${baseline ? '' : ' (first run of this source: no baseline yet)'}\n`,
      );
    }
  }
  if (!values.quiet) {
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(
      `loganomaly: analysed ${lines.toLocaleString('en')} lines in ${analysed} file(s) in ${seconds.toFixed(1)} s: ` +
        `${anomalies} anomal${anomalies === 1 ? 'y' : 'ies'} → ${values.output}\n`,
    );
  }
  return EXIT.ok;
}

/** Writes one verdict per physical line, streaming. */
async function writeLines(path: string, analysis: FileAnalysis): Promise<void> {
  const out = createWriteStream(path);
  let text = '';
  for (const verdict of lineVerdicts(analysis)) {
    text += `${JSON.stringify(verdict)}\n`;
    if (text.length > 1 << 16) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
}
