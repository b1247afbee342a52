/** Messages the commands share. */
import type { ReadStats } from '../shared/reading/index.ts';

/** Tells what reading had to repair, so nothing is changed silently. */
export function reportRepairs(stats: ReadStats): void {
  const notes: string[] = [];
  if (stats.invalidUtf8Lines > 0) {
    notes.push(`${stats.invalidUtf8Lines} line(s) with invalid UTF-8, first at line ${stats.firstInvalidUtf8Line} (replaced with U+FFFD)`);
  }
  if (stats.truncatedLines > 0) {
    notes.push(`${stats.truncatedLines} line(s) longer than the limit, first at line ${stats.firstTruncatedLine} (truncated)`);
  }
  if (stats.nulBytes > 0) notes.push(`${stats.nulBytes} NUL byte(s) (removed)`);
  if (stats.lines === 0) notes.push('empty file');
  if (notes.length > 0) process.stderr.write(`loganomaly: warning: ${stats.file}: ${notes.join('; ')}\n`);
}
