/**
 * The AWS bindings of the pipeline's ports, made once per Lambda container from its environment: S3 for objects,
 * DynamoDB for runs, anomalies, baselines and verdicts, SNS for alerts, the configured model (Bedrock through the
 * SDK, or an Ollama/OpenAI-compatible endpoint).
 */
import { tmpdir } from 'node:os';
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { parseConfig } from '../../shared/config/index.ts';
import { createLlmClient } from '../../shared/llm/index.ts';
import { documentClient, pipelineLogger, serviceName } from './aws-clients.ts';
import { createBedrockLlmClient } from './bedrock-llm-client.ts';
import { inThreadChunkMiner } from './chunk-miner.ts';
import { DynamoDbAnomalyStore } from './dynamodb-anomaly-store.ts';
import { DynamoDbVerdictCache } from './dynamodb-verdict-cache.ts';
import { DEFAULT_CHUNK_BYTES, type PipelineDeps } from './pipeline.ts';
import { S3ObjectStore } from './s3-object-store.ts';

/**
 * Reads an environment variable the function cannot run without.
 * @throws Error naming the variable when it is not set.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

/**
 * A size in bytes from the environment; undefined when the variable is not set.
 * @throws Error naming the variable when it is not a positive whole number.
 */
export function byteCountEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined) return undefined;
  const bytes = Number(value);
  if (!(Number.isSafeInteger(bytes) && bytes > 0)) throw new Error(`environment variable ${name} must be a positive whole number of bytes, got "${value}"`);
  return bytes;
}

/** The namespace of the pipeline's CloudWatch metrics. */
export const METRICS_NAMESPACE = 'LogAnomaly';

/** The ports of a pipeline Lambda, bound to AWS, and the metrics to publish after each invocation. */
export function awsDeps(state: string): PipelineDeps & { readonly cloudWatch: Metrics; readonly logger: Logger } {
  const { logger, log } = pipelineLogger(state);
  const cloudWatch = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: serviceName(), defaultDimensions: { state } });
  const { config, warnings } = parseConfig(JSON.parse(process.env['ANALYSIS_CONFIG'] ?? '{}'), 'ANALYSIS_CONFIG');
  for (const warning of warnings) logger.warn(warning);
  const documents = documentClient();
  const topic = process.env['ALERT_TOPIC_ARN'];
  const sns = topic ? new SNSClient({}) : undefined;
  return {
    objects: new S3ObjectStore({ bucket: requireEnv('BUCKET_NAME'), client: new S3Client({}) }),
    // Functions that never touch a table are given no name for it; their store is never called.
    store: new DynamoDbAnomalyStore({ tableName: process.env['TABLE_NAME'] ?? '', client: documents }),
    verdicts: new DynamoDbVerdictCache({ tableName: process.env['VERDICT_TABLE_NAME'] ?? '', client: documents }),
    config,
    llm: createLlmClient(config.llm, process.env, { bedrock: createBedrockLlmClient }),
    alerts: sns && topic ? { publish: async (subject, message) => void (await sns.send(new PublishCommand({ TopicArn: topic, Subject: subject, Message: message }))) } : undefined,
    tmpDir: tmpdir(),
    chunkBytes: byteCountEnv('CHUNK_BYTES') ?? DEFAULT_CHUNK_BYTES,
    maxObjectBytes: byteCountEnv('MAX_OBJECT_BYTES'),
    chunkMiner: inThreadChunkMiner,
    log,
    now: () => new Date(),
    metrics: { count: (name, value) => cloudWatch.addMetric(name, MetricUnit.Count, value) },
    cloudWatch,
    logger,
  };
}
