import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../functions/lib/local-object-store.ts';
import { describeObjectStoreContract } from './object-store.contract.ts';

const roots: string[] = [];
const newRoot = (): string => {
  const root = mkdtempSync(join(tmpdir(), 'loganomaly-local-objects-'));
  roots.push(root);
  return root;
};

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describeObjectStoreContract('LocalObjectStore', async () => new LocalObjectStore({ root: join(newRoot(), 'store') }));

describe('LocalObjectStore', () => {
  describe('keys', () => {
    it.each(['../escape.txt', 'a/../../escape.txt', '/etc/passwd', 'a//b', 'a/./b', 'dir/', ''])(
      'refuses the key "%s", which is not a plain relative path inside the folder',
      async (key) => {
        // Prepare
        const store = new LocalObjectStore({ root: newRoot() });
        // Act & Assess
        await expect(store.put(key, 'x')).rejects.toThrow(/invalid object key/);
        await expect(store.get(key)).rejects.toThrow(/invalid object key/);
      },
    );

    it('refuses a list prefix that leaves the folder', async () => {
      // Prepare
      const store = new LocalObjectStore({ root: newRoot() });
      // Act & Assess
      await expect(store.list('../')).rejects.toThrow(/invalid object key/);
    });
  });
});
