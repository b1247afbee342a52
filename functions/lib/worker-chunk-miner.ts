/**
 * Chunks mined in worker threads, as many at once as the machine has cores: what Step Functions' Map fan-out is to
 * Lambda, a pool of threads is to a local run. One pool serves the whole process, whatever runs it starts; its idle
 * threads do not keep the process alive.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReadStats } from '../../shared/reading/index.ts';
import { inThreadChunkMiner, type ChunkMiner, type ChunkMiningRequest, type MinedChunk } from './chunk-miner.ts';
import type { ChunkMinerReply, ChunkMinerTask } from './chunk-miner-worker.ts';

const WORKER = new URL('./chunk-miner-worker.ts', import.meta.url);

/** Options of {@link WorkerChunkMiner}. */
export interface WorkerChunkMinerOptions {
  /**
   * Worker threads at most.
   * @default os.availableParallelism()
   */
  readonly threads?: number;
  /**
   * Chunks smaller than this are mined in the calling thread: starting a thread costs more than they take.
   * @default 4 MiB
   */
  readonly minBytes?: number;
}

/** Mines chunks in a pool of worker threads. */
export class WorkerChunkMiner implements ChunkMiner {
  readonly #threads: number;
  readonly #minBytes: number;
  readonly #idle: Worker[] = [];
  readonly #waiting: Array<(worker: Worker) => void> = [];
  #started = 0;

  constructor(options: WorkerChunkMinerOptions = {}) {
    this.#threads = options.threads ?? availableParallelism();
    this.#minBytes = options.minBytes ?? 4 * 1024 * 1024;
  }

  async mine(file: string, request: ChunkMiningRequest, onProgress?: (stats: ReadStats) => void): Promise<MinedChunk> {
    if ((await stat(file)).size < this.#minBytes) return inThreadChunkMiner.mine(file, request, onProgress);
    const worker = await this.#acquire();
    const outcome = await run(worker, { file, request }, onProgress);
    // A task that failed on its input leaves its thread fit for the next one; a thread that died does not come back.
    this.#release(worker, outcome.threadAlive);
    if ('error' in outcome) throw outcome.error;
    return outcome.chunk;
  }

  async #acquire(): Promise<Worker> {
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#started < this.#threads) {
      this.#started++;
      return new Worker(WORKER);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker, healthy: boolean): void {
    if (!healthy) {
      this.#started--;
      void worker.terminate();
      // A replacement for whoever waits, started when it is needed.
      const next = this.#waiting.shift();
      if (next) this.#acquire().then(next, () => undefined);
      return;
    }
    const next = this.#waiting.shift();
    if (next) next(worker);
    else {
      worker.unref();
      this.#idle.push(worker);
    }
  }
}

/** What one task on a worker came to. */
type Outcome = { readonly chunk: MinedChunk; readonly threadAlive: true } | { readonly error: Error; readonly threadAlive: boolean };

/** Runs one task on a worker; the worker keeps the process alive while it works. */
function run(worker: Worker, task: ChunkMinerTask, onProgress?: (stats: ReadStats) => void): Promise<Outcome> {
  worker.ref();
  return new Promise<Outcome>((resolve) => {
    const settle = (outcome: Outcome): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(outcome);
    };
    const onMessage = (reply: ChunkMinerReply): void => {
      if (reply.type === 'progress') onProgress?.(reply.stats);
      else if (reply.type === 'done') settle({ chunk: reply.chunk, threadAlive: true });
      else settle({ error: Object.assign(new Error(reply.message), reply.fields, { name: reply.name }), threadAlive: true });
    };
    const onError = (error: Error): void => settle({ error, threadAlive: false });
    const onExit = (code: number): void => settle({ error: new Error(`the chunk-mining thread exited with code ${code} while mining ${task.file}`), threadAlive: false });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(task);
  });
}

let shared: WorkerChunkMiner | undefined;

/** The process's pool, started on first use. */
export function sharedWorkerChunkMiner(): WorkerChunkMiner {
  shared ??= new WorkerChunkMiner();
  return shared;
}
