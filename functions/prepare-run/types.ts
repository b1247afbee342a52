/** Input and output of PrepareRun. */
import type { ChunkRef, RunRef } from '../lib/pipeline.ts';

/** An EventBridge "Object Created" event of S3, or an object named directly (the sweep, a local run). */
export type PrepareRunEvent =
  | { readonly detail: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string; readonly etag?: string } } }
  | { readonly bucket: string; readonly key: string; readonly etag?: string };

/** The run and its chunks; `alreadyAnalysed` ends the execution when this object version was analysed before. */
export interface PrepareRunOutput {
  readonly run: RunRef;
  readonly alreadyAnalysed: boolean;
  readonly chunks: readonly ChunkRef[];
}
