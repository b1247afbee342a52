/**
 * `loganomaly mine <file|dir> [--output out.jsonl]`: one JSON object per physical input line, in input order,
 * with the template of the record the line belongs to.
 *
 * Two streaming passes: the first learns the templates of every file (so early lines get the same final template
 * as late ones), the second matches each record and writes its lines. Memory stays bounded by the templates, not
 * by the size of the input.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { BinaryFileError } from '../shared/errors.ts';
import { readRecords, type FileLayout, type LogRecord, type ReadRecordsOptions } from '../shared/parsing/index.ts';
import { createReadStats, listLogFiles, type ReadStats } from '../shared/reading/index.ts';
import { learnFile, TemplateMiner, type TemplateSet } from '../shared/mining/index.ts';
import { ProgressBar } from './progress.ts';
import { reportRepairs } from './report.ts';
import { EXIT, UsageError } from './errors.ts';

/** One line of `mine` output. */
export interface MinedLine {
  file: string;
  line: number;
  templateId: string;
  template: string;
  params: string[];
  timestamp: string | null;
  level: string | null;
  component: string | null;
}

interface Input {
  file: string;
  bytesOnDisk: number;
  stats: ReadStats;
  layout?: FileLayout;
}

/** Runs `mine`; returns the exit status. */
export async function mineCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      'max-line-bytes': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('mine takes exactly one <file|dir>');
  const maxLineBytes = values['max-line-bytes'] === undefined ? undefined : Number(values['max-line-bytes']);
  if (maxLineBytes !== undefined && !(Number.isInteger(maxLineBytes) && maxLineBytes > 0)) {
    throw new UsageError(`--max-line-bytes must be a positive whole number, got "${values['max-line-bytes']}"`);
  }
  const path = positionals[0]!;
  const options: ReadRecordsOptions = maxLineBytes === undefined ? {} : { maxLineBytes };
  const isDirectory = (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  // The output may sit inside the input folder: never read it back as input, or a rerun would feed on itself.
  const outputPath = values.output === undefined ? undefined : resolve(values.output);
  const files = (await listLogFiles(path)).filter((file) => resolve(file) !== outputPath);
  // Opened before mining, so that an output that cannot be written fails first; after the input is known to exist.
  const out = await openOutput(values.output);
  const started = Date.now();
  const progress = new ProgressBar();
  let learned: { inputs: Input[]; templates: TemplateSet };
  let lines: number;
  try {
    learned = await learnTemplates(files, options, isDirectory, progress);
    lines = await writeLines(learned.inputs, learned.templates, options, out, progress);
  } catch (error) {
    // The reader of standard output went away (`| head`): stop quietly, as command-line tools do.
    if (error instanceof OutputClosed) return EXIT.ok;
    throw error;
  } finally {
    await out.close();
    progress.done();
  }
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `loganomaly: mined ${lines.toLocaleString('en')} lines from ${learned.inputs.length} file(s) into ` +
      `${learned.templates.templates.length} templates in ${seconds.toFixed(1)} s` +
      `${values.output === undefined ? '' : ` → ${values.output}`}\n`,
  );
  for (const { file, layout } of learned.inputs) {
    if (layout) process.stderr.write(`  ${file}: ${layout.description}${layout.assumedZone ? ' (no zone in the log: UTC assumed)' : ''}\n`);
  }
  return EXIT.ok;
}

/** Pass 1: learns the templates of every readable file; a binary file inside a directory is skipped. */
async function learnTemplates(
  files: readonly string[],
  options: ReadRecordsOptions,
  isDirectory: boolean,
  progress: ProgressBar,
): Promise<{ inputs: Input[]; templates: TemplateSet }> {
  const miner = new TemplateMiner();
  const inputs: Input[] = [];
  for (const [index, file] of files.entries()) {
    const input: Input = { file, bytesOnDisk: (await stat(file)).size, stats: createReadStats(file) };
    try {
      const learned = await learnFile(file, miner, options, input.stats, () => {
        const done = index + Math.min(1, input.stats.bytes / (input.bytesOnDisk || 1));
        progress.update('learn', done, files.length, `${input.stats.lines.toLocaleString('en')} lines  ${file}`);
      });
      input.layout = learned.layout;
    } catch (error) {
      // One binary file in a directory of logs is skipped, not fatal; a binary file named on its own is an error.
      if (!(error instanceof BinaryFileError && isDirectory)) throw error;
      progress.done();
      process.stderr.write(`loganomaly: warning: skipped ${error.message}\n`);
      continue;
    }
    inputs.push(input);
    reportRepairs(input.stats);
  }
  return { inputs, templates: miner.build() };
}

/** Pass 2: matches each record to its template and writes its lines; returns how many lines were written. */
async function writeLines(
  inputs: readonly Input[],
  templates: TemplateSet,
  options: ReadRecordsOptions,
  out: Output,
  progress: ProgressBar,
): Promise<number> {
  const totalLines = inputs.reduce((sum, input) => sum + input.stats.lines, 0);
  let written = 0;
  for (const input of inputs) {
    for await (const batch of readRecords(input.file, options).batches) {
      written += batch.reduce((sum, record) => sum + record.lineCount, 0);
      await out.write(formatBatch(input.file, batch, templates));
      progress.update('write', written, totalLines, `${written.toLocaleString('en')} lines  ${input.file}`);
    }
  }
  return written;
}

function formatBatch(file: string, batch: readonly LogRecord[], templates: TemplateSet): string {
  let text = '';
  for (const record of batch) {
    const match = templates.match(record.message);
    const line: MinedLine = {
      file,
      line: record.line,
      templateId: match.template.id,
      template: match.template.text,
      params: match.params,
      timestamp: record.timestampMs === undefined ? null : new Date(record.timestampMs).toISOString(),
      level: record.level ?? null,
      component: record.component ?? null,
    };
    for (let i = 0; i < record.lineCount; i++) {
      line.line = record.line + i;
      text += `${JSON.stringify(line)}\n`;
    }
  }
  return text;
}

/** Where `mine` writes its lines. */
interface Output {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Standard output was closed by its reader. */
class OutputClosed extends Error {
  constructor() {
    super('standard output closed');
    this.name = 'OutputClosed';
  }
}

/**
 * Opens the output: a file (its folder created), or standard output when no path is given.
 * @throws Error naming the path when the file cannot be opened for writing.
 */
async function openOutput(path: string | undefined): Promise<Output> {
  if (path === undefined) {
    let failure: NodeJS.ErrnoException | undefined;
    process.stdout.on('error', (error: NodeJS.ErrnoException) => (failure = error));
    const check = (): void => {
      if (failure?.code === 'EPIPE') throw new OutputClosed();
      if (failure) throw failure;
    };
    return {
      async write(text) {
        check();
        if (text.length > 0 && !process.stdout.write(text)) {
          // `once` rejects on 'error', which the listener above has recorded for check().
          await once(process.stdout, 'drain').catch(() => undefined);
        }
        check();
      },
      async close() {},
    };
  }
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'w');
    return { write: async (text) => void (await handle.write(text)), close: () => handle.close() };
  } catch (error) {
    throw new Error(`cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
}
