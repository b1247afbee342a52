/**
 * Cutting a log into chunks that can be mined apart: cuts fall only where a record starts, so no record (a stack
 * trace) is split, and the file's layout is detected once, on its first lines, for every chunk to parse with.
 * Chunks are plain UTF-8 text after the reader's repairs (gzip inflated, invalid bytes replaced, long lines cut),
 * which are counted once, here.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createLineParser, DEFAULT_RECORD_OPTIONS, detectLayout, type FileLayout, type LineParser, type ReadRecordsOptions } from '../parsing/index.ts';
import { createReadStats, readLineBatches, type ReadStats } from '../reading/index.ts';

/** One chunk written by {@link splitIntoChunks}. */
export interface ChunkFile {
  /** Position of the chunk, from 0. */
  readonly index: number;
  /** The chunk's file. */
  readonly path: string;
  /** Number of its first line in the whole file. */
  readonly firstLine: number;
  /** Lines in the chunk. */
  readonly lines: number;
  /** Bytes of text in the chunk. */
  readonly bytes: number;
}

/** The chunks of a file, its layout and what reading it repaired. */
export interface SplitResult {
  readonly chunks: ChunkFile[];
  /** Undefined for an empty file. */
  readonly layout: FileLayout | undefined;
  readonly readStats: ReadStats;
}

/**
 * Cuts `file` into chunks of about `chunkBytes` bytes of text, written to `outDir` as `chunk-<n>.log`.
 * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
 */
export async function splitIntoChunks(file: string, outDir: string, chunkBytes: number, options: ReadRecordsOptions = {}): Promise<SplitResult> {
  const readStats = createReadStats(file);
  const sampleSize = options.sampleLines ?? DEFAULT_RECORD_OPTIONS.sampleLines;
  const chunks: ChunkFile[] = [];
  let layout: FileLayout | undefined;
  let parse: LineParser | undefined;
  let sample: string[] = [];
  let current: { handle: FileHandle; index: number; path: string; firstLine: number; lines: number; bytes: number; text: string } | undefined;
  let lineNumber = 0;

  const close = async (): Promise<void> => {
    if (!current) return;
    await current.handle.write(current.text);
    await current.handle.close();
    chunks.push({ index: current.index, path: current.path, firstLine: current.firstLine, lines: current.lines, bytes: current.bytes });
    current = undefined;
  };
  const write = async (lines: readonly string[]): Promise<void> => {
    for (const line of lines) {
      lineNumber++;
      // A full chunk is closed at the next line that starts a record, so a record never straddles two chunks.
      if (current && current.bytes >= chunkBytes && parse!(line) !== undefined) await close();
      if (!current) {
        const index = chunks.length;
        const path = join(outDir, `chunk-${String(index).padStart(5, '0')}.log`);
        current = { handle: await open(path, 'w'), index, path, firstLine: lineNumber, lines: 0, bytes: 0, text: '' };
      }
      current.text += `${line}\n`;
      current.lines++;
      current.bytes += Buffer.byteLength(line) + 1;
      if (current.text.length >= 1 << 20) {
        await current.handle.write(current.text);
        current.text = '';
      }
    }
  };

  try {
    for await (const lines of readLineBatches(file, options, readStats)) {
      if (parse === undefined) {
        for (const line of lines) sample.push(line);
        if (sample.length < sampleSize) continue;
        layout = detectLayout(sample.slice(0, sampleSize), options);
        parse = createLineParser(layout, options);
        await write(sample);
        sample = [];
        continue;
      }
      await write(lines);
    }
    if (parse === undefined && sample.length > 0) {
      layout = detectLayout(sample, options);
      parse = createLineParser(layout, options);
      await write(sample);
    }
    await close();
  } finally {
    await current?.handle.close();
  }
  return { chunks, layout, readStats };
}

/** The layout of a file, detected on its first lines without reading the rest. */
export async function sampleLayout(file: string, options: ReadRecordsOptions = {}): Promise<FileLayout | undefined> {
  const sampleSize = options.sampleLines ?? DEFAULT_RECORD_OPTIONS.sampleLines;
  const sample: string[] = [];
  for await (const lines of readLineBatches(file, options)) {
    for (const line of lines) sample.push(line);
    if (sample.length >= sampleSize) break;
  }
  return sample.length === 0 ? undefined : detectLayout(sample.slice(0, sampleSize), options);
}
