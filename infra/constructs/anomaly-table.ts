/** The DynamoDB tables: anomalies, runs and baselines in one table, and the LLM verdict cache beside it. */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE_INDEXES, TABLE_KEYS, VERDICT_CACHE_KEYS } from '../../shared/store/anomaly-table.ts';

/**
 * The DynamoDB actions each method of the anomaly store sends (functions/lib/dynamodb-anomaly-store.ts).
 * Conditional writes need nothing more: the condition is evaluated by the write itself.
 */
export const STORE_ACTIONS = {
  /** A conditional PutItem of the run item. */
  startRun: ['dynamodb:PutItem'],
  /** An UpdateItem of the run item. */
  completeRun: ['dynamodb:UpdateItem'],
  /** An UpdateItem of the run item. */
  failRun: ['dynamodb:UpdateItem'],
  /** A GetItem of the run item. */
  getRun: ['dynamodb:GetItem'],
  /** BatchWriteItem of anomalies and tag pointers; GetItem of the run when an anomaly has no time of its own. */
  putAnomalies: ['dynamodb:BatchWriteItem', 'dynamodb:GetItem'],
  /** A GetItem of the baseline (BaselineStore.load). */
  load: ['dynamodb:GetItem'],
  /** A PutItem of the baseline (BaselineStore.save). */
  save: ['dynamodb:PutItem'],
} as const satisfies Record<string, readonly string[]>;

/** A method of the anomaly store the pipeline's functions call. */
export type StoreMethod = keyof typeof STORE_ACTIONS;

/** Props of {@link AnomalyTable}. */
export interface AnomalyTableProps {
  /**
   * Keep both tables when the stack is deleted.
   * @default true
   */
  readonly retain?: boolean;
  /**
   * Point-in-time recovery of the anomaly table (the verdict cache is rebuilt by classifying again, so it has none).
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
}

/** Defaults of {@link AnomalyTableProps}. */
export const DEFAULT_ANOMALY_TABLE_PROPS = { retain: true, pointInTimeRecovery: true } as const;

/**
 * The anomaly table (single-table design of shared/store/anomaly-table.ts: runs, anomalies, baselines, tags, with
 * four GSIs and a TTL attribute) and the verdict cache, both on demand and encrypted with the AWS managed key.
 *
 * The construct ids 'Table' and 'VerdictCache' name the tables' logical ids: changing them replaces the tables
 * and loses their items.
 */
export class AnomalyTable extends Construct {
  /** Runs, anomalies, baselines and tag pointers. */
  readonly table: Table;
  /** LLM verdicts by cache key, expiring through TTL. */
  readonly verdictCache: Table;

  constructor(scope: Construct, id: string, props: AnomalyTableProps = {}) {
    super(scope, id);
    const retain = props.retain ?? DEFAULT_ANOMALY_TABLE_PROPS.retain;
    const pointInTimeRecovery = props.pointInTimeRecovery ?? DEFAULT_ANOMALY_TABLE_PROPS.pointInTimeRecovery;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pointInTimeRecovery },
      removalPolicy,
    });
    for (const index of Object.values(TABLE_INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partition, type: AttributeType.STRING },
        sortKey: { name: index.sort, type: AttributeType.STRING },
      });
    }
    if (!pointInTimeRecovery) {
      Validations.of(this.table).acknowledge({
        id: 'AwsSolutions-DDB3',
        reason: 'Point-in-time recovery is a per-stage choice (StageConfig.pointInTimeRecovery): off where runs can be repeated from the logs.',
      });
    }

    this.verdictCache = new Table(this, 'VerdictCache', {
      partitionKey: { name: VERDICT_CACHE_KEYS.partition, type: AttributeType.STRING },
      timeToLiveAttribute: VERDICT_CACHE_KEYS.ttl,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy,
    });
    Validations.of(this.verdictCache).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason: 'A cache of LLM verdicts with a TTL: a lost item is classified again, so backups would restore nothing of value.',
    });
  }

  /**
   * Lets `grantee` call the given methods of the anomaly store (functions/lib/dynamodb-anomaly-store.ts), with
   * exactly the DynamoDB actions those methods send, on the table itself (no index, no scan, no delete).
   * @example
   * tables.grantStore(writeReport, 'completeRun', 'putAnomalies', 'save');
   */
  grantStore(grantee: IGrantable, ...methods: StoreMethod[]): Grant {
    const actions = [...new Set(methods.flatMap((method) => STORE_ACTIONS[method]))].sort();
    if (actions.length === 0) throw new Error('AnomalyTable: grantStore needs at least one method');
    return grantItems(grantee, this.table, ...actions);
  }

  /** Lets `grantee` get and put verdicts in the cache (functions/lib/dynamodb-verdict-cache.ts: GetItem, PutItem). */
  grantVerdictCache(grantee: IGrantable): Grant {
    return grantItems(grantee, this.verdictCache, 'dynamodb:GetItem', 'dynamodb:PutItem');
  }
}

/**
 * Grants item actions on a table's own ARN. Table.grant would add `<table>/index/*` too, as soon as the table has
 * an index, and none of these actions reads an index.
 */
function grantItems(grantee: IGrantable, table: Table, ...actions: string[]): Grant {
  return Grant.addToPrincipal({ grantee, actions, resourceArns: [table.tableArn] });
}
