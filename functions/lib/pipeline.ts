/**
 * What every pipeline handler needs, as one object of ports: the handlers are written against it, AWS binds it to
 * S3, DynamoDB, SNS and Bedrock (aws-deps.ts), and a local run binds it to a folder and a file (local-deps.ts).
 */
import { createHash } from 'node:crypto';
import type { CompletionClient, VerdictCache } from '../../shared/classify/index.ts';
import type { AnalysisConfig } from '../../shared/config/index.ts';
import type { FileLayout } from '../../shared/parsing/index.ts';
import type { ReadStats } from '../../shared/reading/index.ts';
import type { AnomalyStore, ByteRange, ObjectStore } from '../../shared/store/index.ts';
import type { ChunkMiner } from './chunk-miner.ts';

/** The ports and settings of the pipeline's handlers. */
export interface PipelineDeps {
  /** The bucket: logs in, work objects, reports out. */
  readonly objects: ObjectStore;
  /** Runs, anomalies and baselines. */
  readonly store: AnomalyStore;
  /** Verdicts of earlier runs. */
  readonly verdicts: VerdictCache;
  /** The analysis configuration of the stage (or of `--config`). */
  readonly config: AnalysisConfig;
  /** The model; undefined for the built-in rules. */
  readonly llm: CompletionClient | undefined;
  /** Where high-severity anomalies are announced; undefined for none. */
  readonly alerts: AlertSink | undefined;
  /** A scratch folder for the files the readers stream (Lambda's /tmp). */
  readonly tmpDir: string;
  /** Bytes of text per chunk. */
  readonly chunkBytes: number;
  /**
   * Largest object a run takes: PrepareRun copies the object into tmpDir, which on Lambda is sized for this many
   * bytes (`MAX_OBJECT_BYTES`), and refuses a larger one with an error that says so.
   * @default - no limit: a laptop's disk
   */
  readonly maxObjectBytes?: number;
  /** Where chunks are mined: in the handler's thread on Lambda, in worker threads locally. */
  readonly chunkMiner: ChunkMiner;
  /** Structured logs. */
  readonly log: PipelineLog;
  /** The clock (tests fix it). */
  readonly now: () => Date;
  /** Told how far reading a chunk has got (a local run draws its progress bar with it). */
  readonly onRead?: (stats: ReadStats) => void;
  /** Where the handlers count what they did (CloudWatch metrics on AWS); a local run counts nothing. */
  readonly metrics?: PipelineMetrics;
}

/** The metrics the handlers emit: lines, records, anomalies, LLM calls and cache hits, each state's duration. */
export interface PipelineMetrics {
  count(name: 'Lines' | 'Records' | 'Anomalies' | 'HighSeverityAnomalies' | 'LlmCalls' | 'LlmCacheHits' | 'LlmFailures', value: number): void;
}

/** Where alerts go (SNS in AWS). */
export interface AlertSink {
  publish(subject: string, message: string): Promise<void>;
}

/** The structured logger the handlers use (Powertools Logger fits it). */
export interface PipelineLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
}

/** A run, as every state passes it on: pointers, never log content. */
export interface RunRef {
  /** Hash of bucket, key and ETag. */
  readonly runId: string;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  /** The source (baseline key) the object belongs to. */
  readonly source: string;
  /** Where this run's intermediate objects go, ending in `/`. */
  readonly workPrefix: string;
}

/** Bytes of text per chunk when nothing else is set: large enough to amortise a Lambda's start. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;

/** Prefixes of the bucket. */
export const PREFIXES = { incoming: 'incoming/', exports: 'exports/', work: 'work/', reports: 'reports/' } as const;

/** The id of the run of an object version: the same bucket, key and ETag always give the same run. */
export function runIdOf(bucket: string, key: string, etag: string): string {
  return createHash('sha256').update(`${bucket}\n${key}\n${etag.replaceAll('"', '')}`).digest('hex').slice(0, 24);
}

/** Where a run's intermediate objects go, ending in `/`. */
export function workPrefixOf(runId: string): string {
  return `${PREFIXES.work}${runId}/`;
}

/** What naming a run's work objects takes. */
type RunWork = Pick<RunRef, 'workPrefix'>;

/** The work objects of a run. */
export const workKeys = {
  manifest: (run: RunWork) => `${run.workPrefix}manifest.json`,
  chunk: (run: RunWork, index: number) => `${run.workPrefix}chunks/${String(index).padStart(5, '0')}.log`,
  mined: (run: RunWork, index: number) => `${run.workPrefix}mined/${String(index).padStart(5, '0')}.bin`,
  merged: (run: RunWork) => `${run.workPrefix}merged.bin`,
  detection: (run: RunWork) => `${run.workPrefix}detection.json`,
  scores: (run: RunWork) => `${run.workPrefix}scores.bin`,
  candidates: (run: RunWork) => `${run.workPrefix}candidates/`,
  candidate: (run: RunWork, templateId: string) => `${workKeys.candidates(run)}${templateId}.json`,
  verdict: (run: RunWork, templateId: string) => `${run.workPrefix}verdicts/${templateId}.json`,
};

/** The manifest PrepareRun writes: what later states need to know about the object. */
export interface RunManifest {
  readonly run: RunRef;
  readonly chunks: readonly ChunkRef[];
  /** The layout detected on the file's first lines, or null for an empty file. */
  readonly layout: FileLayout | null;
  /** What reading the object repaired when it was rewritten as chunks; null when the chunks read it in place. */
  readonly readStats: ReadStats | null;
}

/** One chunk of a run. */
export interface ChunkRef {
  readonly index: number;
  /** The chunk's object: a chunk written apart, or the logged object itself. */
  readonly key: string;
  /** The chunk's bytes in the object, when it is a part of it read in place; absent when it is the whole object. */
  readonly range?: ByteRange;
  readonly firstLine: number;
  /** Lines in the chunk; -1 when the chunk is the whole object, not counted before it is mined. */
  readonly lines: number;
}

/** Whether a chunk starts after its object's first byte: the middle of a text file whose start PrepareRun read. */
export function continuesFile(chunk: ChunkRef): boolean {
  return (chunk.range?.start ?? 0) > 0;
}

/** Whether the line numbered `line` in the whole object is in the chunk. */
export function chunkHolds(chunk: ChunkRef, line: number): boolean {
  return line >= chunk.firstLine && (chunk.lines < 0 || line < chunk.firstLine + chunk.lines);
}

/** Reads a JSON object from the store. */
export async function getJson<T>(objects: ObjectStore, key: string): Promise<T> {
  return JSON.parse(Buffer.from(await objects.get(key)).toString('utf8')) as T;
}

/** Writes a JSON object to the store. */
export async function putJson(objects: ObjectStore, key: string, value: unknown): Promise<void> {
  await objects.put(key, JSON.stringify(value), 'application/json');
}
