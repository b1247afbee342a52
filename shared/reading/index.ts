/** Reading log files: listing them, and streaming their lines in bounded memory. */
export { createReadStats, DEFAULT_READ_OPTIONS } from './types.ts';
export type { ReadOptions, ReadStats } from './types.ts';
export { isGzipMagic, readCodedLineBatches, readLineBatches, utf16ByteOrder } from './read-lines.ts';
export type { CodedLineBatch, LineCodes } from './read-lines.ts';
export { listLogFiles } from './list-files.ts';
