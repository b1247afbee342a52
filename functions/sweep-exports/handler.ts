/**
 * SweepExports (scheduled): every object under the export prefix (CloudWatch Logs exports: `.gz` objects under
 * `exports/<task>/<stream>/`) not yet analysed gets a run. An object version is "analysed" when its run item
 * exists; the execution is named after the run, so two sweeps racing start it once.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { AnomalyStore, ObjectStore } from '../../shared/store/index.ts';
import { documentClient, pipelineLogger } from '../lib/aws-clients.ts';
import { requireEnv } from '../lib/aws-deps.ts';
import { DynamoDbAnomalyStore } from '../lib/dynamodb-anomaly-store.ts';
import { PREFIXES, runIdOf, type PipelineLog } from '../lib/pipeline.ts';
import { S3ObjectStore } from '../lib/s3-object-store.ts';
import type { SweepExportsOutput } from './types.ts';

/** What the sweep needs. */
export interface SweepDeps {
  readonly bucket: string;
  readonly objects: ObjectStore;
  readonly store: AnomalyStore;
  /** Starts an execution; resolves false when one of that name already exists. */
  readonly start: (name: string, input: { bucket: string; key: string; etag: string }) => Promise<boolean>;
  readonly prefix: string;
  readonly log: PipelineLog;
}

/** The handler, bound to its ports. */
export function sweepExports(deps: SweepDeps) {
  return async (): Promise<SweepExportsOutput> => {
    let started = 0;
    let seen = 0;
    for (const object of await deps.objects.list(deps.prefix)) {
      // CloudWatch Logs writes an `aws-logs-write-test` object when an export starts; it holds no logs.
      if (object.key.endsWith('aws-logs-write-test') || object.size === 0) continue;
      seen++;
      const runId = runIdOf(deps.bucket, object.key, object.etag);
      if (await deps.store.getRun(runId)) continue;
      if (await deps.start(runId, { bucket: deps.bucket, key: object.key, etag: object.etag })) started++;
    }
    deps.log.info('exports swept', { seen, started });
    return { seen, started };
  };
}

let bound: (() => Promise<SweepExportsOutput>) | undefined;

/** The Lambda entry: AWS bindings made on the first invocation. */
export async function handler(): Promise<SweepExportsOutput> {
  if (!bound) {
    const bucket = requireEnv('BUCKET_NAME');
    const stateMachineArn = requireEnv('STATE_MACHINE_ARN');
    const sfn = new SFNClient({});
    bound = sweepExports({
      bucket,
      objects: new S3ObjectStore({ bucket, client: new S3Client({}) }),
      store: new DynamoDbAnomalyStore({ tableName: requireEnv('TABLE_NAME'), client: documentClient() }),
      prefix: process.env['EXPORT_PREFIX'] ?? PREFIXES.exports,
      start: async (name, input) => {
        try {
          await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
          return true;
        } catch (error) {
          if ((error as Error).name === 'ExecutionAlreadyExists') return false;
          throw error;
        }
      },
      log: pipelineLogger('SweepExports').log,
    });
  }
  return bound();
}
