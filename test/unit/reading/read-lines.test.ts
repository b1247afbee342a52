import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryFileError, InputFormatError } from '../../../shared/errors.ts';
import { createReadStats, DEFAULT_READ_OPTIONS, readCodedLineBatches, readLineBatches } from '../../../shared/reading/index.ts';
import type { ReadOptions, ReadStats } from '../../../shared/reading/index.ts';
import { LineDecoder, READ_CHUNK_BYTES } from '../../../shared/reading/read-lines.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loganomaly-read-lines-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` to a fresh file in the temp dir and returns its path. */
async function fixture(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

/** Reads a whole file, keeping the batches, the lines and the stats. */
async function readAll(file: string, options?: ReadOptions): Promise<{ batches: string[][]; lines: string[]; stats: ReadStats }> {
  const stats = createReadStats(file);
  const batches: string[][] = [];
  for await (const batch of readLineBatches(file, options, stats)) batches.push(batch);
  return { batches, lines: batches.flat(), stats };
}

/** Reads a file expected to fail, returning the error and the lines yielded before it. */
async function readUntilError(file: string): Promise<{ error: unknown; lines: string[] }> {
  const lines: string[] = [];
  try {
    for await (const batch of readLineBatches(file)) lines.push(...batch);
  } catch (error) {
    return { error, lines };
  }
  throw new Error(`expected reading ${file} to fail`);
}

/** Deterministic pseudo-random bytes (xorshift32), so a test never meets a lucky magic number. */
function pseudoRandomBytes(length: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** `count` numbered lines of varying length, each ending with LF. */
function numberedLines(count: number): string {
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) lines.push(`line ${i} ${'x'.repeat(i % 97)}`);
  return `${lines.join('\n')}\n`;
}

describe('Function: readLineBatches', () => {
  describe('gzip', () => {
    it('decompresses a gzip file named .log, detected by its magic bytes', async () => {
      // Prepare
      const file = await fixture('compressed.log', gzipSync('alpha\nbeta\n'));

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['alpha', 'beta']);
      expect(stats.gzip).toBe(true);
      expect(stats.bytes).toBe(11);
    });

    it('reads a plain-text file named .gz as plain text', async () => {
      // Prepare
      const file = await fixture('plain.log.gz', 'alpha\nbeta\n');

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['alpha', 'beta']);
      expect(stats.gzip).toBe(false);
    });

    it('reads every member of a multi-member gzip', async () => {
      // Prepare
      const file = await fixture('multi.log', Buffer.concat([gzipSync('one\ntwo\n'), gzipSync('three\n'), gzipSync('four')]));

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['one', 'two', 'three', 'four']);
      expect(stats.lines).toBe(4);
    });

    it('reads a multi-chunk gzip with every line in place', async () => {
      // Prepare
      const text = numberedLines(200_000);
      const file = await fixture('big.log.gz', gzipSync(text));

      // Act
      const { lines, batches, stats } = await readAll(file);

      // Assess
      expect(stats.bytes).toBe(Buffer.byteLength(text));
      expect(batches.length).toBeGreaterThan(1);
      expect(lines.length).toBe(200_000);
      expect(lines[123_456]).toBe(`line 123457 ${'x'.repeat(123_457 % 97)}`);
    });

    it('throws InputFormatError naming the file and the line reached when the gzip is truncated', async () => {
      // Prepare
      const whole = gzipSync(numberedLines(300_000));
      const file = await fixture('truncated.log.gz', whole.subarray(0, Math.floor(whole.length / 2)));

      // Act
      const { error, lines } = await readUntilError(file);

      // Assess
      expect(error).toBeInstanceOf(InputFormatError);
      expect(error).not.toBeInstanceOf(BinaryFileError);
      expect(lines.length).toBeGreaterThan(1000);
      expect((error as InputFormatError).line).toBe(lines.length + 1);
      expect((error as Error).message).toContain(`${file}:${lines.length + 1}:`);
      expect((error as Error).message).toContain('gzip');
    });

    it('throws InputFormatError naming the file when the gzip data is corrupt', async () => {
      // Prepare
      const corrupt = Buffer.from(gzipSync(numberedLines(1000)));
      corrupt.fill(0xff, 20, 60);
      const file = await fixture('corrupt.log', corrupt);

      // Act
      const { error } = await readUntilError(file);

      // Assess
      expect(error).toBeInstanceOf(InputFormatError);
      expect((error as Error).message).toContain(file);
      expect((error as InputFormatError).line).toBeGreaterThanOrEqual(1);
    });
  });

  describe('binary files', () => {
    it('refuses an ELF executable before yielding any batch, naming the file', async () => {
      // Prepare
      const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.from('hello\n'.repeat(100))]);
      const file = await fixture('program.log', elf);

      // Act
      const { error, lines } = await readUntilError(file);

      // Assess
      expect(error).toBeInstanceOf(BinaryFileError);
      expect((error as Error).name).toBe('BinaryFileError');
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('ELF');
      expect(lines).toEqual([]);
    });

    it.each([
      ['PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
      ['ZIP', Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1')],
      ['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
      ['zstd', Buffer.from('28b52ffd0058', 'hex')],
    ])('refuses a %s file by its magic number', async (format, head) => {
      // Prepare
      const file = await fixture(`magic-${format}.log`, Buffer.concat([head, Buffer.from('text\n'.repeat(50))]));

      // Act
      const { error } = await readUntilError(file);

      // Assess
      expect(error).toBeInstanceOf(BinaryFileError);
      expect((error as Error).message).toContain(format);
    });

    it('refuses random bytes by their share of control characters, naming the file', async () => {
      // Prepare
      const file = await fixture('random.log', pseudoRandomBytes(64 * 1024));

      // Act
      const { error, lines } = await readUntilError(file);

      // Assess
      expect(error).toBeInstanceOf(BinaryFileError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('control characters');
      expect(lines).toEqual([]);
    });

    it('refuses gzip-compressed random bytes', async () => {
      // Prepare
      const file = await fixture('random.gz', gzipSync(pseudoRandomBytes(64 * 1024, 7)));

      // Act
      const { error } = await readUntilError(file);

      // Assess
      expect(error).toBeInstanceOf(BinaryFileError);
    });

    it('reads text with SOH field separators (FIX logs) and ANSI colours as text', async () => {
      // Prepare
      const fix = '8=FIX.4.2\x019=65\x0135=A\x0149=SERVER\x0156=CLIENT\x0134=177\x01\n';
      const coloured = '\x1b[32mINFO\x1b[0m started\n';
      const file = await fixture('fix.log', (fix + coloured).repeat(200));

      // Act
      const { lines } = await readAll(file);

      // Assess
      expect(lines.length).toBe(400);
      expect(lines[1]).toBe('\x1b[32mINFO\x1b[0m started');
    });

    it('reads Latin-1 text as text, counting its lines as invalid UTF-8', async () => {
      // Prepare
      const file = await fixture('latin1.log', Buffer.from('caf\xe9 ouvert\nd\xe9j\xe0 vu\nplain\n', 'latin1'));

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['caf\ufffd ouvert', 'd\ufffdj\ufffd vu', 'plain']);
      expect(stats.invalidUtf8Lines).toBe(2);
    });
  });

  describe('NUL bytes and encodings', () => {
    it('strips and counts a copytruncate run of NULs longer than a chunk, keeping the text after it', async () => {
      // Prepare
      const nuls = READ_CHUNK_BYTES * 2 + 17;
      const text = Buffer.from('first line\nsecond\0\0 line\n');
      const file = await fixture('copytruncate.log', Buffer.concat([Buffer.alloc(nuls), text]));

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['first line', 'second line']);
      expect(stats.nulBytes).toBe(nuls + 2);
      expect(stats.bytes).toBe(nuls + text.length);
    });

    it('yields nothing for a file of NULs only', async () => {
      // Prepare
      const file = await fixture('nuls-only.log', Buffer.alloc(10_000));

      // Act
      const { batches, stats } = await readAll(file);

      // Assess
      expect(batches).toEqual([]);
      expect(stats.nulBytes).toBe(10_000);
    });

    it('decodes UTF-16LE with a BOM', async () => {
      // Prepare
      const text = Buffer.from('héllo wörld\r\nsecond ✓\n', 'utf16le');
      const file = await fixture('utf16le.log', Buffer.concat([Buffer.from([0xff, 0xfe]), text]));

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['héllo wörld', 'second ✓']);
      expect(stats.nulBytes).toBe(0);
    });

    it('decodes UTF-16BE with a BOM', async () => {
      // Prepare
      const text = Buffer.from('big endian\nzwei\n', 'utf16le').swap16();
      const file = await fixture('utf16be.log', Buffer.concat([Buffer.from([0xfe, 0xff]), text]));

      // Act
      const { lines } = await readAll(file);

      // Assess
      expect(lines).toEqual(['big endian', 'zwei']);
    });

    it('strips a UTF-8 BOM', async () => {
      // Prepare
      const file = await fixture('bom.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('first\nsecond\n')]));

      // Act
      const { lines } = await readAll(file);

      // Assess
      expect(lines).toEqual(['first', 'second']);
    });

    it('decodes invalid UTF-8 with replacement and counts the lines that held it', async () => {
      // Prepare
      const bytes = Buffer.concat([
        Buffer.from('ok\n'),
        Buffer.from([0x66, 0xff, 0x6f, 0x0a]),
        Buffer.from('caf\xc3\n', 'latin1'),
        Buffer.from('fine ✓\n'),
      ]);
      const file = await fixture('invalid-utf8.log', bytes);

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(['ok', 'f\ufffdo', 'caf\ufffd', 'fine ✓']);
      expect(stats.invalidUtf8Lines).toBe(2);
    });
  });

  describe('line terminators', () => {
    it.each([
      ['CRLF', 'a\r\nb\r\n', ['a', 'b']],
      ['lone CR', 'a\rb\r\rc', ['a', 'b', '', 'c']],
      ['mixed', 'a\nb\r\nc\rd', ['a', 'b', 'c', 'd']],
      ['no trailing terminator', 'a\nb', ['a', 'b']],
      ['a trailing terminator', 'a\nb\n', ['a', 'b']],
      ['empty lines in the middle', 'a\n\n\nb\n', ['a', '', '', 'b']],
      ['a single empty line', '\n', ['']],
    ])('splits %s', async (name, text, expected) => {
      // Prepare
      const file = await fixture(`terminators-${name.replaceAll(' ', '-')}.log`, text);

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines).toEqual(expected);
      expect(stats.lines).toBe(expected.length);
    });

    it('reads a CR at the end of one chunk and an LF at the start of the next as one terminator', async () => {
      // Prepare
      const filler = `${'x'.repeat(99)}\n`.repeat(Math.floor((READ_CHUNK_BYTES - 1) / 100));
      const tail = 'y'.repeat(READ_CHUNK_BYTES - 1 - filler.length);
      const text = `${filler}${tail}\r\nafter\r\n`;
      expect(text.indexOf('\r')).toBe(READ_CHUNK_BYTES - 1);
      const file = await fixture('crlf-boundary.log', text);

      // Act
      const { lines, batches } = await readAll(file);

      // Assess
      expect(batches.length).toBeGreaterThan(1);
      expect(lines.length).toBe(filler.length / 100 + 2);
      expect(lines.at(-2)).toBe(tail);
      expect(lines.at(-1)).toBe('after');
    });

    it('yields nothing for an empty file and leaves lines at 0', async () => {
      // Prepare
      const file = await fixture('empty.log', '');

      // Act
      const { batches, stats } = await readAll(file);

      // Assess
      expect(batches).toEqual([]);
      expect(stats.lines).toBe(0);
      expect(stats.bytes).toBe(0);
    });

    it('counts the lines of a multi-chunk file, each at its own line number', async () => {
      // Prepare
      const text = numberedLines(250_000);
      const file = await fixture('multi-chunk.log', text);

      // Act
      const { lines, batches, stats } = await readAll(file);

      // Assess
      expect(Buffer.byteLength(text)).toBeGreaterThan(3 * READ_CHUNK_BYTES);
      expect(batches.length).toBeGreaterThan(3);
      expect(stats.lines).toBe(250_000);
      expect(lines.length).toBe(250_000);
      for (const n of [1, 10_000, 10_001, 123_456, 250_000]) expect(lines[n - 1]).toBe(`line ${n} ${'x'.repeat(n % 97)}`);
    });
  });

  describe('long lines', () => {
    it('truncates a 10 MB line to maxLineBytes at a UTF-8 boundary and keeps the following lines numbered right', async () => {
      // Prepare
      const max = DEFAULT_READ_OPTIONS.maxLineBytes;
      const long = `${'a'.repeat(max - 1)}é${'b'.repeat(10 * 1024 * 1024)}`;
      const file = await fixture('long-line.log', `first\n${long}\nnext\nlast`);

      // Act
      const { lines, stats } = await readAll(file);

      // Assess
      expect(lines.length).toBe(4);
      expect(lines[0]).toBe('first');
      expect(lines[1]).toBe('a'.repeat(max - 1));
      expect(lines[2]).toBe('next');
      expect(lines[3]).toBe('last');
      expect(stats.truncatedLines).toBe(1);
      expect(stats.lines).toBe(4);
    });

    it('truncates lines inside one chunk to maxLineBytes without cutting a character', async () => {
      // Prepare
      const file = await fixture('short-max.log', 'abcdefghij\nxy\néééé\n');

      // Act
      const { lines, stats } = await readAll(file, { maxLineBytes: 5 });

      // Assess
      expect(lines).toEqual(['abcde', 'xy', 'éé']);
      expect(stats.truncatedLines).toBe(2);
    });

    it('yields a final unterminated line whose kept part is empty after the cut', async () => {
      // Prepare
      const file = await fixture('cut-to-nothing.log', 'a\néé');

      // Act
      const { lines, stats } = await readAll(file, { maxLineBytes: 1 });

      // Assess
      expect(lines).toEqual(['a', '']);
      expect(stats.truncatedLines).toBe(1);
    });

    it('rejects a maxLineBytes that is not a positive integer', async () => {
      // Prepare
      const file = await fixture('options.log', 'a\n');

      // Act
      const read = readAll(file, { maxLineBytes: 0 });

      // Assess
      await expect(read).rejects.toThrow(/maxLineBytes must be a positive integer, got 0/);
    });
  });

  it('throws InputFormatError naming a file that does not exist', async () => {
    // Prepare
    const file = join(dir, 'missing.log');

    // Act
    const { error } = await readUntilError(file);

    // Assess
    expect(error).toBeInstanceOf(InputFormatError);
    expect((error as Error).message).toContain(file);
  });
});

