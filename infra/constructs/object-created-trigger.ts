/** What starts a run: an object created under `incoming/` in the log bucket. */
import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { retryAttemptsProblem } from './event-target.ts';

/** Props of {@link ObjectCreatedTrigger}. */
export interface ObjectCreatedTriggerProps {
  /** The bucket whose Object Created events start runs; it must send its events to EventBridge. */
  readonly bucket: IBucket;
  /** The state machine each event starts, with the event as its input. */
  readonly stateMachine: IStateMachine;
  /**
   * Key prefix of the objects that start a run, ending in '/'.
   * @default 'incoming/'
   */
  readonly keyPrefix?: string;
  /**
   * How long EventBridge keeps retrying to start an execution before the event goes to the dead-letter queue;
   * from 1 minute to 24 hours.
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
  /**
   * Retries of a failed start before the event goes to the dead-letter queue; from 0 to 185.
   * @default 10
   */
  readonly retryAttempts?: number;
}

/** Defaults of {@link ObjectCreatedTriggerProps}. */
export const DEFAULT_OBJECT_CREATED_TRIGGER_PROPS = { keyPrefix: 'incoming/', maxEventAgeHours: 24, retryAttempts: 10 } as const;

/**
 * An EventBridge rule matching `aws.s3` `Object Created` events of one bucket under one key prefix, starting the
 * state machine with the event. Starts that still fail after the retries land in an encrypted, TLS-only SQS
 * dead-letter queue, kept 14 days.
 */
export class ObjectCreatedTrigger extends Construct {
  /** The rule. */
  readonly rule: Rule;
  /** Events whose execution could not be started. */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ObjectCreatedTriggerProps) {
    super(scope, id);
    const keyPrefix = props.keyPrefix ?? DEFAULT_OBJECT_CREATED_TRIGGER_PROPS.keyPrefix;
    const maxEventAge = props.maxEventAge ?? Duration.hours(DEFAULT_OBJECT_CREATED_TRIGGER_PROPS.maxEventAgeHours);
    const retryAttempts = props.retryAttempts ?? DEFAULT_OBJECT_CREATED_TRIGGER_PROPS.retryAttempts;
    const problems: string[] = [];
    if (!/^[^*?]+\/$/.test(keyPrefix)) problems.push(`keyPrefix must be a folder such as 'incoming/' (not empty, ending in '/'), got '${keyPrefix}'`);
    if (!maxEventAge.isUnresolved() && (maxEventAge.toSeconds() < 60 || maxEventAge.toSeconds() > 86_400)) {
      problems.push(`maxEventAge must be from 1 minute to 24 hours, got ${maxEventAge.toHumanString()}`);
    }
    const retryProblem = retryAttemptsProblem(retryAttempts);
    if (retryProblem) problems.push(retryProblem);
    if (problems.length > 0) throw new Error(`ObjectCreatedTrigger: ${problems.join('; ')}`);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the rule target's dead-letter queue; an alarm watches it, and nothing consumes it automatically.",
    });

    this.rule = new Rule(this, 'Rule', {
      description: `Starts an analysis for each object created under ${keyPrefix}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: Match.prefix(keyPrefix) },
        },
      },
    });
    this.rule.addTarget(
      new SfnStateMachine(props.stateMachine, {
        input: RuleTargetInput.fromEventPath('$'),
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge,
        retryAttempts,
      }),
    );
  }
}
