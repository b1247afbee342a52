/**
 * The SDK clients and the logger every AWS binding makes the same way: the Lambdas (from their environment), the
 * export sweep, and the command line against AWS or servers on this machine.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { isLoopbackUrl } from '../../shared/llm/index.ts';
import type { PipelineLog } from './pipeline.ts';

/** The region outside Lambda when the environment names none. */
export const DEFAULT_REGION = 'us-east-1';

/** The region the clients use: AWS_REGION (Lambda sets it), AWS_DEFAULT_REGION, else DEFAULT_REGION. */
export function awsRegion(): string {
  return process.env['AWS_REGION'] || process.env['AWS_DEFAULT_REGION'] || DEFAULT_REGION;
}

/**
 * A DynamoDB document client, for AWS or for `endpoint` (DynamoDB Local). DynamoDB Local takes any key; with no
 * credentials configured the SDK would look for real ones and fail, so a loopback endpoint gets placeholder ones.
 */
export function documentClient(endpoint?: string): DynamoDBDocumentClient {
  const local = endpoint !== undefined && isLoopbackUrl(endpoint) && !hasCredentialsInEnvironment();
  const client = new DynamoDBClient({
    region: awsRegion(),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function hasCredentialsInEnvironment(): boolean {
  const env = process.env;
  return Boolean(env['AWS_ACCESS_KEY_ID'] || env['AWS_PROFILE'] || env['AWS_WEB_IDENTITY_TOKEN_FILE'] || env['AWS_CONTAINER_CREDENTIALS_FULL_URI']);
}

/** The Powertools service name of the function's logs and metrics (set by the stack). */
export function serviceName(): string {
  return process.env['POWERTOOLS_SERVICE_NAME'] ?? 'loganomaly';
}

/** The Powertools logger of one state (or scheduled function), and the pipeline's view of it. */
export function pipelineLogger(state: string): { readonly logger: Logger; readonly log: PipelineLog } {
  const logger = new Logger({ serviceName: serviceName(), persistentKeys: { state } });
  return { logger, log: { info: (message, extra) => logger.info(message, extra ?? {}), warn: (message, extra) => logger.warn(message, extra ?? {}) } };
}
