/** Types of the reading stage: a file on disk in, batches of physical lines out. */

/** Options of `readLineBatches`. */
export interface ReadOptions {
  /** Longest line kept, in bytes; longer lines are truncated to this many bytes (at a UTF-8 boundary) and counted. @default 65536 */
  maxLineBytes?: number;
  /**
   * Whether the bytes continue a file whose start was read already (a byte range cut from a bigger file at a line
   * start): they are read as that file's text, without the checks that belong to a file's start (gzip, byte-order
   * marks, magic numbers, binary content).
   * @default false
   */
  continuesFile?: boolean;
}

/** The defaults of {@link ReadOptions}, applied by `readLineBatches`. */
export const DEFAULT_READ_OPTIONS: Required<ReadOptions> = Object.freeze({
  maxLineBytes: 65_536,
  continuesFile: false,
});

/** What reading one file found: its encoding, its size and the repairs made to its text. */
export interface ReadStats {
  /** The file read, as given. */
  file: string;
  /** Whether the file was gzip (detected by magic bytes 1f 8b, whatever its name). */
  gzip: boolean;
  /** Bytes of text after decompression. */
  bytes: number;
  /** Physical lines yielded. */
  lines: number;
  /** Lines that held invalid UTF-8 (decoded with U+FFFD replacement). */
  invalidUtf8Lines: number;
  /** 1-based number of the first line with invalid UTF-8, if any. */
  firstInvalidUtf8Line?: number;
  /** Lines cut at maxLineBytes. */
  truncatedLines: number;
  /** 1-based number of the first line cut at maxLineBytes, if any. */
  firstTruncatedLine?: number;
  /** NUL bytes removed from the text. */
  nulBytes: number;
}

/**
 * Creates the zeroed stats of a file about to be read, for `readLineBatches` to fill in.
 *
 * @param file - The file the stats are about.
 * @returns Stats with every count at zero and `gzip` false.
 */
export function createReadStats(file: string): ReadStats {
  return { file, gzip: false, bytes: 0, lines: 0, invalidUtf8Lines: 0, truncatedLines: 0, nulBytes: 0 };
}
