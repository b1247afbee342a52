/** The bucket logs are dropped into, and where chunks and results are written. */
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
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
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the pipeline\'s own roles read and write this bucket; object-level auditing is CloudTrail data events, ' +
        'configured per account, rather than a second, unaudited access-log bucket per stage.',
    });
    // eventBridgeEnabled brings CDK's singleton handler that switches the notifications on at deploy time.
    const notificationsHandler = Stack.of(this).node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notificationsHandler) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "CDK's own deploy-time handler that enables the bucket's EventBridge notifications; the managed policy only lets it write its logs.",
      });
    }
  }

  /**
   * Lets CloudWatch Logs export tasks of this account write under `prefix` (CreateExportTask with this bucket as
   * destination): the bucket policy AWS documents for export tasks, with the writes scoped to the prefix.
   * @param prefix a key prefix ending in '/', such as 'exports/'.
   * @throws Error naming `prefix` when it is empty or does not end in '/'.
   */
  allowLogExports(prefix: string): void {
    validatePrefix(prefix);
    const stack = Stack.of(this);
    const logs = new ServicePrincipal(`logs.${stack.region}.amazonaws.com`);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    };
    this.bucket.addToResourcePolicy(new PolicyStatement({ principals: [logs], actions: ['s3:GetBucketAcl'], resources: [this.bucket.bucketArn], conditions }));
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [logs],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
        conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }

  /**
   * Lets `grantee` get the objects under `prefix` (s3:GetObject only).
   * @param prefix a key prefix ending in '/', such as 'incoming/'.
   * @throws Error naming `prefix` when it is empty or does not end in '/'.
   */
  grantReadObjects(grantee: IGrantable, prefix: string): Grant {
    return this.#grantObjects(grantee, prefix, ['s3:GetObject']);
  }

  /**
   * Lets `grantee` put objects under `prefix` (s3:PutObject only; no ACLs, tags or deletes).
   * @param prefix a key prefix ending in '/', such as 'work/'.
   * @throws Error naming `prefix` when it is empty or does not end in '/'.
   */
  grantWriteObjects(grantee: IGrantable, prefix: string): Grant {
    return this.#grantObjects(grantee, prefix, ['s3:PutObject']);
  }

  /**
   * Lets `grantee` list the keys under `prefix` (s3:ListBucket on the bucket, with an `s3:prefix` condition).
   * @param prefix a key prefix ending in '/', such as 'exports/'.
   * @throws Error naming `prefix` when it is empty or does not end in '/'.
   */
  grantListObjects(grantee: IGrantable, prefix: string): Grant {
    validatePrefix(prefix);
    return Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    });
  }

  #grantObjects(grantee: IGrantable, prefix: string, actions: string[]): Grant {
    validatePrefix(prefix);
    const grant = Grant.addToPrincipal({ grantee, actions, resourceArns: [this.bucket.arnForObjects(`${prefix}*`)] });
    // The wildcard is the prefix itself: the keys under it are chosen at run time (run ids, uploaded names).
    if (grantee.grantPrincipal instanceof Construct) {
      const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
      Validations.of(grantee.grantPrincipal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
        reason: `Access is scoped to the keys under ${prefix}, whose names are only known at run time.`,
      });
    }
    return grant;
  }
}

/** Checks a key prefix given to a grant: a non-empty folder, so that a grant can never cover the whole bucket. */
function validatePrefix(prefix: string): void {
  if (!/^[A-Za-z0-9!_.'()-]+(\/[A-Za-z0-9!_.'()-]+)*\/$/.test(prefix)) {
    throw new Error(`LogBucket: prefix must be a folder such as 'incoming/' (not empty, ending in '/'), got '${prefix}'`);
  }
}
