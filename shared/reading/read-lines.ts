/**
 * Streams a log file's physical lines: gzip or plain, refused when binary, with NULs removed,
 * UTF-16 transcoded, invalid UTF-8 replaced and overlong lines cut, in bounded memory.
 *
 * The hot path (valid UTF-8, LF endings) checks about one mebibyte of complete lines at a time with
 * `isAscii`/`isUtf8`, then decodes each line straight from the bytes between two `indexOf` hits.
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { BinaryFileError, InputFormatError } from '../errors.ts';
import { createReadStats, DEFAULT_READ_OPTIONS } from './types.ts';
import type { ReadOptions, ReadStats } from './types.ts';

/**
 * Bytes read (or decompressed) at a time; a batch holds the lines that end in one such chunk. 256 KiB rather than
 * more: a batch's lines and records are alive until it is consumed, and smaller batches leave fewer of them for the
 * young-generation collector to copy (reading and mining both ran 3-5% faster than with 1 MiB).
 *
 * @internal Exported so tests can place bytes on a chunk boundary.
 */
export const READ_CHUNK_BYTES = 1 << 18;

/** Bytes at the start of the (decompressed) file checked against {@link MAGIC_NUMBERS}. */
const HEAD_BYTES = 512;
/** Bytes of text, NULs removed, whose control characters decide whether a file is binary. */
const SNIFF_BYTES = 8192;
/** Share of control bytes above which a sample is binary even when it is valid UTF-8. */
const BINARY_CONTROL_SHARE = 0.3;
/** Share of control bytes above which a sample that is not valid UTF-8 is binary (random bytes give about 10%). */
const BINARY_CONTROL_SHARE_INVALID_UTF8 = 0.05;

const LF = 0x0a;
const CR = 0x0d;
/** Returned when a chunk completes no line; never handed to callers, never mutated. */
const NO_LINES: string[] = [];

/** 1 for the bytes a text file should not hold: C0 controls other than tab, LF, VT, FF, CR and ESC, and DEL. NUL is removed before this is consulted. */
const CONTROL_BYTES = (() => {
  const table = new Uint8Array(256);
  for (let byte = 0x01; byte < 0x20; byte++) table[byte] = 1;
  for (const allowed of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]) table[allowed] = 0;
  table[0x7f] = 1;
  return table;
})();

/** A file format recognised by its first bytes. */
interface MagicNumber {
  /** What the format is, for the error message. */
  readonly name: string;
  /** Whether the file's first bytes (at most {@link HEAD_BYTES}, decompressed) are this format. */
  readonly matches: (head: Buffer) => boolean;
}

/** Whether `head` holds `signature` (bytes written as a latin1 string) at `offset`. */
function hasSignature(head: Buffer, signature: string, offset = 0): boolean {
  if (head.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (head[offset + i] !== signature.charCodeAt(i)) return false;
  }
  return true;
}

/** A magic number that is one or more fixed signatures at a fixed offset. */
function signature(name: string, signatures: string[], offset = 0): MagicNumber {
  return { name, matches: (head) => signatures.some((bytes) => hasSignature(head, bytes, offset)) };
}

