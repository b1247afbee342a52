/** The bucket logs are dropped into, and where chunks and results are written. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props of {@link LogBucket}. */
export interface LogBucketProps {
  /**
   * Keep the bucket and its objects when the stack is deleted.
   * @default true
   */
  readonly retain?: boolean;
  /**
   * Key prefix of the chunks the workflow cuts logs into; they expire after `chunkExpirationDays`.
   * @default 'chunks/'
   */
  readonly chunkPrefix?: string;
  /**
   * Days chunks are kept.
   * @default 7
   */
  readonly chunkExpirationDays?: number;
}

/** Defaults of {@link LogBucketProps}. */
export const DEFAULT_LOG_BUCKET_PROPS = { retain: true, chunkPrefix: 'chunks/', chunkExpirationDays: 7 } as const;

/**
 * An S3 bucket for raw logs: encrypted, public access blocked, TLS only, object-created events sent to
 * EventBridge (the workflow's trigger), and a lifecycle rule that expires intermediate chunks.
 */
export class LogBucket extends Construct {
  /** The bucket. */
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps = {}) {
    super(scope, id);
    const retain = props.retain ?? DEFAULT_LOG_BUCKET_PROPS.retain;
    const chunkPrefix = props.chunkPrefix ?? DEFAULT_LOG_BUCKET_PROPS.chunkPrefix;
    const chunkExpirationDays = props.chunkExpirationDays ?? DEFAULT_LOG_BUCKET_PROPS.chunkExpirationDays;
    if (!(Number.isInteger(chunkExpirationDays) && chunkExpirationDays > 0)) {
      throw new Error(`LogBucket: chunkExpirationDays must be a positive whole number, got ${chunkExpirationDays}`);
    }
    // An empty prefix would expire every object in the bucket, raw logs included.
    if (chunkPrefix.length === 0) throw new Error('LogBucket: chunkPrefix must not be empty');
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      eventBridgeEnabled: true,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !retain,
      lifecycleRules: [{ prefix: chunkPrefix, expiration: Duration.days(chunkExpirationDays) }],
    });
  }
}
