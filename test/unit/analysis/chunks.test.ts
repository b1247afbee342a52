import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decodeChunkMining, decodeMergedFile, detectMerged, encodeChunkMining, encodeMergedFile, mergeChunks, mineChunk, planChunks, splitIntoChunks } from '../../../shared/analysis/index.ts';
import { readLineBatches } from '../../../shared/reading/index.ts';

let dir: string;
let file: string;

/** A log with stack traces, several components, a flood and a leaked password. */
function log(): string {
  const lines: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const at = new Date(Date.UTC(2024, 4, 1) + i * 500).toISOString();
    if (i >= 3000 && i < 4500) {
      lines.push(`${at} ERROR [pool] db.Pool: Connection to db-1:5432 refused (attempt ${i % 5})`);
      continue;
    }
    lines.push(`${at} INFO [http-${i % 7}] api.Orders: Order ${i} placed by customer c-${i % 31} in ${i % 50}ms`);
    if (i % 500 === 7) lines.push(`${at} ERROR [worker] app.Jobs: Job ${i} failed`, 'java.lang.IllegalStateException: locked', '\tat app.Jobs.run(Jobs.java:42)');
    if (i === 4700) lines.push(`${at} INFO [main] app.Db: connecting to postgresql://app:hunter2secret@db-1:5432/orders`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loganomaly-chunks-'));
  file = join(dir, 'app.log');
  writeFileSync(file, log());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Function: splitIntoChunks', () => {
  it('cuts only where a record starts, and the chunks hold every line in order', async () => {
    // Act
    const { chunks, layout, readStats } = await splitIntoChunks(file, dir, 64 * 1024);
    // Assess
    expect(chunks.length).toBeGreaterThan(5);
    expect(layout).toBeDefined();
    const joined = chunks.map((c) => readFileSync(c.path, 'utf8')).join('');
    expect(joined).toBe(readFileSync(file, 'utf8'));
    for (const chunk of chunks) expect(readFileSync(chunk.path, 'utf8')).toMatch(/^2024-/);
    expect(chunks.reduce((n, c) => n + c.lines, 0)).toBe(readStats.lines);
    expect(chunks[1]!.firstLine).toBe(chunks[0]!.lines + 1);
  });
});

