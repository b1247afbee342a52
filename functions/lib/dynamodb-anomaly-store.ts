/**
 * The anomaly store of the pipeline in AWS: runs, anomalies, tag pointers and baselines in the single table of
 * shared/store/anomaly-table.ts.
 *
 * Items written (attribute names besides the keys are camelCase for runs and baselines, snake_case where they
 * copy an anomaly's field):
 *
 * | item | pk | sk | other attributes |
 * | --- | --- | --- | --- |
 * | run | `RUN#<runId>` | `RUN` | `type` RUN, the {@link RunRecord} fields, `expires_at` |
 * | anomaly | `RUN#<runId>` | `ANOMALY#<id>` | `type` ANOMALY, `runId`, `object`, `anomalyId`, `time`, `first_seen`, `severity`, `template_id`, `kind`, `score`, `count`, `classification`, `tags`, `record` (the whole {@link AnomalyRecord} as JSON), `gsi1pk` `OBJECT#<bucket/key>`, `gsi2pk` `SEVERITY#<severity>`, `gsi3pk` `TEMPLATE#<templateId>`, `gsi4pk` `DAY#<YYYY-MM-DD>`, each `gsiNsk` `<time>#<id>`, `expires_at` |
 * | tag pointer | `TAG#<tag>` | `<time>#<id>` | `type` TAG, `runId`, `anomalyId`, `expires_at` |
 * | baseline | `BASELINE#<source>` | `BASELINE` | `type` BASELINE, `source`, `runs`, `templateIds` (a string set; absent when empty), `updatedAt` |
 *
 * `time` is the anomaly's `first_seen`, or the run's `startedAt` when the log has no times.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AnomalyRecord, Baseline } from '../../shared/detection/index.ts';
import {
  BASELINE_SORT_KEY,
  KEY_PREFIX,
  RUN_SORT_KEY,
  RUN_STATUS,
  TABLE_INDEXES,
  TABLE_KEYS,
  type AnomalyQuery,
  type AnomalyStore,
  type RunRecord,
  type StoredAnomaly,
} from '../../shared/store/index.ts';
import { retryDelayMs } from '../../shared/retry/index.ts';
import {
  compareNewestFirst,
  definedFields,
  indexSortKey,
  indexTime,
  matchesQuery,
  objectName,
  resolveQuery,
  toStoredAnomaly,
  utcDay,
  type IndexedAnomaly,
} from './anomaly-query.ts';

/** Options of {@link DynamoDbAnomalyStore}. */
export interface DynamoDbAnomalyStoreOptions {
  /** The anomaly table. */
  readonly tableName: string;
  /** A DocumentClient (lib-dynamodb), configured by the caller. */
  readonly client: DynamoDBDocumentClient;
  /**
   * Days runs, anomalies and tag pointers are kept before DynamoDB's TTL removes them (baselines are kept).
   * @default 90
   */
  readonly retentionDays?: number;
  /**
   * Items per Query or Scan page.
   * @default undefined - DynamoDB's own page of at most 1 MB
   */
  readonly pageSize?: number;
  /**
   * Attempts at a batch whose items DynamoDB leaves unprocessed (throttling) before giving up.
   * @default 8
   */
  readonly maxBatchAttempts?: number;
  /**
   * First backoff before a batch's unprocessed items are sent again, doubled each attempt, with full jitter.
   * @default 50
   */
  readonly baseDelayMs?: number;
  /**
   * Longest backoff between two attempts.
   * @default 2000
   */
  readonly maxDelayMs?: number;
  /**
   * A time range longer than this is read with a Scan rather than one by-day query per day.
   * @default 366
   */
  readonly maxDaysPerQuery?: number;
  /**
   * The clock (TTL, and the end of an open time range).
   * @default - the system clock
   */
  readonly now?: () => Date;
}

