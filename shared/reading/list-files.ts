/** Finds the log files a path names: the file itself, or the regular files below a directory. */
import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { InputFormatError } from '../errors.ts';

/**
 * The log files under a path: the file itself, or every regular file below a directory, recursively,
 * sorted by path.
 *
 * Below a directory, a symbolic link to a file is listed (Kubernetes' /var/log/containers is made of
 * them); a symbolic link to a directory is not followed, so a link cycle cannot loop. Paths are sorted
 * by UTF-16 code unit, the same on every machine and locale.
 *
 * @param path - A file or a directory.
 * @returns The file paths, each `path` joined with the file's path below it.
 * @throws {@link InputFormatError} naming the path when it does not exist or is neither a file nor a directory.
 *
 * @example
 * ```ts
 * for (const file of await listLogFiles('logs/')) {
 *   for await (const batch of readLineBatches(file)) mine(batch);
 * }
 * ```
 */
export async function listLogFiles(path: string): Promise<string[]> {
  const info = await statOrThrow(path);
  if (info.isFile()) return [path];
  if (!info.isDirectory()) throw new InputFormatError(path, 'not a regular file or a directory');
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile()) files.push(file);
    else if (entry.isSymbolicLink() && (await isFileBehindLink(file))) files.push(file);
  }
  return files.sort();
}

/** The path's stats, following links; a missing path becomes an {@link InputFormatError}. */
async function statOrThrow(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : `cannot access (${String(error)})`;
    throw new InputFormatError(path, reason, { cause: error });
  }
}

/** Whether a symbolic link leads to a regular file (a dangling link does not). */
async function isFileBehindLink(link: string): Promise<boolean> {
  try {
    return (await stat(link)).isFile();
  } catch {
    return false;
  }
}
