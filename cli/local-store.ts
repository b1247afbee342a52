/**
 * The embedded store of a local run: baselines as JSON files under `<output>/.loganomaly/baselines/`, so a second
 * run into the same output folder compares with the first.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Baseline, BaselineStore } from '../shared/detection/index.ts';

/** The folder of the embedded store inside an output folder. */
export const STORE_DIR = '.loganomaly';

/** Baselines kept as one JSON file per source. */
export class LocalBaselineStore implements BaselineStore {
  readonly #dir: string;

  constructor(outputDir: string) {
    this.#dir = join(outputDir, STORE_DIR, 'baselines');
  }

  async load(source: string): Promise<Baseline | undefined> {
    try {
      return JSON.parse(await readFile(this.#path(source), 'utf8')) as Baseline;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(baseline: Baseline): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const path = this.#path(baseline.source);
    // Written aside and renamed, so an interrupted run never leaves half a baseline.
    await writeFile(`${path}.tmp`, JSON.stringify(baseline));
    await rename(`${path}.tmp`, path);
  }

  #path(source: string): string {
    return join(this.#dir, `${encodeURIComponent(source)}.json`);
  }
}