/** Formats refused outright, whatever their extension. */
const MAGIC_NUMBERS: readonly MagicNumber[] = [
  signature('ELF executable', ['\x7fELF']),
  signature('Mach-O executable', ['\xfe\xed\xfa\xce', '\xfe\xed\xfa\xcf', '\xce\xfa\xed\xfe', '\xcf\xfa\xed\xfe']),
  signature('Java class or Mach-O universal binary', ['\xca\xfe\xba\xbe']),
  {
    name: 'Windows PE executable',
    matches: (head) => {
      if (!hasSignature(head, 'MZ') || head.length < 0x40) return false;
      return hasSignature(head, 'PE\0\0', head.readUInt32LE(0x3c));
    },
  },
  signature('WebAssembly module', ['\0asm']),
  signature('PNG image', ['\x89PNG\r\n\x1a\n']),
  signature('JPEG image', ['\xff\xd8\xff']),
  signature('GIF image', ['GIF87a', 'GIF89a']),
  signature('TIFF image', ['II*\0', 'MM\0*']),
  signature('RIFF media (WAV, AVI, WebP)', ['RIFF']),
  signature('MP4 or QuickTime media', ['ftyp'], 4),
  signature('Ogg media', ['OggS']),
  signature('FLAC audio', ['fLaC']),
  signature('MP3 audio', ['ID3']),
  signature('PDF document', ['%PDF-']),
  signature('Microsoft Compound File (doc, xls, msi)', ['\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1']),
  signature('ZIP archive', ['PK\x03\x04', 'PK\x05\x06', 'PK\x07\x08']),
  signature('7z archive', ['7z\xbc\xaf\x27\x1c']),
  signature('RAR archive', ['Rar!\x1a\x07']),
  signature('tar archive', ['ustar'], 257),
  signature('ar archive', ['!<arch>\n']),
  {
    name: 'bzip2 archive',
    matches: (head) =>
      hasSignature(head, 'BZh') &&
      head[3] !== undefined &&
      head[3] >= 0x31 &&
      head[3] <= 0x39 &&
      (hasSignature(head, '1AY&SY', 4) || hasSignature(head, '\x17\x72\x45\x38\x50\x90', 4)),
  },
  signature('xz archive', ['\xfd7zXZ\0']),
  signature('zstd archive', ['\x28\xb5\x2f\xfd']),
  signature('LZ4 archive', ['\x04\x22\x4d\x18']),
  signature('gzip inside gzip', ['\x1f\x8b']),
  signature('SQLite database', ['SQLite format 3\0']),
  signature('Parquet file', ['PAR1']),
  signature('Avro file', ['Obj\x01']),
  signature('systemd journal', ['LPKSHHRH']),
  signature('Windows event log (evtx)', ['ElfFile\0']),
  signature('Windows event log (evt)', ['LfLe'], 4),
  signature('pcap capture', ['\xd4\xc3\xb2\xa1', '\xa1\xb2\xc3\xd4']),
];

/**
 * Streams a file's lines in order, in batches (arrays of strings without line terminators).
 *
 * - gzip is detected by its magic bytes, whatever the file's name; multi-member gzip is read whole.
 * - Binary files are refused before any batch is yielded: known magic numbers, or a sample of the first
 *   8 KiB of text (NULs removed) where control characters other than tab/LF/VT/FF/CR/ESC make up 30% of
 *   the bytes, or 5% when the sample is not valid UTF-8.
 * - NUL bytes are removed and counted (logrotate's copytruncate leaves runs of them); a UTF-8 BOM is
 *   dropped; a file starting with a UTF-16 BOM is decoded as UTF-16.
 * - LF, CRLF and lone CR all end a line; a final line without terminator is yielded; empty lines are
 *   yielded as `""`, so the n-th string read is the file's line n.
 * - Invalid UTF-8 is decoded with U+FFFD and counted per line; lines longer than `maxLineBytes` are cut
 *   at a UTF-8 boundary and counted, and the rest of the line is skipped without being held.
 * - A batch holds the lines ending in about one mebibyte of text.
 *
 * @param file - Path of the file to read.
 * @param options - Reading options; see {@link DEFAULT_READ_OPTIONS}.
 * @param stats - Filled in as the file is read (pass one from {@link createReadStats} to see it); counts
 *   are final once the generator is done.
 * @returns An async generator of non-empty batches of lines.
 * @throws {@link BinaryFileError} when the file is binary, naming it.
 * @throws {@link InputFormatError} when the file cannot be opened or read, or its gzip is corrupt or
 *   truncated, naming the file and the line reached.
 * @throws RangeError when `maxLineBytes` is not a positive integer.
 *
 * @example
 * ```ts
 * const stats = createReadStats('app.log.gz');
 * for await (const batch of readLineBatches('app.log.gz', {}, stats)) {
 *   for (const line of batch) miner.addLogMessage(line);
 * }
 * console.log(`${stats.lines} lines, ${stats.truncatedLines} truncated`);
 * ```
 */
export async function* readLineBatches(
  file: string,
  options: ReadOptions = {},
  stats: ReadStats = createReadStats(file),
): AsyncGenerator<string[]> {
  for await (const batch of readBatches(file, options, stats, false)) yield batch.lines;
}

/** Line k's code units in one array, for scanners that read every character of every line. */
export interface LineCodes {
  /** Line k's code units are `units[starts[k], starts[k] + lines[k].length)`. */
  readonly units: Uint16Array;
  readonly starts: Int32Array;
}

