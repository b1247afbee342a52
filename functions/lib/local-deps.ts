/**
 * The ports of a local run (`loganomaly analyze` with no endpoints): objects in a folder of the output's embedded
 * store, runs, anomalies and baselines in one JSON file beside them, verdicts in another. The input files are
 * seen by the pipeline as objects under `incoming/` without being copied.
 */
import { readFile, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CompletionClient } from '../../shared/classify/index.ts';
import type { AnalysisConfig } from '../../shared/config/index.ts';
import type { ReadStats } from '../../shared/reading/index.ts';
import type { ByteRange, ObjectStore } from '../../shared/store/index.ts';
import { LocalAnomalyStore, localAnomalyStorePath } from './local-anomaly-store.ts';
import { copyRange, LocalObjectStore } from './local-object-store.ts';
import { STORE_DIR } from './atomic-file.ts';
import { LocalVerdictCache } from './local-verdict-cache.ts';
import type { PipelineDeps, PipelineLog } from './pipeline.ts';
import { sharedWorkerChunkMiner } from './worker-chunk-miner.ts';

/**
 * Bytes per chunk of a local run: enough chunks per thread that the threads finish together (1M lines mined on two
 * threads: 1.15 s in 8 MiB chunks, 1.32 s in 16 MiB ones), and big enough that a chunk's own cost stays small.
 */
const LOCAL_CHUNK_BYTES = 8 * 1024 * 1024;

/** Options of {@link localDeps}. */
export interface LocalDepsOptions {
  /** The output folder; the embedded store is its `.loganomaly/` folder. */
  readonly outputDir: string;
  readonly config: AnalysisConfig;
  /** The model; undefined for the built-in rules. */
  readonly llm?: CompletionClient;
  /** The input files, by the object key the pipeline sees them under. */
  readonly inputs: ReadonlyMap<string, string>;
  /** Where the pipeline's logs go. @default - nowhere */
  readonly log?: PipelineLog;
  /** Told how far reading has got. */
  readonly onRead?: (stats: ReadStats) => void;
}

/**
 * A local run's ports. A big file is cut into chunks that worker threads mine side by side, as Lambdas would: a
 * laptop's fan-out is its cores.
 */
export function localDeps(options: LocalDepsOptions): PipelineDeps {
  const store = join(options.outputDir, STORE_DIR);
  return {
    objects: new InputObjects(new LocalObjectStore({ root: join(store, 'objects') }), options.inputs),
    store: new LocalAnomalyStore({ path: localAnomalyStorePath(options.outputDir) }),
    verdicts: new LocalVerdictCache(options.outputDir),
    config: options.config,
    llm: options.llm,
    alerts: undefined,
    tmpDir: tmpdir(),
    chunkBytes: LOCAL_CHUNK_BYTES,
    chunkMiner: sharedWorkerChunkMiner(),
    log: options.log ?? { info: () => {}, warn: () => {} },
    now: () => new Date(),
    onRead: options.onRead,
  };
}

/**
 * An object store that also serves the input files under their keys, read where they are: `download` links the
 * file instead of copying it. Each invocation sees an input as a new object version (its ETag includes the time
 * the run began), so analysing a file again makes a new run, compared with the earlier ones.
 */
class InputObjects implements ObjectStore {
  readonly #store: ObjectStore;
  readonly #inputs: ReadonlyMap<string, string>;
  readonly #version = Date.now().toString(36);

  constructor(store: ObjectStore, inputs: ReadonlyMap<string, string>) {
    this.#store = store;
    this.#inputs = inputs;
  }

  async head(key: string) {
    const path = this.#inputs.get(key);
    if (path === undefined) return this.#store.head(key);
    const stats = await stat(path);
    return { size: stats.size, etag: `${stats.size}-${Math.round(stats.mtimeMs)}-${this.#version}` };
  }

  async get(key: string) {
    const path = this.#inputs.get(key);
    if (path === undefined) return this.#store.get(key);
    return new Uint8Array(await readFile(path));
  }

  async download(key: string, path: string, range?: ByteRange) {
    const input = this.#inputs.get(key);
    if (input === undefined) return this.#store.download(key, path, range);
    await (range ? copyRange(input, path, range) : symlink(resolve(input), path));
  }

  put(key: string, body: Uint8Array | string, contentType?: string) {
    return this.#store.put(key, body, contentType);
  }

  upload(path: string, key: string, contentType?: string) {
    return this.#store.upload(path, key, contentType);
  }

  list(prefix: string) {
    return this.#store.list(prefix);
  }
}
