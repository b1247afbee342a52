/**
 * The stack of one stage. It has the log bucket now; the trigger, state machine, functions, table, schedule and
 * alarms are added as constructs (infra/constructs/) with the serverless issue.
 */
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig, StageName } from './config.ts';
import { LogBucket } from './constructs/log-bucket.ts';

/** Props of {@link LogAnomalyStack}. */
export interface LogAnomalyStackProps extends StackProps {
  /** The stage this stack deploys. */
  readonly stage: StageName;
  /** The stage's settings. */
  readonly config: StageConfig;
}

/** One environment of LogAnomaly, named `LogAnomaly-<stage>`. */
export class LogAnomalyStack extends Stack {
  readonly stage: StageName;
  readonly config: StageConfig;
  readonly logBucket: LogBucket;

  constructor(scope: Construct, props: LogAnomalyStackProps) {
    super(scope, `LogAnomaly-${props.stage}`, props);
    this.stage = props.stage;
    this.config = props.config;
    Tags.of(this).add('loganomaly:stage', props.stage);
    // The construct id must never change: it names the bucket's logical id, and a new one replaces the bucket.
    this.logBucket = new LogBucket(this, 'Logs', { retain: props.config.retainData });
  }
}