describe('Class: LineDecoder', () => {
  describe('Method: push', () => {
    it('yields the same lines wherever the chunks are cut', () => {
      // Prepare
      const bytes = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('héllo\r\nwörld\r\r\n\0\0mid\0dle\n\nlong line here\r'),
        Buffer.from([0x62, 0xff, 0x0a]),
        Buffer.from('✓ ok'),
      ]);
      const expected = ['héllo', 'wörld', '', 'middle', '', 'long l', 'b\ufffd', '✓ ok'];

      for (let cut1 = 0; cut1 <= bytes.length; cut1++) {
        for (const cut2 of [cut1, Math.min(bytes.length, cut1 + 1), Math.min(bytes.length, cut1 + 7)]) {
          const stats = createReadStats('cut.log');
          const decoder = new LineDecoder('cut.log', stats, 6);

          // Act
          const lines = [
            ...decoder.push(Buffer.from(bytes.subarray(0, cut1))),
            ...decoder.push(Buffer.from(bytes.subarray(cut1, cut2))),
            ...decoder.push(Buffer.from(bytes.subarray(cut2))),
            ...decoder.end(),
          ];

          // Assess
          expect(lines, `cut at ${cut1} and ${cut2}`).toEqual(expected);
          expect(stats.lines).toBe(expected.length);
          expect(stats.nulBytes).toBe(3);
          expect(stats.truncatedLines).toBe(1);
          expect(stats.invalidUtf8Lines).toBe(1);
        }
      }
    });
  });
});