/** Defaults of {@link DynamoDbAnomalyStoreOptions}. */
export const DEFAULT_DYNAMODB_ANOMALY_STORE_OPTIONS = {
  retentionDays: 90,
  maxBatchAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
  maxDaysPerQuery: 366,
} as const;

/** Items in one BatchWriteItem, DynamoDB's limit. */
const BATCH_WRITE_SIZE = 25;
/** Keys in one BatchGetItem, DynamoDB's limit. */
const BATCH_GET_SIZE = 100;
/** The value of the `type` attribute, by item. */
const ITEM_TYPE = { run: 'RUN', anomaly: 'ANOMALY', tag: 'TAG', baseline: 'BASELINE' } as const;
const DAY_MS = 86_400_000;

/** A batch left unprocessed after every attempt. */
export class BatchWriteIncompleteError extends Error {
  constructor(tableName: string, unprocessed: number, attempts: number) {
    super(`${tableName}: ${unprocessed} item(s) still unprocessed after ${attempts} BatchWriteItem attempts`);
    this.name = 'BatchWriteIncompleteError';
  }
}

type Item = Record<string, unknown>;

/**
 * {@link AnomalyStore} over the DynamoDB anomaly table. Keys are deterministic, so writing a run's anomalies again
 * (a retried state, a redelivered event) overwrites the same items.
 * @example
 * const store = new DynamoDbAnomalyStore({ tableName: env('TABLE_NAME'), client: DynamoDBDocumentClient.from(new DynamoDBClient({})) });
 * if (!(await store.startRun(run))) return { skipped: true };
 */
export class DynamoDbAnomalyStore implements AnomalyStore {
  readonly #table: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #retentionDays: number;
  readonly #pageSize: number | undefined;
  readonly #maxBatchAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxDaysPerQuery: number;
  readonly #now: () => Date;

  constructor(options: DynamoDbAnomalyStoreOptions) {
    const defaults = DEFAULT_DYNAMODB_ANOMALY_STORE_OPTIONS;
    this.#table = options.tableName;
    this.#client = options.client;
    this.#retentionDays = options.retentionDays ?? defaults.retentionDays;
    this.#pageSize = options.pageSize;
    this.#maxBatchAttempts = options.maxBatchAttempts ?? defaults.maxBatchAttempts;
    this.#baseDelayMs = options.baseDelayMs ?? defaults.baseDelayMs;
    this.#maxDelayMs = options.maxDelayMs ?? defaults.maxDelayMs;
    this.#maxDaysPerQuery = options.maxDaysPerQuery ?? defaults.maxDaysPerQuery;
    this.#now = options.now ?? (() => new Date());
    if (!(this.#retentionDays > 0)) throw new Error(`retentionDays must be positive, got ${this.#retentionDays}`);
  }

  /** Puts the run item unless the run already completed. */
  async startRun(run: RunRecord): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...runKey(run.runId), type: ITEM_TYPE.run, ...definedFields(run), [TABLE_KEYS.ttl]: this.#expiresAt() },
          ConditionExpression: 'attribute_not_exists(#pk) OR #status <> :completed',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partition, '#status': 'status' },
          ExpressionAttributeValues: { ':completed': RUN_STATUS.completed },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** @throws Error when the run was never started. */
  async completeRun(runId: string, result: Pick<RunRecord, 'lines' | 'anomalies' | 'reportPrefix' | 'finishedAt'>): Promise<void> {
    const values: Item = { ':status': RUN_STATUS.completed };
    const names: Record<string, string> = { '#pk': TABLE_KEYS.partition, '#status': 'status', '#error': 'error' };
    const sets = ['#status = :status'];
    for (const field of ['lines', 'anomalies', 'reportPrefix', 'finishedAt'] as const) {
      if (result[field] === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = result[field];
      sets.push(`#${field} = :${field}`);
    }
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: runKey(runId),
          UpdateExpression: `SET ${sets.join(', ')} REMOVE #error`,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) throw new Error(`run ${runId} cannot complete: it was never started`, { cause: error });
      throw error;
    }
  }

