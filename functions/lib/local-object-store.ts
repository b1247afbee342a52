/** The object store of a local run: a folder, keys as relative paths. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, ObjectStore } from '../../shared/store/index.ts';
import { PARTIAL_FILE, writeAtomically } from './atomic-file.ts';

/**
 * Copies the bytes [start, end) of a file to another, a mebibyte at a time through one buffer (a stream's small
 * chunks cost more in JavaScript than the copy itself).
 * @throws the read's error (ENOENT for a missing file).
 */
export async function copyRange(source: string, path: string, range: ByteRange): Promise<void> {
  const from = await open(source, 'r');
  try {
    const to = await open(path, 'w');
    try {
      const buffer = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, range.end - range.start)));
      for (let at = range.start; at < range.end; ) {
        const { bytesRead } = await from.read(buffer, 0, Math.min(buffer.length, range.end - at), at);
        if (bytesRead === 0) break;
        await to.write(buffer, 0, bytesRead);
        at += bytesRead;
      }
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

/** Options of {@link LocalObjectStore}. */
export interface LocalObjectStoreOptions {
  /** The folder the keys are relative to (created on the first write). */
  readonly root: string;
}


/**
 * {@link ObjectStore} over a folder: a key is a relative path (`/`-separated) under `root`. ETags are the MD5 of
 * the content, as S3's are for objects written in one part. Writes go to a temporary file renamed into place, so a
 * reader never sees half an object.
 * @example
 * const store = new LocalObjectStore({ root: 'out/.loganomaly/objects' });
 * await store.put('work/run-1/templates.json', JSON.stringify(templates));
 */
export class LocalObjectStore implements ObjectStore {
  readonly #root: string;

  constructor(options: LocalObjectStoreOptions) {
    this.#root = resolve(options.root);
  }

  async head(key: string): Promise<{ readonly size: number; readonly etag: string } | undefined> {
    const path = this.#path(key);
    const stats = await stat(path).catch(ignoreMissing);
    if (!stats?.isFile()) return undefined;
    return { size: stats.size, etag: await md5OfFile(path) };
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      // A Buffer is a Uint8Array: no copy.
      return await readFile(this.#path(key));
    } catch (error) {
      if (isMissing(error)) throw new Error(`${key} does not exist in ${this.#root}`, { cause: error });
      throw error;
    }
  }

  async put(key: string, body: Uint8Array | string, _contentType?: string): Promise<void> {
    await this.#writeAtomically(key, (tmp) => writeFile(tmp, body));
  }

  async download(key: string, path: string, range?: ByteRange): Promise<void> {
    const source = this.#path(key);
    await mkdir(dirname(resolve(path)), { recursive: true });
    try {
      await (range ? copyRange(source, path, range) : copyFile(source, path));
    } catch (error) {
      if (isMissing(error)) throw new Error(`${key} does not exist in ${this.#root}`, { cause: error });
      throw error;
    }
  }

  async upload(path: string, key: string, _contentType?: string): Promise<void> {
    await this.#writeAtomically(key, (tmp) => copyFile(path, tmp));
  }

  async list(prefix: string): Promise<Array<{ readonly key: string; readonly etag: string; readonly size: number }>> {
    // A prefix is a string prefix, not a folder: walk from the deepest folder it names, then filter.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (folder !== '') this.#path(folder);
    const keys: string[] = [];
    await walk(join(this.#root, ...folder.split('/').filter(Boolean)), folder, keys);
    const matching = keys.filter((key) => key.startsWith(prefix));
    // S3 lists in UTF-8 byte order.
    matching.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return Promise.all(
      matching.map(async (key) => {
        const path = this.#path(key);
        const [{ size }, etag] = await Promise.all([stat(path), md5OfFile(path)]);
        return { key, etag, size };
      }),
    );
  }

  /** The file of a key. @throws Error when the key is empty, absolute, names a folder, or would leave the root. */
  #path(key: string): string {
    const parts = key.split('/');
    if (key.includes('\\') || key.includes('\0') || parts.some((part) => part === '' || part === '.' || part === '..')) {
      throw new Error(`invalid object key "${key}": keys are relative paths without empty, "." or ".." segments`);
    }
    const path = join(this.#root, ...parts);
    if (!path.startsWith(this.#root + sep)) throw new Error(`invalid object key "${key}": it leaves ${this.#root}`);
    return path;
  }

  #writeAtomically(key: string, write: (tmp: string) => Promise<void>): Promise<void> {
    return writeAtomically(this.#path(key), write);
  }
}

/** Collects the keys of the files under `dir` (whose key is `prefix`). */
async function walk(dir: string, prefix: string, keys: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(ignoreMissing);
  for (const entry of entries ?? []) {
    const key = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) await walk(join(dir, entry.name), key, keys);
    else if (entry.isFile() && !PARTIAL_FILE.test(entry.name)) keys.push(key);
  }
}

async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function ignoreMissing(error: unknown): undefined {
  if (isMissing(error)) return undefined;
  throw error;
}
