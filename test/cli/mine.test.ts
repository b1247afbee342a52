import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, loganomaly } from '../helpers/cli.ts';



function jsonLines(text: string): Record<string, unknown>[] {
  return text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const JAVA_LOG = [
  '2024-05-01 12:00:00,001 INFO [main] com.acme.Api: Started server on port 8080',
  '2024-05-01 12:00:01,002 INFO [worker-1] com.acme.Orders: Order 1001 placed by customer c-17',
  '2024-05-01 12:00:02,003 ERROR [worker-2] com.acme.Orders: Failed to process order 1002',
  'java.lang.IllegalStateException: inventory locked',
  '\tat com.acme.Orders.process(Orders.java:42)',
  'Caused by: java.sql.SQLException: timeout',
  '\t... 3 more',
  '2024-05-01 12:00:03,004 INFO [worker-1] com.acme.Orders: Order 1003 placed by customer c-99',
].join('\n');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loganomaly-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Command: loganomaly mine', () => {
  it('writes one object per physical line, in order, with the record fields and a shared template for a stack trace', async () => {
    // Prepare
    const file = join(dir, 'app.log');
    writeFileSync(file, `${JAVA_LOG}\n`);
    const out = join(dir, 'nested', 'app.jsonl');
    // Act
    const result = await loganomaly(['mine', file, '--output', out]);
    // Assess
    expect(result.code).toBe(0);
    const lines = jsonLines(readFileSync(out, 'utf8'));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Object.keys(lines[0]!)).toEqual(['file', 'line', 'templateId', 'template', 'params', 'timestamp', 'level', 'component']);
    expect(lines[1]).toMatchObject({
      file,
      template: 'Order <*> placed by customer c-<*>',
      params: ['1001', '17'],
      timestamp: '2024-05-01T12:00:01.002Z',
      level: 'INFO',
      component: 'com.acme.Orders',
    });
    expect(lines[7]!.templateId).toBe(lines[1]!.templateId);
    // The error line and its four continuation lines are one record.
    const errorRecord = lines.slice(2, 7);
    expect(new Set(errorRecord.map((l) => l.template))).toEqual(new Set(['Failed to process order <*>']));
    expect(errorRecord.every((l) => l.level === 'ERROR')).toBe(true);
    expect(result.stderr).toMatch(/mined 8 lines from 1 file\(s\) into 3 templates/);
    expect(result.stderr).toMatch(/UTC assumed/);
  });

  it('writes to standard output without --output', async () => {
    // Prepare
    const file = join(dir, 'stdout.log');
    writeFileSync(file, 'disk full on /dev/sda1\ndisk full on /dev/sdb2\n');
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((l) => l.template)).toEqual(['disk full on <*>', 'disk full on <*>']);
  });

  it('reads gzip by its magic bytes whatever the name', async () => {
    // Prepare
    const file = join(dir, 'rotated.log.1');
    writeFileSync(file, gzipSync(`${JAVA_LOG}\n`));
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(8);
  });

  it('walks a directory recursively and skips a binary file with a warning naming it', async () => {
    // Prepare
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'b'), { recursive: true });
    writeFileSync(join(root, 'a.log'), 'user alice logged in\n');
    writeFileSync(join(root, 'b', 'c.log'), 'user bob logged in\nuser carol logged in\n');
    writeFileSync(join(root, 'b', 'tool'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]));
    // Act
    const result = await loganomaly(['mine', root]);
    // Assess
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => [l.file, l.line])).toEqual([
      [join(root, 'a.log'), 1],
      [join(root, 'b', 'c.log'), 1],
      [join(root, 'b', 'c.log'), 2],
    ]);
    expect(result.stderr).toContain(`warning: skipped ${join(root, 'b', 'tool')}`);
  });

  it('does not read back its own output when it is written inside the input folder', async () => {
    // Prepare
    const root = join(dir, 'self');
    mkdirSync(root);
    writeFileSync(join(root, 'a.log'), 'user alice logged in\nuser bob logged in\n');
    const out = join(root, 'z.jsonl');
    // Act: twice, so that the second run finds the first run's output in the folder.
    await loganomaly(['mine', root, '--output', out]);
    const second = await loganomaly(['mine', root, '--output', out]);
    // Assess
    expect(second.code).toBe(0);
    expect(jsonLines(readFileSync(out, 'utf8')).map((l) => l.file)).toEqual([join(root, 'a.log'), join(root, 'a.log')]);
  });

  it('refuses a binary file named on its own, naming it, with a non-zero status', async () => {
    // Prepare
    const file = join(dir, 'image.png');
    writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]));
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/not a text log/);
  });

  it('names the file and the line reached when a gzip stream is corrupt', async () => {
    // Prepare
    const file = join(dir, 'broken.gz');
    const gz = gzipSync(Array.from({ length: 5000 }, (_, i) => `line ${i} of a log that will be cut`).join('\n'));
    writeFileSync(file, gz.subarray(0, gz.length - 100));
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:`));
  });

  it('names a path that does not exist, and leaves no output file behind', async () => {
    // Prepare
    const out = join(dir, 'never.jsonl');
    // Act
    const result = await loganomaly(['mine', join(dir, 'missing.log'), '--output', out]);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.log');
    expect(existsSync(out)).toBe(false);
  });

  it('handles an empty file with a warning and no output', async () => {
    // Prepare
    const file = join(dir, 'empty.log');
    writeFileSync(file, '');
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}: empty file`);
  });

  it('keeps lines with invalid UTF-8 and NUL bytes, and says how many were repaired', async () => {
    // Prepare
    const file = join(dir, 'latin1.log');
    writeFileSync(file, Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' opened\n\0\0\0cafe closed\n')]));
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((l) => l.line)).toEqual([1, 2]);
    expect(result.stderr).toContain(`${file}: 1 line(s) with invalid UTF-8, first at line 1`);
    expect(result.stderr).toContain('3 NUL byte(s)');
  });

  it('truncates a 10 MB line, keeps the lines after it, and says so', async () => {
    // Prepare
    const file = join(dir, 'long.log');
    writeFileSync(file, `before\n${'x'.repeat(10 * 1024 * 1024)}\nafter\n`);
    // Act
    const result = await loganomaly(['mine', file, '--max-line-bytes', '1024']);
    // Assess
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(lines[2]!.template).toBe('after');
    expect((lines[1]!.template as string).length).toBe(1024);
    expect(result.stderr).toContain(`${file}: 1 line(s) longer than the limit, first at line 2`);
  });

  it('keeps a line whose timestamp does not parse, as part of the record above it', async () => {
    // Prepare
    const file = join(dir, 'badtime.log');
    writeFileSync(file, [
      '2024-05-01 12:00:00 INFO api: request served in 12ms',
      '2024-05-01 12:00:01 INFO api: request served in 15ms',
      '2024-13-45 99:99:99 INFO api: request served in 17ms',
      '2024-05-01 12:00:02 INFO api: request served in 11ms',
    ].join('\n'));
    // Act
    const result = await loganomaly(['mine', file]);
    // Assess
    const lines = jsonLines(result.stdout);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[2]!.timestamp).toBe('2024-05-01T12:00:01.000Z');
  });

  it('names an output it cannot write, before mining anything', async () => {
    // Prepare
    const file = join(dir, 'out-test.log');
    writeFileSync(file, 'a 1\n');
    // Act: the output path is a directory.
    const result = await loganomaly(['mine', file, '--output', dir]);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write ${dir} (EISDIR)`);
    expect(result.stderr).not.toContain('mined');
  });

  it('stops quietly with status 0 when the reader of standard output goes away', async () => {
    // Prepare
    const file = join(dir, 'many.log');
    writeFileSync(file, Array.from({ length: 200_000 }, (_, i) => `request ${i} served in ${i % 97}ms`).join('\n'));
    // Act: like `loganomaly mine many.log | head -1`.
    const child = spawn(process.execPath, [BIN, 'mine', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk) => resolve(String(chunk))));
    child.stdout.destroy();
    const [code] = await once(child, 'exit');
    // Assess
    expect(first).toMatch(/^\{"file"/);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });

  it.each([
    [['mine'], /exactly one <file\|dir>/],
    [['mine', 'a', 'b'], /exactly one <file\|dir>/],
    [['mine', 'a', '--max-line-bytes', 'lots'], /--max-line-bytes must be a positive whole number/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['mine', 'a', '--colour'], /--colour/],
  ])('rejects the usage %j with status 2', async (args, message) => {
    // Act
    const result = await loganomaly([...args]);
    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage:');
  });
});
