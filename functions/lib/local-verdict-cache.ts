/** The verdict cache of a local run: one JSON file in the output folder's embedded store. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict, VerdictCache } from '../../shared/classify/index.ts';
import { STORE_DIR, writeAtomically } from './atomic-file.ts';

/**
 * Verdicts of earlier runs as one JSON file, `<output>/.loganomaly/verdicts.json`, written through on every new
 * verdict, so analysing the same input twice makes no second call. Writes go one at a time: a run classifies
 * several templates at once.
 */
export class LocalVerdictCache implements VerdictCache {
  readonly #path: string;
  #entries: Promise<Map<string, Verdict>> | undefined;
  #writes: Promise<void> = Promise.resolve();

  constructor(outputDir: string) {
    this.#path = join(outputDir, STORE_DIR, 'verdicts.json');
  }

  async get(key: string): Promise<Verdict | undefined> {
    return (await this.#load()).get(key);
  }

  async set(key: string, verdict: Verdict): Promise<void> {
    (await this.#load()).set(key, verdict);
    const write = this.#writes.then(async () => {
      const text = JSON.stringify(Object.fromEntries(await this.#load()));
      await writeAtomically(this.#path, (tmp) => writeFile(tmp, text));
    });
    // A failed write must not block the ones after it; its caller still sees the failure.
    this.#writes = write.catch(() => undefined);
    return write;
  }

  #load(): Promise<Map<string, Verdict>> {
    this.#entries ??= readFile(this.#path, 'utf8').then(
      (text) => new Map(Object.entries(JSON.parse(text) as Record<string, Verdict>)),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        return new Map<string, Verdict>();
      },
    );
    return this.#entries;
  }
}
