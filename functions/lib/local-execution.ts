/**
 * The state machine of statemachine/analysis.asl.json executed on this machine (npm aws-local-stepfunctions), its
 * Task states bound to the same handler factories the Lambdas use, with whatever ports the caller gives: a
 * folder and a file for `loganomaly analyze`, the S3 and DynamoDB servers of the tests, or real AWS.
 */
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import { classifyTemplate } from '../classify-template/handler.ts';
import { detectAnomaliesHandler } from '../detect-anomalies/handler.ts';
import { mergeTemplates } from '../merge-templates/handler.ts';
import { mineChunkHandler } from '../mine-chunk/handler.ts';
import { prepareRun, runOf } from '../prepare-run/handler.ts';
import type { PrepareRunEvent } from '../prepare-run/types.ts';
import { recordFailure } from '../record-failure/handler.ts';
import { writeReport } from '../write-report/handler.ts';
import type { PipelineDeps } from './pipeline.ts';

/** The definition both AWS and this runner execute. */
const DEFINITION_PATH = new URL('../../statemachine/analysis.asl.json', import.meta.url);

/** Every Task state's handler, bound to `deps`. */
function localHandlers(deps: PipelineDeps): Record<string, (input: never) => Promise<unknown>> {
  return {
    PrepareRun: prepareRun(deps),
    MineChunk: mineChunkHandler(deps),
    MergeTemplates: mergeTemplates(deps),
    DetectAnomalies: detectAnomaliesHandler(deps),
    ClassifyTemplate: classifyTemplate(deps),
    WriteReport: writeReport(deps),
    RecordFailure: recordFailure(deps),
  };
}

/** The handlers, each telling `onState` how long it took. */
function timed<H extends Record<string, (input: unknown) => Promise<never>>>(handlers: H, onState: LocalExecutionOptions['onState']): H {
  if (!onState) return handlers;
  const wrapped: Record<string, (input: unknown) => Promise<never>> = {};
  for (const [state, handler] of Object.entries(handlers)) {
    wrapped[state] = async (input) => {
      const started = performance.now();
      try {
        return await handler(input);
      } finally {
        onState(state, performance.now() - started);
      }
    };
  }
  return wrapped as H;
}

/** The outcome of one local execution. */
export type LocalExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown }
  | { readonly status: 'FAILED'; readonly error: string; readonly cause: string };

/** Options of {@link executeLocally}. */
export interface LocalExecutionOptions {
  /**
   * The wait of every Retry rule: Step Functions' own waits are seconds; a local run needs none.
   * @default 0
   */
  readonly retryDelayMs?: number;
  /** Told each Task state's name and duration as it ends (`analyze --verbose`). */
  readonly onState?: (state: string, ms: number) => void;
}

let machine: StateMachine | undefined;

/** The state machine, read and validated once for all the runs of the process. */
function stateMachine(): StateMachine {
  if (machine === undefined) {
    // CDK substitutes the placeholders with the functions' ARNs; here they name local ones, which the handlers
    // bound by state name replace.
    const text = readFileSync(DEFINITION_PATH, 'utf8').replace(/\$\{(\w+)FunctionArn\}/g, (_, name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`);
    machine = new StateMachine(JSON.parse(text) as ConstructorParameters<typeof StateMachine>[0]);
  }
  return machine;
}

/** Executes the state machine for one object event. */
export async function executeLocally(event: PrepareRunEvent, deps: PipelineDeps, options: LocalExecutionOptions = {}): Promise<LocalExecutionResult> {
  const retryDelayMs = options.retryDelayMs ?? 0;
  const handlers = timed(localHandlers(deps) as unknown as Record<string, (input: unknown) => Promise<never>>, options.onState);
  const retryIntervalOverrides = Object.fromEntries(Object.keys(handlers).map((state) => [state, retryDelayMs]));
  const execution = stateMachine().run(event as never, { overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides } });
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    // The run's Catch recorded the error that stopped it on the run item, as it does on AWS: report that one.
    const run = await deps.store.getRun((await runOf(event, deps)).runId);
    if (run?.error) return { status: 'FAILED', error: run.error.error, cause: run.error.cause };
    const e = error as { name?: string; message?: string };
    return { status: 'FAILED', error: e.name ?? 'Error', cause: e.message ?? String(error) };
  }
}
