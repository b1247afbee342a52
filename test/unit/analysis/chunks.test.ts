import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeChunkMining, decodeMergedFile, detectMerged, encodeChunkMining, encodeMergedFile, mergeChunks, mineChunk, splitIntoChunks } from '../../../shared/analysis/index.ts';

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