/** A batch of lines, and their code units when they could be laid out without decoding each line again. */
export interface CodedLineBatch {
  readonly lines: string[];
  /**
   * The lines' code units, when the batch's text is valid UTF-8 and its lines were split from one region of it (not
   * held back while the file's start was checked, and not the last line without its terminator): most batches of
   * most logs. Else undefined, and a scanner copies each line's units out itself. Overwritten by the next batch.
   */
  readonly codes: LineCodes | undefined;
}

/**
 * readLineBatches, with each batch's code units where they come cheaply: a batch's bytes are decoded into one array
 * at once (ASCII bytes are their own code units, widened by one native copy), where copying each line's units out of
 * its string costs a native call a line.
 */
export function readCodedLineBatches(file: string, options: ReadOptions = {}, stats: ReadStats = createReadStats(file)): AsyncGenerator<CodedLineBatch> {
  return readBatches(file, options, stats, true);
}

async function* readBatches(file: string, options: ReadOptions, stats: ReadStats, withCodes: boolean): AsyncGenerator<CodedLineBatch> {
  const { maxLineBytes, continuesFile } = resolveReadOptions(options);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputFormatError(file, `cannot open (${describe(error)})`, { cause: error });
  }
  try {
    const gzip = !continuesFile && (await startsWithGzipMagic(handle, file));
    stats.gzip = gzip;
    const decoder = new LineDecoder(file, stats, maxLineBytes, continuesFile, withCodes);
    const chunks = gzip ? readGzipChunks(handle, file, stats) : readPlainChunks(handle, file, stats);
    for await (const chunk of chunks) {
      const lines = decoder.push(chunk);
      if (lines.length > 0) yield { lines, codes: decoder.codes };
    }
    const last = decoder.end();
    if (last.length > 0) yield { lines: last, codes: undefined };
  } finally {
    await handle.close();
  }
}

/** Applies {@link DEFAULT_READ_OPTIONS} and checks the result. */
function resolveReadOptions(options: ReadOptions): Required<ReadOptions> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_READ_OPTIONS.maxLineBytes;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  return { maxLineBytes, continuesFile: options.continuesFile ?? DEFAULT_READ_OPTIONS.continuesFile };
}

/** Whether the file starts with the gzip magic bytes 1f 8b. */
async function startsWithGzipMagic(handle: FileHandle, file: string): Promise<boolean> {
  const magic = Buffer.alloc(2);
  try {
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && isGzipMagic(magic);
  } catch (error) {
    throw new InputFormatError(file, `cannot read (${describe(error)})`, { line: 1, cause: error });
  }
}

/** Whether a file's first bytes are gzip's magic number, 1f 8b. */
export function isGzipMagic(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The UTF-16 encoding a file's first bytes name with a byte-order mark; undefined when they hold none. */
export function utf16ByteOrder(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The file's bytes, a chunk at a time, reading the next chunk while the caller handles this one. */
async function* readPlainChunks(handle: FileHandle, file: string, stats: ReadStats): AsyncGenerator<Buffer> {
  const read = async (position: number): Promise<Buffer> => {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    return bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  };
  let next: Promise<Buffer> | undefined = read(0);
  let position = 0;
  try {
    for (;;) {
      let chunk: Buffer;
      try {
        chunk = await next;
      } catch (error) {
        next = undefined;
        throw new InputFormatError(file, `cannot read (${describe(error)})`, { line: stats.lines + 1, cause: error });
      }
      if (chunk.length === 0) {
        next = undefined;
        return;
      }
      position += chunk.length;
      next = read(position);
      // The read may fail after the consumer has stopped; the finally block awaits it, so it is never unhandled.
      next.catch(() => undefined);
      yield chunk;
    }
  } finally {
    // Let an in-flight read finish before the caller closes the handle under it.
    await next?.catch(() => undefined);
  }
}

/** The file's decompressed bytes, a chunk at a time; every member of a multi-member gzip is read. */
async function* readGzipChunks(handle: FileHandle, file: string, stats: ReadStats): AsyncGenerator<Buffer> {
  const input = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false });
  // The callback only swallows the premature-close error of a consumer stopping early; real errors reach the loop.
  const gunzip = pipeline(input, createGunzip({ chunkSize: READ_CHUNK_BYTES }), () => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code?.startsWith('Z_') ? 'corrupt or truncated gzip' : 'cannot read';
    throw new InputFormatError(file, `${what} (${describe(error)})`, { line: stats.lines + 1, cause: error });
  }
}

