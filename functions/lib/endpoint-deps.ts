/**
 * The ports of `loganomaly analyze --bucket … --table …`: the pipeline run on this machine against S3 and DynamoDB,
 * real AWS or servers that speak their protocols (`--s3-endpoint`, `--dynamodb-endpoint`, or the SDK's standard
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL_DYNAMODB`). What is not named stays in the embedded store.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { tmpdir } from 'node:os';
import { awsRegion, documentClient } from './aws-clients.ts';
import { DynamoDbAnomalyStore } from './dynamodb-anomaly-store.ts';
import { DynamoDbVerdictCache } from './dynamodb-verdict-cache.ts';
import { DEFAULT_CHUNK_BYTES, type PipelineDeps } from './pipeline.ts';
import { S3ObjectStore } from './s3-object-store.ts';

/** Where a run's objects and items go instead of the embedded store. */
export interface EndpointOptions {
  /** The bucket: inputs are uploaded under `incoming/`, reports read back from `reports/`. */
  readonly bucket?: string;
  /** @default - AWS_ENDPOINT_URL_S3, else AWS */
  readonly s3Endpoint?: string;
  /** The anomaly table. */
  readonly table?: string;
  /** The verdict cache table. @default - the embedded store's verdict file */
  readonly verdictTable?: string;
  /** @default - AWS_ENDPOINT_URL_DYNAMODB, else AWS */
  readonly dynamodbEndpoint?: string;
}

/** `base` with its object store and anomaly store replaced by S3 and DynamoDB where the options name them. */
export function withEndpoints(base: PipelineDeps, options: EndpointOptions): PipelineDeps {
  let deps = base;
  if (options.bucket) {
    const client = new S3Client({
      region: awsRegion(),
      ...(options.s3Endpoint ? { endpoint: options.s3Endpoint, forcePathStyle: true } : {}),
      // S3-protocol servers other than S3 often cannot read aws-chunked bodies with trailing checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    deps = { ...deps, objects: new S3ObjectStore({ bucket: options.bucket, client }), tmpDir: tmpdir(), chunkBytes: DEFAULT_CHUNK_BYTES };
  }
  if (options.table) {
    const client = documentClient(options.dynamodbEndpoint);
    deps = {
      ...deps,
      store: new DynamoDbAnomalyStore({ tableName: options.table, client }),
      ...(options.verdictTable ? { verdicts: new DynamoDbVerdictCache({ tableName: options.verdictTable, client }) } : {}),
    };
  }
  return deps;
}
