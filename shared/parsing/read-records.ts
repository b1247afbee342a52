/** Streams a log file as records: reading, layout detection on the first lines, parsing and joining. */
import { readCodedLineBatches, type LineCodes, type ReadOptions, type ReadStats } from '../reading/index.ts';
import type { HeaderParserOptions } from './header.ts';
import { createRecordParser, DEFAULT_RECORD_OPTIONS, detectLayout, RecordAssembler, type FileLayout, type RecordOptions, type RecordParser } from './records.ts';
import type { LogRecord } from './types.ts';

/** Options of {@link readRecords}. */
export type ReadRecordsOptions = RecordOptions &
  ReadOptions &
  Pick<HeaderParserOptions, 'messagesOnly'> & {
    /**
     * The layout to parse with, when it is already known: a chunk of a file is parsed with the layout detected on
     * the file's first lines, not on its own.
     * @default - detected on the first `sampleLines` lines
     */
    layout?: FileLayout;
    /**
     * Number of the file's first line: a chunk's lines are numbered as in the whole file.
     * @default 1
     */
    firstLine?: number;
  };

/** A file opened for reading records; its layout is known once the first batch has been produced. */
export interface RecordStream {
  /** The records, in batches, in file order. */
  readonly batches: AsyncGenerator<LogRecord[]>;
  /** The layout detected on the file's first lines; undefined until the first batch (and for an empty file). */
  readonly layout: () => FileLayout | undefined;
}

/** A batch of a file's lines, with the file's layout. */
export interface LaidOutLines {
  readonly layout: FileLayout;
  readonly lines: string[];
  /** The lines' code units, when the reader laid them out (see readCodedLineBatches); valid until the next batch. */
  readonly codes: LineCodes | undefined;
}

/**
 * A file's line batches, each with the file's layout: the one given in the options, or the one detected on its first
 * `sampleLines` lines, which come out together as the first batch. Nothing for an empty file.
 * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
 */
export async function* readLaidOutLines(file: string, options: ReadRecordsOptions = {}, stats?: ReadStats): AsyncGenerator<LaidOutLines> {
  const sampleSize = options.sampleLines ?? DEFAULT_RECORD_OPTIONS.sampleLines;
  let layout = options.layout;
  let sample: string[] = [];
  for await (const { lines, codes } of readCodedLineBatches(file, options, stats)) {
    if (layout !== undefined) {
      yield { layout, lines, codes };
      continue;
    }
    for (const line of lines) sample.push(line);
    if (sample.length < sampleSize) continue;
    layout = detectLayout(sample.slice(0, sampleSize), options);
    const first = sample;
    sample = [];
    // The sample may span several of the reader's batches, whose code units are gone but for the last one's.
    yield { layout, lines: first, codes: undefined };
  }
  if (layout === undefined && sample.length > 0) yield { layout: detectLayout(sample, options), lines: sample, codes: undefined };
}

/**
 * Opens a log file as a stream of records, with memory bounded by the sample and batch sizes.
 * @param stats - filled in while reading (lines, bytes, invalid UTF-8, truncated lines, …).
 * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
 * @example
 * const stream = readRecords('app.log');
 * for await (const batch of stream.batches) for (const record of batch) console.log(record.line, record.message);
 */
export function readRecords(file: string, options: ReadRecordsOptions = {}, stats?: ReadStats): RecordStream {
  let layout: FileLayout | undefined;
  async function* batches(): AsyncGenerator<LogRecord[]> {
    const assembler = new RecordAssembler(options);
    if (options.layout) layout = options.layout;
    let parse: RecordParser | undefined;
    let lineNumber = (options.firstLine ?? 1) - 1;
    for await (const batch of readLaidOutLines(file, options, stats)) {
      layout = batch.layout;
      parse ??= createRecordParser(batch.layout, options);
      const records: LogRecord[] = [];
      const { lines, codes } = batch;
      for (let k = 0; k < lines.length; k++) {
        const text = lines[k]!;
        const done = assembler.push(++lineNumber, text, codes ? parse(text, codes.units, codes.starts[k]) : parse(text));
        if (done) records.push(done);
      }
      yield records;
    }
    const last = assembler.flush();
    if (last) yield [last];
  }
  return { batches: batches(), layout: () => layout };
}
