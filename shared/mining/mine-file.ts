/** Mining a whole file: records in, the file's template set out. */
import type { ReadStats } from '../reading/index.ts';
import { readRecords, type ReadRecordsOptions } from '../parsing/read-records.ts';
import type { FileLayout } from '../parsing/records.ts';
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
  const stream = readRecords(file, { ...options, messagesOnly: true }, stats);
  let lines = 0;
  let records = 0;
  for await (const batch of stream.batches) {
    for (const record of batch) {
      miner.add(record.message);
      lines += record.lineCount;
    }
    records += batch.length;
    onBatch?.();
  }
  return { lines, records, layout: stream.layout() };
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
