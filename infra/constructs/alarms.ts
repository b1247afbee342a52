/** Where operators hear about trouble: one alert topic, and the alarms that publish to it. */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Grant, type IGrantable, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { PipelineFunction } from './pipeline-function.ts';

/** Props of {@link Alarms}. */
export interface AlarmsProps {
  /**
   * An address subscribed to the topic by email (the subscription must be confirmed from the mail).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Functions to raise an alarm on when an invocation fails; shorthand for {@link Alarms.addFunctionErrorsAlarm}.
   * @default - none
   */
  readonly functions?: readonly PipelineFunction[];
  /**
   * A state machine to raise an alarm on when an execution fails; shorthand for {@link Alarms.addExecutionsFailedAlarm}.
   * @default - none
   */
  readonly stateMachine?: IStateMachine;
  /**
   * Dead-letter queues to raise an alarm on when a message waits in them; shorthand for {@link Alarms.addDeadLetterAlarm}.
   * @default - none
   */
  readonly deadLetterQueues?: readonly IQueue[];
  /**
   * What happens to the topic's KMS key when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An SNS topic for alerts (the alarms below, and the high-severity anomalies WriteReport publishes), encrypted
 * with a customer managed key that CloudWatch may use (alarms cannot publish to a topic under the AWS managed
 * SNS key), TLS only; and alarms that publish to it. Every alarm fires on the first occurrence in 5 minutes
 * and treats missing data as fine.
 */
export class Alarms extends Construct {
  /** The alert topic. */
  readonly topic: Topic;
  /** The alarms, in the order they were added. */
  readonly alarms: Alarm[] = [];
  readonly #action: SnsAction;
  readonly #key: Key;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    if (props.alarmEmail !== undefined && !EMAIL.test(props.alarmEmail)) {
      throw new Error(`Alarms: alarmEmail must be an email address, got '${props.alarmEmail}'`);
    }
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the LogAnomaly alert topic',
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.#key = key;
    // CloudWatch publishes alarm notifications as itself, so it needs the key; the AWS managed key cannot allow it.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.alarmEmail !== undefined) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.#action = new SnsAction(this.topic);

    for (const fn of props.functions ?? []) this.addFunctionErrorsAlarm(fn);
    if (props.stateMachine) this.addExecutionsFailedAlarm(props.stateMachine);
    for (const queue of props.deadLetterQueues ?? []) this.addDeadLetterAlarm(queue);
  }

  /**
   * Lets `grantee` publish to the topic: sns:Publish on it, and the two KMS actions publishing to an encrypted
   * topic needs on its key. (Topic.grantPublish would grant `kms:GenerateDataKey*`, a wildcard.)
   */
  grantPublish(grantee: IGrantable): Grant {
    const grant = Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [this.topic.topicArn] });
    Grant.addToPrincipal({ grantee, actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resourceArns: [this.#key.keyArn] });
    return grant;
  }

  /** Raises an alarm when an invocation of `fn` fails (its Errors metric), with the function's construct id in the alarm's id. */
  addFunctionErrorsAlarm(fn: PipelineFunction): Alarm {
    return this.#add(`${fn.node.id}Errors`, fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), `The ${fn.name} function failed`);
  }

  /** Raises an alarm when an execution of `stateMachine` fails (ExecutionsFailed). */
  addExecutionsFailedAlarm(stateMachine: IStateMachine): Alarm {
    return this.#add('ExecutionsFailed', stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }), 'An analysis run failed');
  }

  /** Raises an alarm when a message is visible in `queue`, named after the queue's construct path below the stack. */
  addDeadLetterAlarm(queue: IQueue): Alarm {
    const scopes = queue.node.scopes;
    const name = scopes.slice(scopes.indexOf(Stack.of(queue)) + 1).map((scope) => scope.node.id).join('');
    return this.#add(
      `${name}Visible`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'Events wait in a dead-letter queue: their runs never started',
    );
  }

  #add(id: string, metric: IMetric, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.#action);
    this.alarms.push(alarm);
    return alarm;
  }
}
