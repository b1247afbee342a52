/** The verdict cache of a local run: one JSON file in the output folder's embedded store. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict, VerdictCache } from '../../shared/classify/index.ts';

/** The folder of the embedded store inside an output folder. */
export const STORE_DIR = '.loganomaly';

/**
 * Verdicts of earlier runs as one JSON file, `<output>/.loganomaly/verdicts.json`, written through on every new
 * verdict (aside, then renamed), so analysing the same input twice makes no second call.
 */
export class LocalVerdictCache implements VerdictCache {
  readonly #path: string;
  #entries: Map<string, Verdict> | undefined;

  constructor(outputDir: string) {
    this.#path = join(outputDir, STORE_DIR, 'verdicts.json');
  }

  async get(key: string): Promise<Verdict | undefined> {
    return (await this.#load()).get(key);
  }

  async set(key: string, verdict: Verdict): Promise<void> {
    const entries = await this.#load();
    entries.set(key, verdict);
    await mkdir(join(this.#path, '..'), { recursive: true });
    await writeFile(`${this.#path}.tmp`, JSON.stringify(Object.fromEntries(entries)));
    await rename(`${this.#path}.tmp`, this.#path);
  }

  async #load(): Promise<Map<string, Verdict>> {
    if (this.#entries) return this.#entries;
    try {
      this.#entries = new Map(Object.entries(JSON.parse(await readFile(this.#path, 'utf8')) as Record<string, Verdict>));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.#entries = new Map();
    }
    return this.#entries;
  }
}