/** An error's message, for wrapping it in one that names the file. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns the raw (decompressed) bytes of one file into lines: refuses binary content, handles BOMs,
 * transcodes UTF-16, removes NULs, then hands the text to a {@link LineSplitter}.
 *
 * @internal Exported so tests can feed it chunks of any size.
 */
export class LineDecoder {
  readonly #file: string;
  readonly #stats: ReadStats;
  readonly #splitter: LineSplitter;
  /** Chunks kept until {@link HEAD_BYTES} have arrived; undefined once the head has been examined. */
  #head: Buffer[] | undefined = [];
  #headLength = 0;
  /** Set when the file starts with a UTF-16 BOM. */
  #utf16: TextDecoder | undefined;
  /** The first {@link SNIFF_BYTES} of text; undefined once the file is known not to be binary. */
  #sample: Buffer | undefined = Buffer.allocUnsafe(SNIFF_BYTES);
  #sampleLength = 0;
  /** Lines split before the sample was complete, held back until it is. */
  #held: string[] = [];
  /** The code units of the lines push last returned, when the splitter laid them out. */
  #codes: LineCodes | undefined;

  /**
   * @param file - The file the bytes come from, for error messages.
   * @param stats - Counts to update.
   * @param maxLineBytes - Longest line kept, in bytes.
   * @param continuesFile - Whether the bytes continue a file whose start was checked already (ReadOptions).
   * @param withCodes - Whether to lay out the lines' code units (see {@link codes}).
   */
  constructor(file: string, stats: ReadStats, maxLineBytes: number, continuesFile = false, withCodes = false) {
    this.#file = file;
    this.#stats = stats;
    this.#splitter = new LineSplitter(stats, maxLineBytes, withCodes);
    if (continuesFile) {
      this.#head = undefined;
      this.#sample = undefined;
    }
  }

