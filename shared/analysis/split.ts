/**
 * Cutting a log into chunks that can be mined apart: cuts fall only where a record starts, so no record (a stack
 * trace) is split, and the file's layout is detected once, on its first lines, for every chunk to parse with.
 * Chunks are plain UTF-8 text after the reader's repairs (gzip inflated, invalid bytes replaced, long lines cut),
 * which are counted once, here.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createRecordParser, readLaidOutLines, type FileLayout, type ReadRecordsOptions, type RecordParser } from '../parsing/index.ts';
import { createReadStats, DEFAULT_READ_OPTIONS, isGzipMagic, utf16ByteOrder, type ReadStats } from '../reading/index.ts';

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
 * @param onChunk - called with each chunk once it is written, before the next one is begun: a caller that moves it
 * elsewhere (an upload) and deletes it keeps one chunk on disk, not the whole text (gzip inflates ten times over),
 * and the result's paths then name files that are gone. An error it throws stops the split.
 * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
 */
export async function splitIntoChunks(
  file: string,
  outDir: string,
  chunkBytes: number,
  options: ReadRecordsOptions = {},
  onChunk?: (chunk: ChunkFile) => Promise<void>,
): Promise<SplitResult> {
  const readStats = createReadStats(file);
  const chunks: ChunkFile[] = [];
  let layout: FileLayout | undefined;
  let parse: RecordParser | undefined;
  let current: { handle: FileHandle; index: number; path: string; firstLine: number; lines: number; bytes: number; text: string } | undefined;
  let lineNumber = 0;

  const close = async (): Promise<void> => {
    if (!current) return;
    await current.handle.write(current.text);
    await current.handle.close();
    const chunk = { index: current.index, path: current.path, firstLine: current.firstLine, lines: current.lines, bytes: current.bytes };
    chunks.push(chunk);
    current = undefined;
    await onChunk?.(chunk);
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
    for await (const batch of readLaidOutLines(file, options, readStats)) {
      layout = batch.layout;
      parse ??= createRecordParser(batch.layout, options);
      await write(batch.lines);
    }
    await close();
  } finally {
    await current?.handle.close();
  }
  return { chunks, layout, readStats };
}

/** One chunk of a file as a byte range of it, from {@link planChunks}. */
export interface ChunkRange {
  /** Position of the chunk, from 0. */
  readonly index: number;
  /** The chunk's bytes are the file's [start, end). */
  readonly start: number;
  readonly end: number;
  /** Number of its first line in the whole file. */
  readonly firstLine: number;
  /** Lines in the chunk. */
  readonly lines: number;
}

/** A file's chunks as byte ranges, and its layout. */
export interface ChunkPlan {
  readonly chunks: ChunkRange[];
  readonly layout: FileLayout;
}

/** Bytes read at a time while planning. */
const PLAN_READ_BYTES = 1 << 20;

/**
 * Cuts a file into chunks of about `chunkBytes` bytes without copying it: each chunk is a byte range that starts at
 * a line that starts a record, to be read in place (an S3 ranged GET, a range of a local file) with the reader's
 * `continuesFile`. Only LF-terminated UTF-8 text without NUL bytes is cut so, where a byte range read on its own
 * gives exactly the lines of the whole file; for any other file (gzip, UTF-16, CR line ends, NULs) the plan is
 * undefined and the file is cut by {@link splitIntoChunks}, which rewrites the chunks.
 * @throws InputFormatError (or BinaryFileError) naming the file when it cannot be read as text.
 */
export async function planChunks(file: string, chunkBytes: number, options: ReadRecordsOptions = {}): Promise<ChunkPlan | undefined> {
  const handle = await open(file, 'r');
  try {
    // gzip and UTF-16 are decoded before lines are split: no byte range of them reads as text.
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    if (isGzipMagic(head) || utf16ByteOrder(head) !== undefined) return undefined;
    // The layout, and the reader's checks of the file's start: a binary file fails here, as it would being split.
    const layout = await sampleLayout(file, options);
    if (layout === undefined) return undefined;
    const parse = createRecordParser(layout, options);
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_READ_OPTIONS.maxLineBytes;
    const chunks: ChunkRange[] = [];
    let chunkStart = 0;
    let chunkLine = 1;
    let lineNumber = 0;
    /**
     * Counts the line that starts at byte `start`, whose kept bytes are `bytes[from, to)`; a full chunk ends before it
     * when it starts a record (only then is it decoded).
     */
    const endLine = (start: number, bytes: Buffer, from: number, to: number): void => {
      if (start - chunkStart >= chunkBytes && parse(bytes.toString('utf8', from, to)) !== undefined) {
        chunks.push({ index: chunks.length, start: chunkStart, end: start, firstLine: chunkLine, lines: lineNumber + 1 - chunkLine });
        chunkStart = start;
        chunkLine = lineNumber + 1;
      }
      lineNumber++;
    };
    // A line that runs past the block read: where it starts, and its first bytes (as many as the reader keeps).
    let pendingStart = -1;
    let pendingHead = Buffer.alloc(0);
    const block = Buffer.allocUnsafe(PLAN_READ_BYTES);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, block.length, position);
      if (bytesRead === 0) break;
      const bytes = block.subarray(0, bytesRead);
      if (bytes.includes(0x0d) || bytes.includes(0x00)) return undefined;
      let lineStart = 0;
      for (let lf = bytes.indexOf(0x0a); lf !== -1; lf = bytes.indexOf(0x0a, lineStart)) {
        if (pendingStart >= 0) {
          const head = Buffer.concat([pendingHead, bytes.subarray(0, Math.max(0, Math.min(lf, maxLineBytes - pendingHead.length)))]);
          endLine(pendingStart, head, 0, head.length);
          pendingStart = -1;
        } else {
          endLine(position + lineStart, bytes, lineStart, Math.min(lf, lineStart + maxLineBytes));
        }
        lineStart = lf + 1;
      }
      if (lineStart < bytesRead) {
        if (pendingStart < 0) {
          pendingStart = position + lineStart;
          pendingHead = Buffer.from(bytes.subarray(lineStart, Math.min(bytesRead, lineStart + maxLineBytes)));
        } else if (pendingHead.length < maxLineBytes) {
          pendingHead = Buffer.concat([pendingHead, bytes.subarray(0, Math.min(bytesRead, maxLineBytes - pendingHead.length))]);
        }
      }
      position += bytesRead;
    }
    // A last line without a terminator is a line too.
    if (pendingStart >= 0) endLine(pendingStart, pendingHead, 0, pendingHead.length);
    if (position > chunkStart) chunks.push({ index: chunks.length, start: chunkStart, end: position, firstLine: chunkLine, lines: lineNumber + 1 - chunkLine });
    return { chunks, layout };
  } finally {
    await handle.close();
  }
}

/** The layout of a file, detected on its first lines without reading the rest. */
export async function sampleLayout(file: string, options: ReadRecordsOptions = {}): Promise<FileLayout | undefined> {
  for await (const { layout } of readLaidOutLines(file, options)) return layout;
  return undefined;
}