describe('Function: readLineBatches, repair locations', () => {
  it('records the first line with invalid UTF-8 and the first truncated line', async () => {
    // Prepare: line 3 holds a lone 0xff byte; line 5 is longer than the limit; line 8 is both.
    const lines = ['ok', 'ok', Buffer.from([0x61, 0xff, 0x62]), 'ok', 'x'.repeat(300), 'ok', 'ok', Buffer.concat([Buffer.from([0xff]), Buffer.alloc(400, 0x79)])];
    const file = await fixture('first-lines.log', Buffer.concat(lines.flatMap((l) => [Buffer.from(l), Buffer.from('\n')])));
    // Act
    const { stats } = await readAll(file, { maxLineBytes: 100 });
    // Assess
    expect(stats).toMatchObject({ invalidUtf8Lines: 2, firstInvalidUtf8Line: 3, truncatedLines: 2, firstTruncatedLine: 5 });
  });

  it('records the line number of a truncated line that spans chunks', async () => {
    // Prepare: the long line starts in the first chunk and ends several chunks later.
    const file = await fixture('long-across-chunks.log', `a\nb\n${'z'.repeat(3 * READ_CHUNK_BYTES)}\nc\n`);
    // Act
    const { stats } = await readAll(file);
    // Assess
    expect(stats).toMatchObject({ truncatedLines: 1, firstTruncatedLine: 3, lines: 4 });
  });

  it('leaves the first-line fields unset on a clean file', async () => {
    // Prepare
    const file = await fixture('clean.log', 'a\nb\n');
    // Act
    const { stats } = await readAll(file);
    // Assess
    expect(stats.firstInvalidUtf8Line).toBeUndefined();
    expect(stats.firstTruncatedLine).toBeUndefined();
  });
});

