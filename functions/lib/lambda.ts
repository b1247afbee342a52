/**
 * The Lambda entry of a handler: the AWS bindings of its ports are made once per container, on the first
 * invocation (they read the environment), and reused; each invocation is logged with the execution's object and
 * its duration published as a metric. A local run never calls this: it binds the same handler factories to local
 * ports instead.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PipelineDeps } from './pipeline.ts';

type AwsDeps = ReturnType<typeof import('./aws-deps.ts').awsDeps>;
let deps: Promise<AwsDeps> | undefined;

/** Wraps a handler factory as a Lambda handler. */
export function lambdaHandler<Input, Output>(state: string, make: (deps: PipelineDeps) => (input: Input) => Promise<Output>): (input: Input) => Promise<Output> {
  let bound: ((input: Input) => Promise<Output>) | undefined;
  return async (input) => {
    deps ??= import('./aws-deps.ts').then((m) => m.awsDeps(state));
    const aws = await deps;
    bound ??= make(aws);
    const run = (input as { run?: { runId?: string; key?: string } }).run;
    if (run) aws.logger.appendKeys({ runId: run.runId, object: run.key });
    const started = performance.now();
    try {
      return await bound(input);
    } finally {
      aws.cloudWatch.addMetric('StateDuration', MetricUnit.Milliseconds, performance.now() - started);
      aws.cloudWatch.publishStoredMetrics();
    }
  };
}
