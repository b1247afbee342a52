/**
 * The anomaly store of a local run: runs, anomalies and baselines in one JSON file, by default
 * `<output>/.loganomaly/anomalies.json`, with the semantics of the DynamoDB table (idempotent writes, the same
 * queries).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnomalyRecord, Baseline } from '../../shared/detection/index.ts';
import {
  RUN_STATUS,
  type AnomalyQuery,
  type AnomalyStore,
  type RunRecord,
  type StoredAnomaly,
} from '../../shared/store/index.ts';
import {
  compareNewestFirst,
  definedFields,
  indexTime,
  matchesQuery,
  objectName,
  resolveQuery,
  toStoredAnomaly,
  type IndexedAnomaly,
} from './anomaly-query.ts';
import { STORE_DIR, writeAtomically } from './atomic-file.ts';

/** Where the store's file lives inside an output folder. */
export const LOCAL_ANOMALY_STORE_PATH = join(STORE_DIR, 'anomalies.json');

/** The store's file inside an output folder. */
export function localAnomalyStorePath(outputDir: string): string {
  return join(outputDir, LOCAL_ANOMALY_STORE_PATH);
}

/** Options of {@link LocalAnomalyStore}. */
export interface LocalAnomalyStoreOptions {
  /** The JSON file (created, with its folder, on the first write). */
  readonly path: string;
  /**
   * The clock (the time of anomalies of a run never started).
   * @default - the system clock
   */
  readonly now?: () => Date;
}

/** The file's content. */
interface StoreFile {
  readonly version: 1;
  readonly runs: Record<string, RunRecord>;
  /** By run id, then anomaly id. */
  readonly anomalies: Record<string, Record<string, IndexedAnomaly>>;
  readonly baselines: Record<string, Baseline>;
}

/**
 * {@link AnomalyStore} over one JSON file. Each change reads the file, changes it and writes it aside before
 * renaming it into place, so a reader never sees half a file; changes made through one instance are serialised.
 * Two processes writing the same file at once are not supported.
 * @example
 * const store = new LocalAnomalyStore({ path: localAnomalyStorePath('out') });
 * const recent = await store.queryAnomalies({ severity: 'high', limit: 20 });
 */
export class LocalAnomalyStore implements AnomalyStore {
  readonly #path: string;
  readonly #now: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalAnomalyStoreOptions) {
    this.#path = options.path;
    this.#now = options.now ?? (() => new Date());
  }

  /** The file this store reads and writes. */
  get path(): string {
    return this.#path;
  }

  async startRun(run: RunRecord): Promise<boolean> {
    return this.#change((file) => {
      if (file.runs[run.runId]?.status === RUN_STATUS.completed) return false;
      file.runs[run.runId] = { ...run };
      return true;
    });
  }

  /** @throws Error when the run was never started. */
  async completeRun(runId: string, result: Pick<RunRecord, 'lines' | 'anomalies' | 'reportPrefix' | 'finishedAt'>): Promise<void> {
    await this.#change((file) => {
      const run = file.runs[runId];
      if (run === undefined) throw new Error(`run ${runId} cannot complete: it was never started`);
      const { error: _error, ...rest } = run;
      file.runs[runId] = { ...rest, ...definedFields(result), status: RUN_STATUS.completed };
    });
  }

  /** Marks a started run failed; a completed or unknown run is left as it is. */
  async failRun(runId: string, error: { readonly error: string; readonly cause: string }, finishedAt: string): Promise<void> {
    await this.#change((file) => {
      const run = file.runs[runId];
      if (run === undefined || run.status === RUN_STATUS.completed) return;
      file.runs[runId] = { ...run, status: RUN_STATUS.failed, error: { error: error.error, cause: error.cause }, finishedAt };
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const file = await this.#read();
    return file.runs[runId];
  }

  async putAnomalies(run: Pick<RunRecord, 'runId' | 'bucket' | 'key'>, anomalies: readonly AnomalyRecord[]): Promise<void> {
    if (anomalies.length === 0) return;
    await this.#change((file) => {
      const runTime = file.runs[run.runId]?.startedAt ?? this.#now().toISOString();
      const object = objectName(run);
      const byId = (file.anomalies[run.runId] ??= {});
      for (const anomaly of anomalies) {
        byId[anomaly.id] = { runId: run.runId, object, time: indexTime(anomaly, runTime), anomaly };
      }
    });
  }

  async queryAnomalies(query: AnomalyQuery): Promise<StoredAnomaly[]> {
    const resolved = resolveQuery(query);
    const file = await this.#read();
    const runs = resolved.runId === undefined ? Object.values(file.anomalies) : [file.anomalies[resolved.runId] ?? {}];
    return runs
      .flatMap((byId) => Object.values(byId))
      .filter((item) => matchesQuery(item, resolved))
      .sort(compareNewestFirst)
      .slice(0, resolved.limit)
      .map(toStoredAnomaly);
  }

  async load(source: string): Promise<Baseline | undefined> {
    return (await this.#read()).baselines[source];
  }

  async save(baseline: Baseline): Promise<void> {
    await this.#change((file) => {
      file.baselines[baseline.source] = baseline;
    });
  }

  /** Applies `apply` to the file's content and writes it back, one change at a time. */
  async #change<T>(apply: (file: StoreFile) => T): Promise<T> {
    const next = this.#queue.then(async () => {
      const file = await this.#read();
      const result = apply(file);
      await this.#write(file);
      return result;
    });
    // A failed change must not block the ones after it.
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #read(): Promise<StoreFile> {
    let text: string;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, runs: {}, anomalies: {}, baselines: {} };
      throw error;
    }
    try {
      const file = JSON.parse(text) as Partial<StoreFile>;
      return { version: 1, runs: file.runs ?? {}, anomalies: file.anomalies ?? {}, baselines: file.baselines ?? {} };
    } catch (error) {
      throw new Error(`${this.#path} is not a LocalAnomalyStore file (invalid JSON): delete it to start afresh`, { cause: error });
    }
  }

  async #write(file: StoreFile): Promise<void> {
    await writeAtomically(this.#path, (tmp) => writeFile(tmp, JSON.stringify(file)));
  }
}
