/**
 * The stack of one stage. It holds the stage's settings now; the bucket, trigger, state machine, functions,
 * table, schedule and alarms are added as constructs (infra/constructs/) with the serverless issue.
 */
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig, StageName } from './config.ts';

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

  constructor(scope: Construct, props: LogAnomalyStackProps) {
    super(scope, `LogAnomaly-${props.stage}`, props);
    this.stage = props.stage;
    this.config = props.config;
    Tags.of(this).add('loganomaly:stage', props.stage);
  }
}
