/**
 * The Lambda entry of a handler: the AWS bindings of its ports are made once per container, on the first
 * invocation (they read the environment), and reused. A local run never calls this: it binds the same handler
 * factories to local ports instead.
 */
import type { PipelineDeps } from './pipeline.ts';

let deps: Promise<PipelineDeps> | undefined;

/** Wraps a handler factory as a Lambda handler. */
export function lambdaHandler<Input, Output>(state: string, make: (deps: PipelineDeps) => (input: Input) => Promise<Output>): (input: Input) => Promise<Output> {
  let bound: ((input: Input) => Promise<Output>) | undefined;
  return async (input) => {
    deps ??= import('./aws-deps.ts').then((m) => m.awsDeps(state));
    bound ??= make(await deps);
    return bound(input);
  };
}
