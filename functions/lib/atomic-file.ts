/**
 * Files of the embedded store written so that a reader never sees half of one: written aside under a name of its
 * own (`.<name>.<random>.partial`, which listings skip), then renamed into place; removed when writing fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The folder of the embedded store inside an output folder. */
export const STORE_DIR = '.loganomaly';

/** Names of files written aside, which are not (yet) objects. */
export const PARTIAL_FILE = /^\..+\.[0-9a-f]{12}\.partial$/;

/**
 * Writes `path` atomically: `write` fills a temporary file beside it, which then replaces `path`. Concurrent
 * writers never share a temporary file; the last rename wins.
 */
export async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