  /** Marks a started run failed; a completed or unknown run is left as it is. */
  async failRun(runId: string, error: { readonly error: string; readonly cause: string }, finishedAt: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: runKey(runId),
          UpdateExpression: 'SET #status = :failed, #error = :error, #finishedAt = :finishedAt',
          // An unknown run fails the condition too, so no half run item is created.
          ConditionExpression: 'attribute_exists(#pk) AND #status <> :completed',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partition, '#status': 'status', '#error': 'error', '#finishedAt': 'finishedAt' },
          ExpressionAttributeValues: {
            ':failed': RUN_STATUS.failed,
            ':completed': RUN_STATUS.completed,
            ':error': { error: error.error, cause: error.cause },
            ':finishedAt': finishedAt,
          },
        }),
      );
    } catch (failure) {
      if (!isConditionFailed(failure)) throw failure;
    }
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const { Item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: runKey(runId), ConsistentRead: true }));
    return Item === undefined ? undefined : toRunRecord(Item);
  }

  /**
   * Writes one item per anomaly and one tag pointer per tag, 25 to a BatchWriteItem, sending unprocessed items
   * again with backoff.
   * @throws BatchWriteIncompleteError when items are still unprocessed after `maxBatchAttempts`.
   */
  async putAnomalies(run: Pick<RunRecord, 'runId' | 'bucket' | 'key'>, anomalies: readonly AnomalyRecord[]): Promise<void> {
    if (anomalies.length === 0) return;
    // Duplicate keys in one batch are refused by DynamoDB: the last record of an id wins.
    const unique = [...new Map(anomalies.map((anomaly) => [anomaly.id, anomaly])).values()];
    const runTime = unique.some((anomaly) => anomaly.first_seen === null) ? await this.#runTime(run.runId) : '';
    const object = objectName(run);
    const expiresAt = this.#expiresAt();
    const items = unique.flatMap((anomaly) => {
      const time = indexTime(anomaly, runTime);
      const sortKey = indexSortKey(time, anomaly.id);
      const pointers = [...new Set(anomaly.tags)].map((tag) => ({
        [TABLE_KEYS.partition]: `${KEY_PREFIX.tag}${tag}`,
        [TABLE_KEYS.sort]: sortKey,
        type: ITEM_TYPE.tag,
        runId: run.runId,
        anomalyId: anomaly.id,
        [TABLE_KEYS.ttl]: expiresAt,
      }));
      return [anomalyItem(run.runId, object, anomaly, time, expiresAt), ...pointers];
    });
    for (let i = 0; i < items.length; i += BATCH_WRITE_SIZE) await this.#batchWrite(items.slice(i, i + BATCH_WRITE_SIZE));
  }

  /**
   * Reads the narrowest index the query allows (run → table, object → by-object, severity → by-severity,
   * template → by-template, tag → tag pointers, a time range alone → by-day, one query per day, newest day
   * first; nothing, or an open or very long range → a Scan), filters on the rest, and returns the newest first.
   */
  async queryAnomalies(query: AnomalyQuery): Promise<StoredAnomaly[]> {
    const resolved = resolveQuery(query);
    // DynamoDB refuses a BETWEEN whose bounds are reversed; such a range holds nothing anyway.
    if (resolved.from !== undefined && resolved.to !== undefined && resolved.from > resolved.to) return [];
    const found: IndexedAnomaly[] = [];
    const seen = new Set<string>();
    const candidates = this.#candidates(resolved);
    for await (const item of candidates.items) {
      const key = `${item.runId}#${item.anomaly.id}`;
      if (seen.has(key) || !matchesQuery(item, resolved)) continue;
      seen.add(key);
      found.push(item);
      if (candidates.ordered && found.length >= resolved.limit) break;
    }
    return found.sort(compareNewestFirst).slice(0, resolved.limit).map(toStoredAnomaly);
  }

  async load(source: string): Promise<Baseline | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: baselineKey(source), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    const ids = Item.templateIds as Set<string> | string[] | undefined;
    return {
      source: Item.source as string,
      runs: Item.runs as number,
      templateIds: [...(ids ?? [])].sort(),
      updatedAt: Item.updatedAt as string,
    };
  }

  async save(baseline: Baseline): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...baselineKey(baseline.source),
          type: ITEM_TYPE.baseline,
          source: baseline.source,
          runs: baseline.runs,
          updatedAt: baseline.updatedAt,
          // A string set cannot be empty: no templates, no attribute.
          ...(baseline.templateIds.length === 0 ? {} : { templateIds: new Set(baseline.templateIds) }),
        },
      }),
    );
  }

  /** The anomalies a query reads, and whether they come newest first (so reading can stop at the limit). */
  #candidates(query: AnomalyQuery): { items: AsyncIterable<IndexedAnomaly>; ordered: boolean } {
    const range = sortKeyRange(query);
    if (query.runId !== undefined) {
      return {
        ordered: false,
        items: this.#anomalyItems({
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :anomaly)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partition, '#sk': TABLE_KEYS.sort },
          ExpressionAttributeValues: { ':pk': `${KEY_PREFIX.run}${query.runId}`, ':anomaly': KEY_PREFIX.anomaly },
        }),
      };
    }
    const byIndex = (index: { name: string; partition: string; sort: string }, partition: string) => ({
      ordered: true,
      items: this.#anomalyItems(indexQuery(index.name, index.partition, index.sort, partition, range)),
    });
    if (query.object !== undefined) return byIndex(TABLE_INDEXES.byObject, `${KEY_PREFIX.object}${query.object}`);
    if (query.severity !== undefined) return byIndex(TABLE_INDEXES.bySeverity, `${KEY_PREFIX.severity}${query.severity}`);
    if (query.templateId !== undefined) return byIndex(TABLE_INDEXES.byTemplate, `${KEY_PREFIX.template}${query.templateId}`);
    if (query.tag !== undefined) return { ordered: true, items: this.#taggedItems(query.tag, range) };
    const days = query.from === undefined ? undefined : daysBetween(query.from, query.to ?? this.#openEnd(query.from));
    if (days !== undefined && days.length <= this.#maxDaysPerQuery) {
      return { ordered: true, items: this.#byDays(days, range) };
    }
    return { ordered: false, items: this.#scanAnomalies() };
  }

  async *#byDays(days: readonly string[], range: SortKeyRange): AsyncIterable<IndexedAnomaly> {
    const { name, partition, sort } = TABLE_INDEXES.byDay;
    for (const day of [...days].reverse()) {
      yield* this.#anomalyItems(indexQuery(name, partition, sort, `${KEY_PREFIX.day}${day}`, range));
    }
  }

  /** Follows the tag's pointers, newest first, to the anomaly items (read in batches). */
  async *#taggedItems(tag: string, range: SortKeyRange): AsyncIterable<IndexedAnomaly> {
    const input = indexQuery(undefined, TABLE_KEYS.partition, TABLE_KEYS.sort, `${KEY_PREFIX.tag}${tag}`, range);
    for await (const page of this.#pages(input)) {
      const keys = page.map((pointer) => anomalyKey(pointer.runId as string, pointer.anomalyId as string));
      for (let i = 0; i < keys.length; i += BATCH_GET_SIZE) {
        const items = await this.#batchGet(keys.slice(i, i + BATCH_GET_SIZE));
        const byKey = new Map(items.map((item) => [`${item[TABLE_KEYS.partition]}|${item[TABLE_KEYS.sort]}`, item]));
        // BatchGetItem answers in no order: restore the pointers' (a pointer to a deleted anomaly finds nothing).
        for (const key of keys.slice(i, i + BATCH_GET_SIZE)) {
          const item = byKey.get(`${key[TABLE_KEYS.partition]}|${key[TABLE_KEYS.sort]}`);
          if (item !== undefined) yield toIndexedAnomaly(item);
        }
      }
    }
  }

  async *#scanAnomalies(): AsyncIterable<IndexedAnomaly> {
    const input: ScanCommandInput = {
      TableName: this.#table,
      FilterExpression: '#type = :anomaly',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':anomaly': ITEM_TYPE.anomaly },
      ...(this.#pageSize === undefined ? {} : { Limit: this.#pageSize }),
    };
    for (;;) {
      const out = await this.#client.send(new ScanCommand(input));
      for (const item of out.Items ?? []) yield toIndexedAnomaly(item);
      if (out.LastEvaluatedKey === undefined) return;
      input.ExclusiveStartKey = out.LastEvaluatedKey;
    }
  }

  async *#anomalyItems(query: Omit<QueryCommandInput, 'TableName'>): AsyncIterable<IndexedAnomaly> {
    for await (const page of this.#pages(query)) for (const item of page) yield toIndexedAnomaly(item);
  }

  /** The pages of a query, newest first, following LastEvaluatedKey. */
  async *#pages(query: Omit<QueryCommandInput, 'TableName'>): AsyncIterable<Item[]> {
    const input: QueryCommandInput = {
      ...query,
      TableName: this.#table,
      ScanIndexForward: false,
      ...(this.#pageSize === undefined ? {} : { Limit: this.#pageSize }),
    };
    for (;;) {
      const out = await this.#client.send(new QueryCommand(input));
      yield out.Items ?? [];
      if (out.LastEvaluatedKey === undefined) return;
      input.ExclusiveStartKey = out.LastEvaluatedKey;
    }
  }

  async #batchWrite(items: readonly Item[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; ; attempt++) {
      const out = await this.#client.send(new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }));
      const unprocessed = out.UnprocessedItems?.[this.#table] ?? [];
      if (unprocessed.length === 0) return;
      if (attempt >= this.#maxBatchAttempts) throw new BatchWriteIncompleteError(this.#table, unprocessed.length, attempt);
      requests = unprocessed as typeof requests;
      await this.#backoff(attempt);
    }
  }

  async #batchGet(keys: readonly Item[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Item[] = [...keys];
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await this.#client.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: pending } } }));
      items.push(...(out.Responses?.[this.#table] ?? []));
      pending = out.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      if (pending.length === 0) break;
      if (attempt >= this.#maxBatchAttempts) {
        throw new Error(`${this.#table}: ${pending.length} key(s) still unprocessed after ${attempt} BatchGetItem attempts`);
      }
      await this.#backoff(attempt);
    }
    return items;
  }

  /** Full jitter: a random wait up to the capped exponential delay. */
  async #backoff(attempt: number): Promise<void> {
    const delay = retryDelayMs(attempt, { baseDelayMs: this.#baseDelayMs, maxDelayMs: this.#maxDelayMs, backoffFactor: 2, jitter: 1, random: Math.random });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  /** When the run started, for anomalies of a log without times. */
  async #runTime(runId: string): Promise<string> {
    return (await this.getRun(runId))?.startedAt ?? this.#now().toISOString();
  }

  /** The end of a range given only its start: a day past now, so times slightly ahead of the clock are kept. */
  #openEnd(from: string): string {
    const end = this.#now().getTime() + DAY_MS;
    return new Date(Math.max(end, Date.parse(from))).toISOString();
  }

  #expiresAt(): number {
    return Math.floor(this.#now().getTime() / 1000) + this.#retentionDays * 86_400;
  }
}

