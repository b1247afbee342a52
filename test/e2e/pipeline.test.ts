/**
 * The pipeline end to end against the real protocols: a log put into an S3 server, its Object Created event
 * executing the state machine of statemachine/analysis.asl.json (Task states bound to the Lambdas' handlers, with
 * the S3 and DynamoDB adapters the Lambdas use), the summary in S3, the anomalies in DynamoDB Local, found again
 * by `loganomaly query`; the same event delivered twice leaves no duplicate.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { queryCommand } from '../../cli/query.ts';
import { DynamoDbAnomalyStore } from '../../functions/lib/dynamodb-anomaly-store.ts';
import { DynamoDbVerdictCache } from '../../functions/lib/dynamodb-verdict-cache.ts';
import { executeLocally } from '../../functions/lib/local-execution.ts';
import type { PipelineDeps } from '../../functions/lib/pipeline.ts';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.ts';
import type { PrepareRunEvent } from '../../functions/prepare-run/types.ts';
import type { ObjectStore } from '../../shared/store/index.ts';
import { inThreadChunkMiner } from '../../functions/lib/chunk-miner.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../../shared/config/index.ts';
import { redactSecrets } from '../../shared/security/index.ts';
import { loganomaly } from '../helpers/cli.ts';
import { createAnomalyTable, createBucket, createVerdictTable, documentClientFor, dynamoDbClientFor, s3ClientFor, uniqueName } from '../helpers/emulators.ts';

const SAMPLE = join(import.meta.dirname, '../../samples/service.log');
/** The sample gzipped: 70 KB, 411 KB of text. */
const SAMPLE_GZ = gzipSync(readFileSync(SAMPLE));

let s3: S3Client;
let deps: PipelineDeps;
let bucket: string;
let tableName: string;
let endpoint: string;
const alerts: Array<{ subject: string; message: string }> = [];

/** The EventBridge event S3 sends when an object is created, as the rule delivers it to the state machine. */
async function objectCreated(key: string): Promise<PrepareRunEvent> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return { detail: { bucket: { name: bucket }, object: { key, etag: head.ETag! } } };
}

/**
 * `objects`, telling `seen` of each local file a handler downloads into (once it is there) or uploads from (while it
 * is there).
 */
function watchedStore(objects: ObjectStore, seen: { download?: (path: string) => void; upload?: (path: string) => void }): ObjectStore {
  return {
    head: (key) => objects.head(key),
    get: (key) => objects.get(key),
    put: (key, body, type) => objects.put(key, body, type),
    list: (prefix) => objects.list(prefix),
    download: async (key, path, range) => {
      await objects.download(key, path, range);
      seen.download?.(path);
    },
    upload: async (path, key, type) => {
      seen.upload?.(path);
      await objects.upload(path, key, type);
    },
  };
}

beforeAll(async () => {
  endpoint = inject('dynamoDbEndpoint');
  s3 = s3ClientFor(inject('s3Endpoint'));
  bucket = uniqueName('logs').toLowerCase();
  tableName = uniqueName('anomalies');
  const verdictTable = uniqueName('verdicts');
  await createBucket(s3, bucket);
  await createAnomalyTable(dynamoDbClientFor(endpoint), tableName);
  await createVerdictTable(dynamoDbClientFor(endpoint), verdictTable);
  const documents = documentClientFor(endpoint);
  deps = {
    objects: new S3ObjectStore({ bucket, client: s3 }),
    store: new DynamoDbAnomalyStore({ tableName, client: documents }),
    verdicts: new DynamoDbVerdictCache({ tableName: verdictTable, client: documents }),
    config: DEFAULT_ANALYSIS_CONFIG,
    llm: undefined,
    alerts: { publish: async (subject, message) => void alerts.push({ subject, message }) },
    tmpDir: tmpdir(),
    // Small chunks, so the sample fans out over several MineChunk iterations as a big object would on AWS.
    chunkBytes: 64 * 1024,
    chunkMiner: inThreadChunkMiner,
    log: { info: () => {}, warn: () => {} },
    now: () => new Date(),
  };
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/service.log', Body: readFileSync(SAMPLE) }));
});