describe('Function: planChunks', () => {
  /** The lines of bytes [start, end) of `path`, read as a chunk is: in place, as the continuation of the file. */
  async function linesOfRange(path: string, start: number, end: number): Promise<string[]> {
    const part = join(dir, `range-${start}.log`);
    writeFileSync(part, readFileSync(path).subarray(start, end));
    const lines: string[] = [];
    for await (const batch of readLineBatches(part, { continuesFile: start > 0 })) lines.push(...batch);
    return lines;
  }

  it('cuts byte ranges at record starts only, which read in place give every line of the file in order', async () => {
    // Act
    const plan = await planChunks(file, 64 * 1024);
    // Assess
    const chunks = plan!.chunks;
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks[0]!.start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(readFileSync(file).length);
    const lines: string[] = [];
    for (const [i, chunk] of chunks.entries()) {
      if (i > 0) expect(chunk.start).toBe(chunks[i - 1]!.end);
      if (i < chunks.length - 1) expect(chunk.end - chunk.start).toBeGreaterThanOrEqual(64 * 1024);
      expect(chunk.firstLine).toBe(lines.length + 1);
      const own = await linesOfRange(file, chunk.start, chunk.end);
      expect(own).toHaveLength(chunk.lines);
      // A record starts every chunk: no stack trace is cut from its record.
      expect(own[0]).toMatch(/^2024-/);
      lines.push(...own);
    }
    expect(lines).toEqual(readFileSync(file, 'utf8').split('\n').slice(0, -1));
  });

  it('counts a last line without a terminator, and may start the last chunk with it', async () => {
    // Prepare
    const path = join(dir, 'unterminated.log');
    writeFileSync(path, `${'2024-05-01T12:00:00Z INFO api: one line of the log\n'.repeat(40)}2024-05-01T12:00:01Z INFO api: the last`);
    // Act
    const plan = await planChunks(path, 40 * 51);
    // Assess
    expect(plan!.chunks.map((c) => [c.firstLine, c.lines])).toEqual([[1, 40], [41, 1]]);
    expect(await linesOfRange(path, plan!.chunks[1]!.start, plan!.chunks[1]!.end)).toEqual(['2024-05-01T12:00:01Z INFO api: the last']);
  });

  it.each([
    ['gzip', (text: string) => gzipSync(text)],
    ['CRLF line ends', (text: string) => Buffer.from(text.replaceAll('\n', '\r\n'))],
    ['NUL bytes', (text: string) => Buffer.from(text.replace('INFO', 'IN\0FO'))],
    ['UTF-16', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
  ])('leaves a file with %s to splitIntoChunks, where a byte range would not read as the file does', async (_, encode) => {
    // Prepare
    const path = join(dir, 'other.log');
    writeFileSync(path, encode('2024-05-01T12:00:00Z INFO api: a line\n'.repeat(5000)));
    // Act & Assess
    expect(await planChunks(path, 16 * 1024)).toBeUndefined();
  });
});

describe('Function: mergeChunks', () => {
  it('gives the same templates, records and anomalies from chunks as from the whole file', async () => {
    // Prepare
    const whole = mergeChunks([await mineChunk(file)]);
    const { chunks, layout } = await splitIntoChunks(file, dir, 50 * 1024);
    // Act: each chunk mined apart with the file's layout, sent through its binary form, then merged.
    const minings = [];
    for (const chunk of chunks) minings.push(decodeChunkMining(encodeChunkMining(await mineChunk(chunk.path, { read: { layout, firstLine: chunk.firstLine } }))));
    const merged = mergeChunks(minings);
    // Assess
    expect(merged.templates).toEqual(whole.templates);
    expect([...merged.records.template]).toEqual([...whole.records.template]);
    expect([...merged.records.line]).toEqual([...whole.records.line]);
    expect([...merged.records.timestampMs]).toEqual([...whole.records.timestampMs]);
    expect(merged.records.component.map((c) => c)).toEqual(whole.records.component.map((c) => c));
    expect(merged.components.length).toBe(whole.components.length);
    expect([...merged.secretKinds]).toEqual([...whole.secretKinds]);
    expect(merged.security).toEqual(whole.security);
    const anomalies = (m: Parameters<typeof detectMerged>[1]) => detectMerged('app.log', m).anomalies.map((a) => [a.id, a.score, a.lines]);
    expect(anomalies(merged)).toEqual(anomalies(whole));
    // The merged file survives its binary form too.
    const stored = decodeMergedFile(encodeMergedFile(merged));
    expect(anomalies(stored)).toEqual(anomalies(whole));
    expect(stored.security).toEqual(whole.security);
    expect([...stored.secretKinds]).toEqual([...whole.secretKinds]);
  });
});

describe('Compaction', () => {
  it('leaves no record without its template when the miner compacts, in a chunk or while merging', async () => {
    // Prepare: 600 user names no mask sees, against a cap of 40 distinct messages.
    const names = Array.from({ length: 600 }, (_, i) => `user${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`);
    const lines = names.flatMap((name, i) => [
      `2024-05-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z INFO [main] app.Auth: Session opened for ${name}`,
      `2024-05-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.500Z INFO [main] app.Auth: Profile of ${name} loaded`,
    ]);
    const many = join(dir, 'names.log');
    writeFileSync(many, `${lines.join('\n')}\n`);
    const mining = { maxDistinctMessages: 40 };
    const { chunks, layout } = await splitIntoChunks(many, dir, 16 * 1024);
    const minings = [];
    for (const chunk of chunks) minings.push(await mineChunk(chunk.path, { read: { layout, firstLine: chunk.firstLine }, mining }));
    // Act
    const merged = mergeChunks(minings, { mining });
    // Assess
    expect(chunks.length).toBeGreaterThan(2);
    expect(minings[0]!.snapshot.messages.length).toBeLessThan(minings[0]!.rows.size);
    expect(merged.records.size).toBe(1200);
    expect(merged.records.template.every((t) => t >= 0 && t < merged.templates.length)).toBe(true);
    const counted = new Map<number, number>();
    for (const t of merged.records.template) counted.set(t, (counted.get(t) ?? 0) + 1);
    expect([...counted.keys()].sort((a, b) => a - b)).toEqual([...Array(counted.size).keys()]);
  });
});