/** Bounds on an index's sort key (`<time>#<id>`) from a query's time bounds. */
interface SortKeyRange {
  readonly from?: string;
  readonly to?: string;
}

function sortKeyRange(query: AnomalyQuery): SortKeyRange {
  return {
    ...(query.from === undefined ? {} : { from: query.from }),
    // Every `<to>#<id>` sorts below `<to>#` followed by the highest character.
    ...(query.to === undefined ? {} : { to: `${query.to}#\uffff` }),
  };
}

/** A backward query of one partition of an index (or of the table, with no index name), within a time range. */
function indexQuery(
  indexName: string | undefined,
  partition: string,
  sort: string,
  value: string,
  range: SortKeyRange,
): Omit<QueryCommandInput, 'TableName'> {
  const values: Item = { ':pk': value };
  let condition = '#pk = :pk';
  if (range.from !== undefined && range.to !== undefined) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = range.from;
    values[':to'] = range.to;
  } else if (range.from !== undefined) {
    condition += ' AND #sk >= :from';
    values[':from'] = range.from;
  } else if (range.to !== undefined) {
    condition += ' AND #sk <= :to';
    values[':to'] = range.to;
  }
  return {
    ...(indexName === undefined ? {} : { IndexName: indexName }),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: range.from === undefined && range.to === undefined ? { '#pk': partition } : { '#pk': partition, '#sk': sort },
    ExpressionAttributeValues: values,
  };
}

