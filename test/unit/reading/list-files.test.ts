import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFormatError } from '../../../shared/errors.ts';
import { listLogFiles } from '../../../shared/reading/index.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loganomaly-list-files-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Creates the files (paths relative to `root`), with their folders. */
async function createFiles(root: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), 'line\n');
  }
}

describe('Function: listLogFiles', () => {
  it('returns a single file as it was given', async () => {
    // Prepare
    const file = join(dir, 'single.log');
    await writeFile(file, 'line\n');

    // Act
    const files = await listLogFiles(file);

    // Assess
    expect(files).toEqual([file]);
  });

  it('lists every regular file below a nested directory, sorted by path', async () => {
    // Prepare
    const root = join(dir, 'nested');
    await createFiles(root, ['b.log', 'a/z.log', 'a/c.log.gz', 'c/d/e.log', 'a.log', 'B.log']);
    await mkdir(join(root, 'empty'));

    // Act
    const files = await listLogFiles(root);

    // Assess
    expect(files).toEqual(['B.log', 'a.log', 'a/c.log.gz', 'a/z.log', 'b.log', 'c/d/e.log'].map((path) => join(root, path)));
  });

  it('lists links to files but does not follow links to directories', async () => {
    // Prepare
    const root = join(dir, 'links');
    await createFiles(root, ['pods/app/0.log']);
    await mkdir(join(root, 'containers'));
    await symlink(join(root, 'pods/app/0.log'), join(root, 'containers/app.log'));
    await symlink(join(root, 'pods'), join(root, 'containers/pods-again'));
    await symlink(join(root, 'nowhere.log'), join(root, 'containers/dangling.log'));

    // Act
    const files = await listLogFiles(root);

    // Assess
    expect(files).toEqual([join(root, 'containers/app.log'), join(root, 'pods/app/0.log')]);
  });

  it('throws InputFormatError naming a path that does not exist', async () => {
    // Prepare
    const missing = join(dir, 'no-such-dir', 'app.log');

    // Act
    const listing = listLogFiles(missing);

    // Assess
    await expect(listing).rejects.toBeInstanceOf(InputFormatError);
    await expect(listing).rejects.toThrow(`${missing}: no such file or directory`);
  });
});
