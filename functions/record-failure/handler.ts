/** RecordFailure: the run of the object an execution was started for is marked failed, with the error. */
import { lambdaHandler } from '../lib/lambda.ts';
import type { PipelineDeps } from '../lib/pipeline.ts';
import { runOf } from '../prepare-run/handler.ts';
import type { RecordFailureInput, RecordFailureOutput } from './types.ts';

/** The handler, bound to its ports. */
export function recordFailure(deps: PipelineDeps) {
  return async (input: RecordFailureInput): Promise<RecordFailureOutput> => {
    const run = await runOf(input, deps);
    const error = { error: input.error.Error, cause: String(input.error.Cause ?? '').slice(0, 4000) };
    // A run that failed before PrepareRun recorded it still gets an item, so its failure can be queried.
    await deps.store.startRun({ ...run, status: 'FAILED', startedAt: deps.now().toISOString() });
    await deps.store.failRun(run.runId, error, deps.now().toISOString());
    deps.log.warn('run failed', { runId: run.runId, key: run.key, ...error });
    return { runId: run.runId, error: error.error };
  };
}

export const handler = lambdaHandler('RecordFailure', recordFailure);
