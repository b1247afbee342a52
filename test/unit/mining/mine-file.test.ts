import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnFile, mineFile, TemplateMiner, type MineFileOptions } from '../../../shared/mining/index.ts';
import { readRecords } from '../../../shared/parsing/read-records.ts';
import { detectLayout } from '../../../shared/parsing/records.ts';
import { READ_CHUNK_BYTES } from '../../../shared/reading/read-lines.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loganomaly-mine-file-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The definition learnFile must agree with: every record readRecords gives, its message added to a miner. */
async function mineRecords(file: string, options: MineFileOptions): Promise<{ lines: number; records: number; templates: unknown }> {
  const miner = new TemplateMiner(options);
  let lines = 0;
  let records = 0;
  for await (const batch of readRecords(file, options).batches) {
    for (const record of batch) {
      miner.add(record.message);
      lines += record.lineCount;
      records++;
    }
  }
  return { lines, records, templates: miner.build().templates };
}

/** Lines of a service log over several read chunks: varied messages, stack traces, and lines without a header. */
function serviceLog(count: number, line: (i: number, time: string) => string): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.UTC(2024, 4, 1) + i * 137).toISOString();
    out.push(line(i, time));
    if (i % 101 === 0) out.push('java.lang.IllegalStateException: pool exhausted', '\tat com.acme.Pool.take(Pool.java:42)', 'Caused by: timeout after 30s');
    if (i % 211 === 0) out.push('a line without a header');
  }
  return out.join('\n') + '\n';
}

// Messages that differ in their first character only, so that reading a message from the wrong offset shows.
const plainLine = (i: number, time: string): string =>
  `${time} ${['INFO', 'WARN', 'ERROR'][i % 3]} [worker-${i % 7}] c.a.Service: ${'ABC'[i % 3]}-request ${i} for user-${i % 13} took ${i % 900}ms status=${200 + (i % 5)}`;

/** A plain service log of 12,000 records, over several read chunks. */
const PLAIN_12K = serviceLog(12_000, plainLine);

describe('Function: learnFile', () => {
  const cases: ReadonlyArray<readonly [string, string, MineFileOptions, string]> = [
    ['plain text over several chunks, with traces', PLAIN_12K, {}, 'plain'],
    ['plain text with a non-ASCII batch among ASCII ones', serviceLog(12_000, (i, time) => plainLine(i, time) + (i === 6_000 ? ' größe=12µs' : '')), {}, 'plain'],
    ['plain text with CRLF endings', serviceLog(3_000, plainLine).replaceAll('\n', '\r\n'), {}, 'plain'],
    ['plain text whose layout sample spans several chunks', PLAIN_12K, { sampleLines: 9_000 }, 'plain'],
    ['plain text with traces cut at two continuation lines', serviceLog(3_000, plainLine), { maxContinuationLines: 2 }, 'plain'],
    ['plain text without timestamps', serviceLog(3_000, (i) => `worker-${i % 7}: request ${i} took ${i % 900}ms`), {}, 'plain'],
    ['JSON lines', serviceLog(3_000, (i, time) => JSON.stringify({ time, level: 'info', msg: `request ${i} took ${i % 900}ms` })), {}, 'json-lines'],
    ['CloudWatch export lines', serviceLog(3_000, (i, time) => `${time} ${time} INFO api: request ${i} took ${i % 900}ms`), {}, 'cloudwatch-export'],
  ];

  it.each(cases)('mines %s as adding every record readRecords gives', async (name, text, options, format) => {
    // Prepare
    const file = join(dir, `${name.replaceAll(' ', '-')}.log`);
    await writeFile(file, text);
    // Act
    const mined = await mineFile(file, options);
    // Assess
    expect(mined.layout?.format).toBe(format);
    expect({ lines: mined.lines, records: mined.records, templates: mined.templateSet.templates }).toEqual(await mineRecords(file, options));
  });

  it('keeps the layout it was given for an empty file, as a chunk of a bigger file has one', async () => {
    // Prepare
    const file = join(dir, 'empty.log');
    await writeFile(file, '');
    const layout = detectLayout(['2024-05-01T12:00:00Z INFO api: started']);
    // Act
    const learned = await learnFile(file, new TemplateMiner(), { layout });
    // Assess
    expect(learned).toEqual({ lines: 0, records: 0, layout });
  });

  it('reads a plain log bigger than one read chunk in several batches', async () => {
    // Prepare
    const file = join(dir, 'batches.log');
    await writeFile(file, PLAIN_12K);
    let batches = 0;
    // Act
    const learned = await learnFile(file, new TemplateMiner(), {}, undefined, () => batches++);
    // Assess
    expect(PLAIN_12K.length).toBeGreaterThan(4 * READ_CHUNK_BYTES);
    expect(batches).toBeGreaterThan(4);
    expect(learned.layout?.format).toBe('plain');
  });
});
