/**
 * Vitest global setup: starts DynamoDB Local and s3rver once for the whole run, hands their endpoints to the tests
 * (`inject('dynamoDbEndpoint')`, `inject('s3Endpoint')`), and stops them when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startEmulators, type Emulators } from './helpers/emulators.ts';

let emulators: Emulators | undefined;

/** Starts the emulators and provides their endpoints. */
export async function setup(project: TestProject): Promise<void> {
  emulators = await startEmulators();
  project.provide('dynamoDbEndpoint', emulators.dynamoDbEndpoint);
  project.provide('s3Endpoint', emulators.s3Endpoint);
  if (process.env.LOGANOMALY_EMULATOR_TIMES) {
    process.stderr.write(`emulators answered in ${JSON.stringify(emulators.startupMs)} ms\n`);
  }
}

/** Stops the emulators (their process groups are killed on exit and on signals too, whatever happens here). */
export function teardown(): void {
  emulators?.stop();
  emulators = undefined;
}
