/** The export sweep: CloudWatch Logs exports under `exports/` are analysed on a schedule, not per object. */
import { Duration } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IScheduleTarget } from 'aws-cdk-lib/aws-scheduler';
import { ScheduleTargetBase, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { AnomalyTable } from './anomaly-table.ts';
import { retryAttemptsProblem } from './event-target.ts';
import type { LogBucket } from './log-bucket.ts';
import type { PipelineFunction } from './pipeline-function.ts';

/** Props of {@link ExportSweep}. */
export interface ExportSweepProps {
  /** The sweep-exports function: it lists the exports and starts a run per object not yet analysed. */
  readonly function: PipelineFunction;
  /** The bucket the exports land in. */
  readonly bucket: LogBucket;
  /** The anomaly table, where the function finds the runs already made. */
  readonly table: AnomalyTable;
  /** The state machine the function starts. */
  readonly stateMachine: IStateMachine;
  /**
   * How often the sweep runs: an EventBridge Scheduler `rate(…)` or `cron(…)` expression, in UTC.
   * @default 'rate(1 hour)'
   */
  readonly schedule?: string;
  /**
   * Key prefix the CloudWatch Logs exports are written under, ending in '/'.
   * @default 'exports/'
   */
  readonly exportPrefix?: string;
  /**
   * How long Scheduler keeps retrying a failed invocation; a missed sweep is made up by the next one.
   * @default Duration.minutes(15)
   */
  readonly maxEventAge?: Duration;
  /**
   * Retries of a failed invocation; from 0 to 185.
   * @default 2
   */
  readonly retryAttempts?: number;
}

/** Defaults of {@link ExportSweepProps}. */
export const DEFAULT_EXPORT_SWEEP_PROPS = { schedule: 'rate(1 hour)', exportPrefix: 'exports/', maxEventAgeMinutes: 15, retryAttempts: 2 } as const;

const RATE = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON = /^cron\(\S+( \S+){5}\)$/;

/**
 * An EventBridge Scheduler schedule invoking the sweep-exports function, which gets STATE_MACHINE_ARN,
 * EXPORT_PREFIX and TABLE_NAME, and may list the exports, read run items and start executions.
 */
export class ExportSweep extends Construct {
  /** The schedule. */
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ExportSweepProps) {
    super(scope, id);
    const expression = props.schedule ?? DEFAULT_EXPORT_SWEEP_PROPS.schedule;
    const exportPrefix = props.exportPrefix ?? DEFAULT_EXPORT_SWEEP_PROPS.exportPrefix;
    const retryAttempts = props.retryAttempts ?? DEFAULT_EXPORT_SWEEP_PROPS.retryAttempts;
    const problems: string[] = [];
    if (!RATE.test(expression) && !CRON.test(expression)) {
      problems.push(`schedule must be 'rate(<n> <unit>)' (e.g. 'rate(1 hour)', 'rate(15 minutes)') or 'cron(<6 fields>)', got '${expression}'`);
    }
    const retryProblem = retryAttemptsProblem(retryAttempts);
    if (retryProblem) problems.push(retryProblem);
    if (problems.length > 0) throw new Error(`ExportSweep: ${problems.join('; ')}`);

    const fn = props.function;
    fn.addEnvironment('STATE_MACHINE_ARN', props.stateMachine.stateMachineArn)
      .addEnvironment('EXPORT_PREFIX', exportPrefix)
      .addEnvironment('TABLE_NAME', props.table.table.tableName);
    props.bucket.grantListObjects(fn, exportPrefix);
    props.table.grantStore(fn, 'getRun');
    props.stateMachine.grantStartExecution(fn);

    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(expression),
      description: `Starts an analysis of each CloudWatch Logs export under ${exportPrefix} not yet analysed`,
      target: new InvokeFunction(fn.function, {
        maxEventAge: props.maxEventAge ?? Duration.minutes(DEFAULT_EXPORT_SWEEP_PROPS.maxEventAgeMinutes),
        retryAttempts,
      }),
    });
  }
}

/**
 * A Scheduler target that invokes a function by its unqualified ARN, and whose role may invoke only that ARN.
 * (LambdaInvoke grants `<function ARN>:*` as well: every version and alias.)
 */
class InvokeFunction extends ScheduleTargetBase implements IScheduleTarget {
  readonly #fn: IFunction;

  constructor(fn: IFunction, props: ScheduleTargetBaseProps) {
    super(props, fn.functionArn);
    this.#fn = fn;
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.#fn.functionArn] }));
  }
}