describe('Function: readLineBatches, continuesFile', () => {
  it.each([
    ['a gzip magic number', Buffer.from([0x1f, 0x8b])],
    ['an ELF signature', Buffer.from('\x7fELF', 'latin1')],
    ['control characters', Buffer.from('\x01\x02\x03\x04\x05\x06\x07\x08', 'latin1')],
  ])('reads a range of a file that starts with %s as text, the checks of a file start being done already', async (_, start) => {
    // Prepare
    const file = await fixture('range.log', Buffer.concat([start, Buffer.from(' tail of a line\nnext line\n')]));
    // Act
    const { lines, stats } = await readAll(file, { continuesFile: true });
    // Assess
    expect(lines).toEqual([`${start.toString('utf8')} tail of a line`, 'next line']);
    expect(stats.gzip).toBe(false);
  });
});

describe('Function: readCodedLineBatches', () => {
  /** Reads a file, checking each batch's code units against its lines while they are valid (until the next batch). */
  async function readCoded(file: string, options?: ReadOptions): Promise<{ lines: string[]; coded: number; uncoded: number; mismatches: string[] }> {
    const lines: string[] = [];
    const mismatches: string[] = [];
    let coded = 0;
    let uncoded = 0;
    for await (const { lines: batch, codes } of readCodedLineBatches(file, options)) {
      lines.push(...batch);
      if (!codes) {
        uncoded++;
        continue;
      }
      coded++;
      batch.forEach((line, k) => {
        const start = codes.starts[k]!;
        const read = String.fromCharCode(...codes.units.subarray(start, start + line.length));
        if (read !== line) mismatches.push(line);
      });
    }
    return { lines, coded, uncoded, mismatches };
  }

  // Lines of every ending over several read chunks, some longer than maxLineBytes: in UTF-8, characters of one to four
  // bytes, and lines cut inside a character.
  const endings = ['\n', '\r\n', '\r'];
  it.each([
    ['ASCII', 'coded.log', Array.from({ length: 30_000 }, (_, i) => `${i % 97 === 0 ? 'x'.repeat(300) : ''}line ${i} of the log${endings[i % 3]}`).join('')],
    ['UTF-8', 'coded-utf8.log', Array.from({ length: 20_000 }, (_, i) => `${i % 89 === 0 ? 'é€😀'.repeat(40) : ''}größe ${i} in 7µs 😀${endings[i % 3]}`).join('')],
  ])('lays out the code units of %s batches, with LF, CRLF and CR endings, across chunks, overlong lines cut', async (_kind, name, text) => {
    // Prepare
    const file = await fixture(name, text);
    const options = { maxLineBytes: 200 };
    // Act
    const read = await readCoded(file, options);
    // Assess
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * READ_CHUNK_BYTES);
    expect(read.coded).toBeGreaterThan(1);
    expect(read.mismatches).toEqual([]);
    expect(read.lines).toEqual((await readAll(file, options)).lines);
  });

  it('leaves out the code units of a batch that is not valid UTF-8, and reads its lines as readLineBatches does', async () => {
    // Prepare
    const file = await fixture('coded-invalid.log', Buffer.concat([Buffer.from('bad \xff byte\n', 'latin1'), Buffer.from('plain\n')]));
    // Act
    const read = await readCoded(file);
    // Assess
    expect(read).toMatchObject({ lines: ['bad \ufffd byte', 'plain'], coded: 0, uncoded: 1 });
  });
});
