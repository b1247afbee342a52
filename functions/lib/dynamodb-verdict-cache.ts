/**
 * The verdict cache of the pipeline in AWS: one item per cache key in the verdict table
 * (`cache_key`, `verdict` as JSON, `updatedAt`, and `expires_at` for DynamoDB's TTL).
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Verdict, VerdictCache } from '../../shared/classify/index.ts';
import { VERDICT_CACHE_KEYS } from '../../shared/store/index.ts';

/** Options of {@link DynamoDbVerdictCache}. */
export interface DynamoDbVerdictCacheOptions {
  /** The verdict table. */
  readonly tableName: string;
  /** A DocumentClient (lib-dynamodb), configured by the caller. */
  readonly client: DynamoDBDocumentClient;
  /**
   * Days a verdict is kept.
   * @default 30
   */
  readonly ttlDays?: number;
  /**
   * The clock.
   * @default - the system clock
   */
  readonly now?: () => Date;
}

/** Defaults of {@link DynamoDbVerdictCacheOptions}. */
export const DEFAULT_DYNAMODB_VERDICT_CACHE_OPTIONS = { ttlDays: 30 } as const;

/**
 * {@link VerdictCache} over the DynamoDB verdict table. An expired verdict is a miss even before DynamoDB's TTL,
 * which can lag by days, has removed it.
 */
export class DynamoDbVerdictCache implements VerdictCache {
  readonly #table: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #ttlDays: number;
  readonly #now: () => Date;

  constructor(options: DynamoDbVerdictCacheOptions) {
    this.#table = options.tableName;
    this.#client = options.client;
    this.#ttlDays = options.ttlDays ?? DEFAULT_DYNAMODB_VERDICT_CACHE_OPTIONS.ttlDays;
    this.#now = options.now ?? (() => new Date());
    if (!(this.#ttlDays > 0)) throw new Error(`ttlDays must be positive, got ${this.#ttlDays}`);
  }

  async get(key: string): Promise<Verdict | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [VERDICT_CACHE_KEYS.partition]: key } }),
    );
    if (Item === undefined) return undefined;
    const expiresAt = Item[VERDICT_CACHE_KEYS.ttl] as number | undefined;
    if (expiresAt !== undefined && expiresAt * 1000 <= this.#now().getTime()) return undefined;
    return JSON.parse(Item.verdict as string) as Verdict;
  }

  async set(key: string, verdict: Verdict): Promise<void> {
    const now = this.#now();
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          [VERDICT_CACHE_KEYS.partition]: key,
          verdict: JSON.stringify(verdict),
          updatedAt: now.toISOString(),
          [VERDICT_CACHE_KEYS.ttl]: Math.floor(now.getTime() / 1000) + this.#ttlDays * 86_400,
        },
      }),
    );
  }
}