/** The UTC days from `from` to `to`, oldest first (empty when `to` is before `from`). */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const last = utcDay(to);
  for (let ms = Date.parse(`${utcDay(from)}T00:00:00Z`); ; ms += DAY_MS) {
    const day = new Date(ms).toISOString().slice(0, 10);
    if (day > last) return days;
    days.push(day);
  }
}

function anomalyItem(runId: string, object: string, anomaly: AnomalyRecord, time: string, expiresAt: number): Item {
  const sortKey = indexSortKey(time, anomaly.id);
  const { byObject, bySeverity, byTemplate, byDay } = TABLE_INDEXES;
  return {
    ...anomalyKey(runId, anomaly.id),
    type: ITEM_TYPE.anomaly,
    runId,
    object,
    anomalyId: anomaly.id,
    time,
    first_seen: anomaly.first_seen,
    severity: anomaly.severity,
    template_id: anomaly.template_id,
    kind: anomaly.kind,
    score: anomaly.score,
    count: anomaly.count,
    classification: anomaly.classification,
    tags: [...anomaly.tags],
    record: JSON.stringify(anomaly),
    [byObject.partition]: `${KEY_PREFIX.object}${object}`,
    [byObject.sort]: sortKey,
    [bySeverity.partition]: `${KEY_PREFIX.severity}${anomaly.severity}`,
    [bySeverity.sort]: sortKey,
    [byTemplate.partition]: `${KEY_PREFIX.template}${anomaly.template_id}`,
    [byTemplate.sort]: sortKey,
    [byDay.partition]: `${KEY_PREFIX.day}${utcDay(time)}`,
    [byDay.sort]: sortKey,
    [TABLE_KEYS.ttl]: expiresAt,
  };
}

function toIndexedAnomaly(item: Item): IndexedAnomaly {
  return {
    runId: item.runId as string,
    object: item.object as string,
    time: item.time as string,
    anomaly: JSON.parse(item.record as string) as AnomalyRecord,
  };
}

function toRunRecord(item: Item): RunRecord {
  const { [TABLE_KEYS.partition]: _pk, [TABLE_KEYS.sort]: _sk, [TABLE_KEYS.ttl]: _ttl, type: _type, ...run } = item;
  return run as unknown as RunRecord;
}

function runKey(runId: string): Item {
  return { [TABLE_KEYS.partition]: `${KEY_PREFIX.run}${runId}`, [TABLE_KEYS.sort]: RUN_SORT_KEY };
}

function anomalyKey(runId: string, anomalyId: string): Item {
  return { [TABLE_KEYS.partition]: `${KEY_PREFIX.run}${runId}`, [TABLE_KEYS.sort]: `${KEY_PREFIX.anomaly}${anomalyId}` };
}

function baselineKey(source: string): Item {
  return { [TABLE_KEYS.partition]: `${KEY_PREFIX.baseline}${source}`, [TABLE_KEYS.sort]: BASELINE_SORT_KEY };
}

function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}
