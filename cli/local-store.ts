/**
 * The embedded store of a local run, under `<output>/.loganomaly/`: baselines as one JSON file per source, so a
 * second run into the same output folder compares with the first, and the verdict cache.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict, VerdictCache } from '../shared/classify/index.ts';
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

/**
 * Verdicts of earlier runs as one JSON file, `<output>/.loganomaly/verdicts.json`: read once, written back by
 * `flush()` when a run ends, so analysing the same input twice makes no second call.
 */
export class LocalVerdictCache implements VerdictCache {
  readonly #path: string;
  #entries: Map<string, Verdict> | undefined;
  #dirty = false;

  constructor(outputDir: string) {
    this.#path = join(outputDir, STORE_DIR, 'verdicts.json');
  }

  async get(key: string): Promise<Verdict | undefined> {
    return (await this.#load()).get(key);
  }

  async set(key: string, verdict: Verdict): Promise<void> {
    (await this.#load()).set(key, verdict);
    this.#dirty = true;
  }

  /** Writes the verdicts back when any was added. */
  async flush(): Promise<void> {
    if (!this.#dirty || !this.#entries) return;
    await mkdir(join(this.#path, '..'), { recursive: true });
    await writeFile(`${this.#path}.tmp`, JSON.stringify(Object.fromEntries(this.#entries)));
    await rename(`${this.#path}.tmp`, this.#path);
    this.#dirty = false;
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
