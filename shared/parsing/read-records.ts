/** Streams a log file as records: reading, layout detection on the first lines, parsing and joining. */
import { readLineBatches, type ReadOptions, type ReadStats } from '../reading/index.ts';
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
    const sampleSize = options.sampleLines ?? DEFAULT_RECORD_OPTIONS.sampleLines;
    const assembler = new RecordAssembler(options);
    let sample: string[] = [];
    if (options.layout) layout = options.layout;
    let parse: RecordParser | undefined = layout && createRecordParser(layout, options);
    let lineNumber = (options.firstLine ?? 1) - 1;
    const assemble = (lines: readonly string[]): LogRecord[] => {
      const records: LogRecord[] = [];
      for (const text of lines) {
        const done = assembler.push(++lineNumber, text, parse!(text));
        if (done) records.push(done);
      }
      return records;
    };
    for await (const lines of readLineBatches(file, options, stats)) {
      if (parse === undefined) {
        for (const line of lines) sample.push(line);
        if (sample.length < sampleSize) continue;
        layout = detectLayout(sample.slice(0, sampleSize), options);
        parse = createRecordParser(layout, options);
        const first = sample;
        sample = [];
        yield assemble(first);
        continue;
      }
      yield assemble(lines);
    }
    if (parse === undefined && sample.length > 0) {
      layout = detectLayout(sample, options);
      parse = createRecordParser(layout, options);
      yield assemble(sample);
    }
    const last = assembler.flush();
    if (last) yield [last];
  }
  return { batches: batches(), layout: () => layout };
}
