/**
 * The throughput baseline: the least work any miner must do on a file, timed on the same machine in the same run.
 * Mining is reported as a ratio to it, so the figure says what mining costs beyond reading, not how fast the box is.
 */
import { readLineBatches } from '../shared/reading/index.ts';

/** What the baseline counted; returned so the work cannot be optimised away. */
export interface ReadSplitResult {
  /** Lines read. */
  lines: number;
  /** Whitespace-separated tokens in those lines. */
  tokens: number;
}

/**
 * Whitespace, as a tokenizer splits on it. Splitting with a regex allocates every token, which is the same work
 * a miner's tokenizer does, so the baseline is not flattered by a scan that only counts.
 */
const WHITESPACE = /\s+/;

/** Reads, decodes and splits `file` into lines and whitespace tokens, through the same reader mining uses. */
export async function readSplit(file: string): Promise<ReadSplitResult> {
  let lines = 0;
  let tokens = 0;
  for await (const batch of readLineBatches(file)) {
    for (const line of batch) {
      lines++;
      for (const token of line.split(WHITESPACE)) if (token !== '') tokens++;
    }
  }
  return { lines, tokens };
}
