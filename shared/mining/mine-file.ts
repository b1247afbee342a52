/** Mining a whole file: records in, the file's template set out. */
import type { ReadStats } from '../reading/index.ts';
import { readLaidOutLines, type LaidOutLines, type ReadRecordsOptions } from '../parsing/read-records.ts';
import { createRecordParser, RecordAssembler, type FileLayout, type RecordParser } from '../parsing/records.ts';
import { TemplateMiner, type TemplateMinerOptions, type TemplateSet } from './template-miner.ts';

/** Options of {@link mineFile}. */
export type MineFileOptions = ReadRecordsOptions & TemplateMinerOptions;

/** What learning one file's records left behind, besides the miner's counts. */
export interface LearnFileResult {
  /** Physical lines read. */
  readonly lines: number;
  /** Records (a record may span several lines). */
  readonly records: number;
  /** The detected layout; undefined for an empty file. */
  readonly layout: FileLayout | undefined;
}

/** The result of mining one file. */
export interface MineFileResult extends LearnFileResult {
  /** Distinct templates. */
  readonly templates: number;
  /** The templates, for matching records to them. */
  readonly templateSet: TemplateSet;
}

/**
 * Reads and parses a file in one streaming pass, adding each record's message to `miner`; several files can share
 * one miner, so that their templates are mined together.
 *
 * It parses lines into records as readRecords does, with its parts, a batch at a time: first every line's header,
 * then every record's message. The header parser and the masker read the batch's code units as the reader laid them
 * out; a plain-text record's message is the end of its first line, masked in place.
 * @param onBatch - called after each batch, for progress.
 * @throws InputFormatError naming the file when it cannot be read as text.
 */
export async function learnFile(
  file: string,
  miner: TemplateMiner,
  options: ReadRecordsOptions = {},
  stats?: ReadStats,
  onBatch?: () => void,
): Promise<LearnFileResult> {
  // Mining reads messages only: the headers' other fields are not wanted here.
  const parseOptions = { ...options, messagesOnly: true };
  const learner = new BatchLearner(miner, parseOptions);
  let layout = options.layout;
  for await (const batch of readLaidOutLines(file, parseOptions, stats)) {
    layout = batch.layout;
    learner.learn(batch);
    onBatch?.();
  }
  return { lines: learner.lines, records: learner.records, layout };
}

/** learnFile's work on each batch, and what it has counted. */
class BatchLearner {
  readonly #miner: TemplateMiner;
  readonly #options: ReadRecordsOptions;
  readonly #assembler: RecordAssembler;
  #parse: RecordParser | undefined;
  /** The records that start in the batch: their first line's index in it, and their message. */
  #firstLines = new Int32Array(1024);
  #messages: string[] = [];
  lines = 0;
  records = 0;

  constructor(miner: TemplateMiner, options: ReadRecordsOptions) {
    this.#miner = miner;
    this.#options = options;
    this.#assembler = new RecordAssembler(options);
  }

  /**
   * Parses the batch's lines, then hands the miner the messages of the records that start in it. The two loops are
   * kept apart because each runs faster on its own than the two interleaved, line by line.
   */
  learn({ layout, lines, codes }: LaidOutLines): void {
    const parse = (this.#parse ??= createRecordParser(layout, this.#options));
    const assembler = this.#assembler;
    if (this.#firstLines.length < lines.length) this.#firstLines = new Int32Array(2 * lines.length);
    const firstLines = this.#firstLines;
    const messages = this.#messages;
    messages.length = 0;
    let lineNumber = this.lines;
    for (let k = 0; k < lines.length; k++) {
      const text = lines[k]!;
      assembler.push(++lineNumber, text, codes ? parse(text, codes.units, codes.starts[k]) : parse(text));
      const record = assembler.current!;
      if (record.line !== lineNumber) continue;
      firstLines[messages.length] = k;
      messages.push(record.message);
    }
    this.lines = lineNumber;
    this.records += messages.length;
    const miner = this.#miner;
    // A plain record's message is the end of its line, so it is masked from the line's code units in place.
    if (layout.format !== 'plain' || !codes) {
      for (const message of messages) miner.add(message);
      return;
    }
    for (let r = 0; r < messages.length; r++) {
      const k = firstLines[r]!;
      const text = lines[k]!;
      miner.add(text, text.length - messages[r]!.length, codes.units, codes.starts[k]);
    }
  }
}

/**
 * Reads, parses and mines a file in one streaming pass.
 * @throws InputFormatError naming the file when it cannot be read as text.
 * @example const { templates, templateSet } = await mineFile('app.log.gz');
 */
export async function mineFile(file: string, options: MineFileOptions = {}, stats?: ReadStats): Promise<MineFileResult> {
  const miner = new TemplateMiner(options);
  const learned = await learnFile(file, miner, options, stats);
  const templateSet = miner.build();
  return { ...learned, templates: templateSet.templates.length, templateSet };
}