  /**
   * Takes the next chunk of bytes; the chunk may be modified in place.
   *
   * @returns The lines completed by this chunk (possibly none).
   * @throws {@link BinaryFileError} once enough bytes show the file is binary.
   */
  push(chunk: Buffer): string[] {
    this.#stats.bytes += chunk.length;
    this.#codes = undefined;
    if (this.#head === undefined) return this.#decode(chunk);
    this.#head.push(chunk);
    this.#headLength += chunk.length;
    return this.#headLength < HEAD_BYTES ? NO_LINES : this.#decode(this.#examineHead());
  }

  /** The code units of the lines push last returned, if the splitter laid them out; valid until the next push. */
  get codes(): LineCodes | undefined {
    return this.#codes;
  }

  /**
   * Signals the end of the bytes.
   *
   * @returns The lines still held back and the final line when it had no terminator.
   * @throws {@link BinaryFileError} when the file, short as it is, is binary.
   */
  end(): string[] {
    const lines = this.#head === undefined ? [] : [...this.#decode(this.#examineHead())];
    if (this.#utf16 !== undefined) lines.push(...this.#splitText(Buffer.from(this.#utf16.decode(), 'utf8')));
    if (this.#sample !== undefined) this.#checkSample(true);
    const held = this.#held;
    this.#held = [];
    // The lines returned here may come from several places; none has its code units laid out.
    this.#codes = undefined;
    return held.concat(lines, this.#splitter.end());
  }

  /** Checks the head for magic numbers and BOMs; returns the head's bytes, BOM-less for UTF-8. */
  #examineHead(): Buffer {
    const head = this.#head?.length === 1 ? this.#head[0]! : Buffer.concat(this.#head ?? []);
    this.#head = undefined;
    const magic = MAGIC_NUMBERS.find((candidate) => candidate.matches(head));
    if (magic !== undefined) throw new BinaryFileError(this.#file, `${magic.name} signature`);
    const utf16 = utf16ByteOrder(head);
    if (utf16 !== undefined) this.#utf16 = new TextDecoder(utf16);
    else if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return head.subarray(3);
    return head;
  }

  /** Transcodes UTF-16 to UTF-8 (the decoder drops the BOM), then splits. */
  #decode(bytes: Buffer): string[] {
    if (this.#utf16 === undefined) return this.#splitText(bytes);
    return this.#splitText(Buffer.from(this.#utf16.decode(bytes, { stream: true }), 'utf8'));
  }

  /** Removes NULs, feeds the sample, then splits, holding lines back while the sample is incomplete. */
  #splitText(bytes: Buffer): string[] {
    const text = removeNuls(bytes, this.#stats);
    if (this.#sample !== undefined) {
      const taken = text.copy(this.#sample, this.#sampleLength, 0, SNIFF_BYTES - this.#sampleLength);
      this.#sampleLength += taken;
      if (this.#sampleLength === SNIFF_BYTES) this.#checkSample(false);
    }
    const lines = this.#splitter.push(text);
    if (this.#sample !== undefined) {
      for (const line of lines) this.#held.push(line);
      return NO_LINES;
    }
    if (this.#held.length === 0) {
      this.#codes = this.#splitter.codes;
      return lines;
    }
    const out = this.#held.concat(lines);
    this.#held = [];
    return out;
  }

  /** Throws when the sample is binary; otherwise stops sampling. */
  #checkSample(complete: boolean): void {
    const sample = this.#sample?.subarray(0, this.#sampleLength) ?? Buffer.alloc(0);
    this.#sample = undefined;
    const reason = binaryReason(sample, complete);
    if (reason !== undefined) throw new BinaryFileError(this.#file, reason);
  }
}

/**
 * Why a sample of text (NULs removed) is binary, or undefined when it reads as text.
 *
 * @param complete - Whether the sample is the whole text, so a multi-byte character cut at its end is an error.
 */
function binaryReason(sample: Buffer, complete: boolean): string | undefined {
  if (sample.length === 0) return undefined;
  let control = 0;
  for (let i = 0; i < sample.length; i++) control += CONTROL_BYTES[sample[i]!]!;
  const share = control / sample.length;
  const binary =
    share >= BINARY_CONTROL_SHARE ||
    (share >= BINARY_CONTROL_SHARE_INVALID_UTF8 &&
      !isUtf8(complete ? sample : sample.subarray(0, utf8SafeEnd(sample, 0, sample.length))));
  if (!binary) return undefined;
  return `${Math.round(share * 100)}% of the first ${sample.length} bytes are control characters`;
}

/** Removes NUL bytes from `bytes` in place and counts them; returns the text that remains. */
function removeNuls(bytes: Buffer, stats: ReadStats): Buffer {
  let read = bytes.indexOf(0);
  if (read === -1) return bytes;
  const length = bytes.length;
  let write = read;
  while (read < length) {
    while (read < length && bytes[read] === 0) read++;
    if (read === length) break;
    let next = bytes.indexOf(0, read);
    if (next === -1) next = length;
    bytes.copy(bytes, write, read, next);
    write += next - read;
    read = next;
  }
  stats.nulBytes += length - write;
  return bytes.subarray(0, write);
}

/**
 * The end of `bytes[start, end)` moved back so it does not cut a UTF-8 character in two.
 * Bytes that are not valid UTF-8 anyway are left as they are.
 */
function utf8SafeEnd(bytes: Buffer, start: number, end: number): number {
  const floor = Math.max(start, end - 4);
  let lead = end - 1;
  while (lead >= floor && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < floor) return end;
  const byte = bytes[lead]!;
  const width = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return end - lead < width ? lead : end;
}

/**
 * Whether UTF-8 can be transcoded into code units as a Uint16Array reads them: transcode writes UTF-16LE, and
 * exists only in Node builds with ICU (Lambda's and the official ones have it).
 */
const CAN_TRANSCODE = endianness() === 'LE' && typeof transcode === 'function';

/** The code units a line of valid UTF-8, bytes[start, end), decodes to: `line`'s, unless it was cut at maxLineBytes. */
function unitsOfLine(bytes: Buffer, start: number, end: number, line: string, maxLineBytes: number): number {
  return end - start > maxLineBytes ? bytes.toString('utf8', start, end).length : line.length;
}

/**
 * Splits text (UTF-8, NUL-free) into lines across chunk boundaries, holding at most `maxLineBytes`
 * of an unfinished line.
 */
class LineSplitter {
  readonly #stats: ReadStats;
  readonly #maxLineBytes: number;
  /** The kept bytes of the line in progress (the part after the last terminator seen). */
  #pending = Buffer.alloc(0);
  #pendingLength = 0;
  /** Whether a line is in progress, even one whose kept part is empty. */
  #pendingActive = false;
  /** Whether the line in progress was already cut: its bytes are dropped until its terminator. */
  #skipping = false;
  /** Whether the last chunk ended with CR, so an LF starting the next chunk belongs to it. */
  #afterCr = false;
  /** Whether to lay out the lines' code units; the arrays they are laid out in, reused. */
  readonly #withCodes: boolean;
  #units = new Uint16Array(0);
  #unitBytes = Buffer.alloc(0);
  #starts = new Int32Array(0);
  #codes: LineCodes | undefined;

  constructor(stats: ReadStats, maxLineBytes: number, withCodes = false) {
    this.#stats = stats;
    this.#maxLineBytes = maxLineBytes;
    this.#withCodes = withCodes;
  }

  /** The code units of the lines the last push returned, when it laid them out. */
  get codes(): LineCodes | undefined {
    return this.#codes;
  }

  /** Takes the next chunk of text and returns the lines it completes. */
  push(chunk: Buffer): string[] {
    this.#codes = undefined;
    const length = chunk.length;
    if (length === 0) return NO_LINES;
    let start = 0;
    if (this.#afterCr) {
      this.#afterCr = false;
      if (chunk[0] === LF) start = 1;
    }
    const firstLf = chunk.indexOf(LF, start);
    const firstCr = chunk.indexOf(CR, start);
    if (firstLf === -1 && firstCr === -1) {
      this.#append(chunk, start, length, this.#stats.lines + 1);
      return NO_LINES;
    }
    // The last terminator: the last LF, or a CR after it. Searching CRs forward from the last LF avoids a
    // backward scan of the whole chunk when CRs are rare.
    let last = firstLf === -1 ? -1 : chunk.lastIndexOf(LF);
    if (firstCr !== -1) {
      for (let cr = chunk.indexOf(CR, Math.max(last + 1, firstCr)); cr !== -1; cr = chunk.indexOf(CR, cr + 1)) last = cr;
    }
    let region: Buffer;
    if (this.#pendingActive) {
      const first = firstLf === -1 ? firstCr : firstCr === -1 ? firstLf : Math.min(firstLf, firstCr);
      const rest = chunk.subarray(this.#skipping ? first : start, last + 1);
      region = Buffer.concat([this.#pending.subarray(0, this.#pendingLength), rest]);
    } else {
      region = chunk.subarray(start, last + 1);
    }
    const lines = this.#split(region, firstCr !== -1);
    this.#pendingLength = 0;
    this.#pendingActive = false;
    this.#skipping = false;
    if (last === length - 1 && chunk[last] === CR) this.#afterCr = true;
    else this.#append(chunk, last + 1, length, this.#stats.lines + lines.length + 1);
    this.#stats.lines += lines.length;
    return lines;
  }

  /** Returns the final line when the text did not end with a terminator. */
  end(): string[] {
    if (!this.#pendingActive) return NO_LINES;
    const line = this.#decodeLine(this.#pending, 0, this.#pendingLength, this.#stats.lines + 1);
    this.#pendingLength = 0;
    this.#pendingActive = false;
    this.#skipping = false;
    this.#stats.lines++;
    return [line];
  }

  /**
   * Splits bytes that end with a terminator into lines.
   *
   * Each line is decoded from the bytes on its own rather than sliced out of one decoded block: a slice
   * would keep the whole block's string alive for as long as any caller keeps the line (or a long token
   * of it), and a miner keeps some.
   */
  #split(region: Buffer, hasCr: boolean): string[] {
    const ascii = isAscii(region);
    const encoding = ascii ? 'latin1' : 'utf8';
    // Lines are checked one by one only when the region as a whole is not valid UTF-8.
    const checked = !ascii && !isUtf8(region);
    const maxLineBytes = this.#maxLineBytes;
    const length = region.length;
    const lines: string[] = [];
    let position = 0;
    // Valid UTF-8 decodes line by line as it does whole, the terminators being ASCII: line k's code units start where
    // line k - 1's and its terminator end. ASCII bytes are their own code units, so there they start at the bytes.
    const starts = this.#withCodes && !checked ? this.#layOut(region, ascii) : undefined;
    let unit = 0;
    if (!hasCr) {
      while (position < length) {
        const end = region.indexOf(LF, position);
        const line =
          checked || end - position > maxLineBytes
            ? this.#decodeLine(region, position, end, this.#stats.lines + lines.length + 1)
            : region.toString(encoding, position, end);
        if (starts) {
          starts[lines.length] = ascii ? position : unit;
          if (!ascii) unit += unitsOfLine(region, position, end, line, maxLineBytes) + 1;
        }
        lines.push(line);
        position = end + 1;
      }
      return lines;
    }
    let nextLf = region.indexOf(LF);
    let nextCr = region.indexOf(CR);
    while (position < length) {
      if (nextLf !== -1 && nextLf < position) nextLf = region.indexOf(LF, position);
      if (nextCr !== -1 && nextCr < position) nextCr = region.indexOf(CR, position);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextLf, nextCr);
      const line =
        checked || end - position > maxLineBytes
          ? this.#decodeLine(region, position, end, this.#stats.lines + lines.length + 1)
          : region.toString(encoding, position, end);
      const terminator = region[end] === CR && region[end + 1] === LF ? 2 : 1;
      if (starts) {
        starts[lines.length] = ascii ? position : unit;
        if (!ascii) unit += unitsOfLine(region, position, end, line, maxLineBytes) + terminator;
      }
      lines.push(line);
      position = end + terminator;
    }
    return lines;
  }

  /**
   * Lays out a region of valid UTF-8 in the code-units array (widening ASCII bytes, or transcoding the region whole),
   * as the codes of the lines #split is about to return; undefined when this platform cannot transcode it.
   * @returns the array of line starts, for #split to fill in (a region of n bytes holds at most n lines).
   */
  #layOut(region: Buffer, ascii: boolean): Int32Array | undefined {
    if (!ascii && !CAN_TRANSCODE) return undefined;
    // UTF-8 never decodes to more code units than it has bytes.
    if (this.#units.length < region.length) {
      const size = Math.max(region.length, 2 * this.#units.length);
      this.#units = new Uint16Array(size);
      this.#unitBytes = Buffer.from(this.#units.buffer);
      this.#starts = new Int32Array(size);
    }
    // transcode writes UTF-16 without building a string, which decoding 256 KiB of UTF-8 to one costs five times over.
    if (ascii) this.#units.set(region);
    else this.#unitBytes.set(transcode(region, 'utf8', 'utf16le'));
    this.#codes = { units: this.#units, starts: this.#starts };
    return this.#starts;
  }

  /** Decodes one line's bytes the slow way: cut at `maxLineBytes`, counted when not valid UTF-8. */
  #decodeLine(bytes: Buffer, start: number, end: number, lineNumber: number): string {
    let cut = end;
    if (end - start > this.#maxLineBytes) {
      cut = utf8SafeEnd(bytes, start, start + this.#maxLineBytes);
      this.#stats.truncatedLines++;
      this.#stats.firstTruncatedLine ??= lineNumber;
    }
    const line = bytes.subarray(start, cut);
    if (!isUtf8(line)) {
      this.#stats.invalidUtf8Lines++;
      this.#stats.firstInvalidUtf8Line ??= lineNumber;
    }
    return line.toString('utf8');
  }

  /** Adds `chunk[from, to)` (no terminator in it) to the line in progress, cutting it at `maxLineBytes`. */
  #append(chunk: Buffer, from: number, to: number, lineNumber: number): void {
    if (to <= from) return;
    this.#pendingActive = true;
    if (this.#skipping) return;
    const room = this.#maxLineBytes - this.#pendingLength;
    const take = Math.min(room, to - from);
    this.#reserve(this.#pendingLength + take);
    chunk.copy(this.#pending, this.#pendingLength, from, from + take);
    this.#pendingLength += take;
    if (to - from > room) {
      this.#pendingLength = utf8SafeEnd(this.#pending, 0, this.#pendingLength);
      this.#skipping = true;
      this.#stats.truncatedLines++;
      this.#stats.firstTruncatedLine ??= lineNumber;
    }
  }

  /** Grows the pending buffer to hold `size` bytes, keeping its content. */
  #reserve(size: number): void {
    if (size <= this.#pending.length) return;
    const grown = Buffer.allocUnsafe(Math.min(this.#maxLineBytes, Math.max(size, 2 * this.#pending.length, 4096)));
    this.#pending.copy(grown, 0, 0, this.#pendingLength);
    this.#pending = grown;
  }
}
