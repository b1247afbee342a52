/**
 * The {@link ObjectStore} contract, written once and run against each store: S3 (on s3rver) and a local folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../shared/store/index.ts';

const md5 = (bytes: Uint8Array | string): string => createHash('md5').update(bytes).digest('hex');

/** Runs `task` over `items`, at most `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Declares the contract tests of an object store; `create` makes a fresh, empty store. */
export function describeObjectStoreContract(name: string, create: () => Promise<ObjectStore>): void {
  describe(`${name} (ObjectStore contract)`, () => {
    let store: ObjectStore;
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'loganomaly-objects-'));
      store = await create();
    });

    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    describe('head', () => {
      it('returns undefined for a key that does not exist', async () => {
        // Act
        const head = await store.head('missing/nothing.txt');
        // Assess
        expect(head).toBeUndefined();
      });

      it('returns the size and the MD5 ETag of an object', async () => {
        // Prepare
        await store.put('head/a.txt', 'hello');
        // Act
        const head = await store.head('head/a.txt');
        // Assess
        expect(head).toEqual({ size: 5, etag: md5('hello') });
      });
    });

    describe('get and put', () => {
      it('returns the bytes that were put, text or binary, and a second put replaces them', async () => {
        // Prepare
        const binary = new Uint8Array(randomBytes(4096));
        await store.put('put/text.json', '{"a":"é"}', 'application/json');
        await store.put('put/binary.bin', binary);
        await store.put('put/replaced.txt', 'first');
        await store.put('put/replaced.txt', 'second');
        // Act
        const [text, bytes, replaced] = await Promise.all([
          store.get('put/text.json'),
          store.get('put/binary.bin'),
          store.get('put/replaced.txt'),
        ]);
        // Assess
        expect(new TextDecoder().decode(text)).toBe('{"a":"é"}');
        expect(Buffer.from(bytes).equals(Buffer.from(binary))).toBe(true);
        expect(new TextDecoder().decode(replaced)).toBe('second');
      });

      it('throws an error naming the key when the object does not exist', async () => {
        // Act & Assess
        await expect(store.get('missing/gone.txt')).rejects.toThrow(/missing\/gone\.txt/);
      });
    });

    describe('list', () => {
      it('lists the keys under a prefix in key order, with ETags and sizes, and nothing outside it', async () => {
        // Prepare
        await Promise.all(['b', 'a', 'c/d', 'ab'].map((k) => store.put(`list/${k}`, k)));
        await store.put('listed-not/x', 'x');
        // Act
        const listed = await store.list('list/');
        const byStringPrefix = await store.list('list/a');
        // Assess
        expect(listed).toEqual(
          ['a', 'ab', 'b', 'c/d'].map((k) => ({ key: `list/${k}`, etag: md5(k), size: k.length })),
        );
        expect(byStringPrefix.map((o) => o.key)).toEqual(['list/a', 'list/ab']);
        expect(await store.list('list/none/')).toEqual([]);
      });

      it('lists more than one page of keys (1,050 objects)', async () => {
        // Prepare
        const keys = Array.from({ length: 1050 }, (_, i) => `many/${String(i).padStart(5, '0')}.txt`);
        await inParallel(keys, 64, (key) => store.put(key, key));
        // Act
        const listed = await store.list('many/');
        // Assess
        expect(listed.map((o) => o.key)).toEqual(keys);
        expect(listed[1049]).toEqual({ key: keys[1049], etag: md5(keys[1049]!), size: keys[1049]!.length });
      });
    });

    describe('upload and download', () => {
      it('round-trips a 20 MB file byte for byte', async () => {
        // Prepare
        const source = join(dir, 'big.bin');
        const target = join(dir, 'nested', 'big.copy');
        const bytes = randomBytes(20 * 1024 * 1024);
        writeFileSync(source, bytes);
        // Act
        await store.upload(source, 'big/file.bin', 'application/octet-stream');
        await store.download('big/file.bin', target);
        // Assess
        const copy = readFileSync(target);
        expect(copy.length).toBe(bytes.length);
        expect(md5(copy)).toBe(md5(bytes));
        expect(await store.head('big/file.bin')).toEqual({ size: bytes.length, etag: md5(bytes) });
      });

      it('downloads the bytes [start, end) of an object, for a chunk read in place', async () => {
        // Prepare
        const bytes = randomBytes(3 * 1024 * 1024);
        await store.put('ranged/file.bin', bytes);
        const target = join(dir, 'ranged', 'part.bin');
        // Act
        await store.download('ranged/file.bin', target, { start: 1_000_001, end: 2_500_000 });
        // Assess
        expect(Buffer.compare(readFileSync(target), bytes.subarray(1_000_001, 2_500_000))).toBe(0);
      });

      it('throws an error naming the key when downloading an object that does not exist', async () => {
        // Act & Assess
        await expect(store.download('missing/none.bin', join(dir, 'none.bin'))).rejects.toThrow(/missing\/none\.bin/);
      });
    });
  });
}