describe('The pipeline on S3 and DynamoDB', () => {
  it('analyses an object dropped under incoming/: summary and dashboard in S3, anomalies in DynamoDB, alerts sent', async () => {
    // Act
    const result = await executeLocally(await objectCreated('incoming/service.log'), deps);
    // Assess
    expect(result.status, JSON.stringify(result)).toBe('SUCCEEDED');
    const output = (result as { output: { runId: string; reportPrefix: string; anomalies: number } }).output;
    const summaryObject = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${output.reportPrefix}service.log.summary.json` }));
    const summary = JSON.parse(await summaryObject.Body!.transformToString()) as { original_log_count: number; anomalies_detected: number; llm: { provider: string } };
    expect(summary).toMatchObject({ original_log_count: 3000, anomalies_detected: output.anomalies, llm: { provider: 'builtin' } });
    const dashboard = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${output.reportPrefix}service.log.dashboard.html` }));
    expect(dashboard.ContentType).toMatch(/text\/html/);
    const stored = await deps.store.queryAnomalies({ runId: output.runId, limit: 1000 });
    expect(stored).toHaveLength(output.anomalies);
    expect(stored.some((s) => s.anomaly.kind === 'flood' && s.anomaly.template.includes('refused'))).toBe(true);
    // Each representative line is read back from the chunk (a byte range of the object) that holds it.
    const sampleLines = readFileSync(SAMPLE, 'utf8').split('\n');
    expect(new Set(stored.map((s) => Math.ceil(s.anomaly.log_line / 1000))).size).toBeGreaterThan(1);
    for (const { anomaly } of stored) expect(anomaly.log).toBe(redactSecrets(sampleLines[anomaly.log_line - 1]!).text);
    expect(await deps.store.getRun(output.runId)).toMatchObject({ status: 'COMPLETED', lines: 3000 });
    expect(alerts.length).toBe(1);
    expect(alerts[0]!.message).toContain(output.reportPrefix);
  });

  it('makes a redelivered event a no-op: no duplicate item, no second report', async () => {
    // Prepare
    const scan = async () => (await documentClientFor(endpoint).send(new ScanCommand({ TableName: tableName }))).Items!.length;
    const before = await scan();
    // Act
    const again = await executeLocally(await objectCreated('incoming/service.log'), deps);
    // Assess
    expect(again.status).toBe('SUCCEEDED');
    expect(await scan()).toBe(before);
  });

  it('finds the anomalies again with loganomaly query against the table', async () => {
    let stdout = '';
    const code = await queryCommand(['--table', tableName, '--endpoint', endpoint, '--object', `${bucket}/incoming/service.log`, '--severity', 'high', '--json'], {
      write: (text: string) => (stdout += text),
    });
    expect(code).toBe(0);
    const found = JSON.parse(stdout) as Array<{ anomaly: { severity: string; template: string } }>;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.anomaly.severity === 'high')).toBe(true);
    expect(found.some((f) => f.anomaly.template.includes('Connection to db-primary'))).toBe(true);
  });

  it('runs loganomaly analyze against the S3 and DynamoDB servers with --bucket and --table', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'loganomaly-endpoints-'));
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
    const args = ['analyze', '--input', SAMPLE, '--output', out, '--bucket', bucket, '--s3-endpoint', inject('s3Endpoint'), '--table', tableName, '--dynamodb-endpoint', endpoint];
    try {
      // Act
      const result = await loganomaly(args, { env });
      expect(result.code, result.stderr).toBe(0);
      // Assess
      expect(result.stderr).toMatch(/3,000 lines/);
      const summary = JSON.parse(readFileSync(join(out, 'service.log.summary.json'), 'utf8')) as { anomalies_detected: number };
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'reports/' }));
      expect(listed.Contents?.some((o) => o.Key!.endsWith('service.log.summary.json'))).toBe(true);
      const stored = await deps.store.queryAnomalies({ object: `${bucket}/incoming/service.log`, limit: 1000 });
      expect(stored.length).toBeGreaterThanOrEqual(summary.anomalies_detected);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses an object larger than a run takes, before copying it, saying how large it is and where the limit is set', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/too-big.log', Body: readFileSync(SAMPLE) }));
    const downloads: string[] = [];
    const objects = watchedStore(deps.objects, { download: (path) => downloads.push(path) });
    // Act
    const result = await executeLocally(await objectCreated('incoming/too-big.log'), { ...deps, objects, maxObjectBytes: 100 * 1024 });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'InputFormatError' });
    expect((result as { cause: string }).cause).toContain('incoming/too-big.log: 411 KB is more than 100 KB, the most a run takes here (maxObjectBytes in infra/config.ts');
    expect(downloads).toEqual([]);
  });

  it('refuses a gzip object whose text inflates past what a run takes, as it cuts it', async () => {
    // Prepare: 70 KB of gzip, 411 KB of text.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/inflates.log.gz', Body: SAMPLE_GZ }));
    // Act
    const result = await executeLocally(await objectCreated('incoming/inflates.log.gz'), { ...deps, maxObjectBytes: 200 * 1024 });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'InputFormatError' });
    expect((result as { cause: string }).cause).toContain('incoming/inflates.log.gz: its text inflates to more than 200 KB, the most a run takes here');
  });

  it('keeps one chunk at a time in /tmp: a gzip object\'s chunks uploaded as they are cut, wanted lines read chunk by chunk', async () => {
    // Prepare: the sample gzipped (70 KB, so it is cut, as text, into 16 KiB chunks), and a store that notes how many
    // files the handlers' scratch folders hold whenever a file goes in or out.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/service-gz.log.gz', Body: SAMPLE_GZ }));
    const mostFiles = new Map<string, number>();
    const calls = new Map<string, number>();
    const note = (path: string): void => {
      const folder = basename(dirname(path)).split('-')[0]!;
      mostFiles.set(folder, Math.max(mostFiles.get(folder) ?? 0, readdirSync(dirname(path)).length));
      calls.set(folder, (calls.get(folder) ?? 0) + 1);
    };
    const objects = watchedStore(deps.objects, { download: note, upload: note });
    // Act
    const result = await executeLocally(await objectCreated('incoming/service-gz.log.gz'), { ...deps, objects, chunkBytes: 16 * 1024 });
    // Assess
    expect(result.status, JSON.stringify(result)).toBe('SUCCEEDED');
    // PrepareRun: the object and the chunk being uploaded, for each of several chunks.
    expect(calls.get('prepare')).toBeGreaterThan(4);
    expect(mostFiles.get('prepare')).toBe(2);
    // DetectAnomalies: several chunks fetched, each alone.
    expect(calls.get('detect')).toBeGreaterThan(1);
    expect(mostFiles.get('detect')).toBe(1);
  });

  it('records a failed run with its error, where query and the alarms see it', async () => {
    // Prepare: a binary object.
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'incoming/core.bin', Body: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]) }));
    // Act
    const result = await executeLocally(await objectCreated('incoming/core.bin'), deps);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'BinaryFileError' });
  });
});
