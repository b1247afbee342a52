/**
 * The stack of one stage: the log bucket and the tables (stateful), the pipeline's functions and the state
 * machine that runs them, the trigger and the export sweep that start it, and the alarms.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
// The handlers' own key prefixes, so the grants cannot drift from what they read and write.
import { PREFIXES } from '../functions/lib/pipeline.ts';
import { parseConfig } from '../shared/config/load.ts';
import { LLM_PROVIDERS } from '../shared/config/types.ts';
import { CHART_PACKAGE } from '../shared/report/chart-source.ts';
import { MIB, type StageConfig, type StageName } from './config.ts';
import { Alarms } from './constructs/alarms.ts';
import { AnalysisStateMachine } from './constructs/analysis-state-machine.ts';
import { AnomalyTable } from './constructs/anomaly-table.ts';
import { ExportSweep } from './constructs/export-sweep.ts';
import { LogBucket } from './constructs/log-bucket.ts';
import { ObjectCreatedTrigger } from './constructs/object-created-trigger.ts';
import { PipelineFunction, type PipelineFunctionProps } from './constructs/pipeline-function.ts';

/**
 * Memory of the functions that hold every record of an object at once (MergeTemplates, DetectAnomalies, WriteReport):
 * 1.5 bytes a byte of log and 512 MB besides, at least 2048 MB. `loganomaly analyze` of a generated 1 GB log peaks at
 * 1.49 GB RSS.
 * @throws Error when the object a stage takes needs more memory than a Lambda has.
 */
export function wholeObjectMemoryMb(maxObjectBytes: number): number {
  const needed = Math.max(2048, Math.ceil((1.5 * maxObjectBytes) / MIB) + 512);
  if (needed > 10_240) throw new Error(`maxObjectBytes ${maxObjectBytes} needs ${needed} MB of memory to merge its records; a Lambda has at most 10240`);
  return needed;
}

/** Props of {@link LogAnomalyStack}. */
export interface LogAnomalyStackProps extends StackProps {
  /** The stage this stack deploys. */
  readonly stage: StageName;
  /** The stage's settings. */
  readonly config: StageConfig;
}

/** The pipeline's functions, by the state (or schedule) they serve. */
export interface PipelineFunctions {
  readonly PrepareRun: PipelineFunction;
  readonly MineChunk: PipelineFunction;
  readonly MergeTemplates: PipelineFunction;
  readonly DetectAnomalies: PipelineFunction;
  readonly ClassifyTemplate: PipelineFunction;
  readonly WriteReport: PipelineFunction;
  readonly RecordFailure: PipelineFunction;
  readonly SweepExports: PipelineFunction;
}

/** One environment of LogAnomaly, named `LogAnomaly-<stage>`. */
export class LogAnomalyStack extends Stack {
  readonly stage: StageName;
  readonly config: StageConfig;
  readonly logBucket: LogBucket;
  readonly tables: AnomalyTable;
  readonly functions: PipelineFunctions;
  readonly analysis: AnalysisStateMachine;
  readonly trigger: ObjectCreatedTrigger;
  readonly exportSweep: ExportSweep;
  readonly alarms: Alarms;

  constructor(scope: Construct, props: LogAnomalyStackProps) {
    super(scope, `LogAnomaly-${props.stage}`, props);
    this.stage = props.stage;
    this.config = props.config;
    const { config } = props;
    Tags.of(this).add('loganomaly:stage', props.stage);
    // The functions parse ANALYSIS_CONFIG with the same schema at cold start: a bad value fails the synth instead.
    const { warnings } = parseConfig(config.analysis, `StageConfig.analysis of stage ${props.stage}`);
    if (warnings.length > 0) throw new Error(`LogAnomalyStack: ${warnings.join('; ')}`);

    // Stateful. The construct ids must never change: they name the logical ids, and a new one replaces the resource.
    // Everything under work/ is intermediate, so that is the prefix that expires.
    this.logBucket = new LogBucket(this, 'Logs', { retain: config.retainData, chunkPrefix: PREFIXES.work });
    // CloudWatch Logs export tasks write under exports/, which the sweep picks up.
    this.logBucket.allowLogExports(PREFIXES.exports);
    this.tables = new AnomalyTable(this, 'Anomalies', { retain: config.retainData, pointInTimeRecovery: config.pointInTimeRecovery });

    this.functions = this.#createFunctions(config);
    this.#grantFunctions(config);

    const { SweepExports, ...stateFunctions } = this.functions;
    this.analysis = new AnalysisStateMachine(this, 'Analysis', {
      functions: Object.fromEntries(Object.entries(stateFunctions).map(([state, fn]) => [state, fn.function])),
      logRetentionDays: config.logRetentionDays,
      logRemovalPolicy: this.#removalPolicy(),
    });
    this.trigger = new ObjectCreatedTrigger(this, 'Trigger', {
      bucket: this.logBucket.bucket,
      stateMachine: this.analysis.stateMachine,
      keyPrefix: PREFIXES.incoming,
    });
    this.exportSweep = new ExportSweep(this, 'ExportSweep', {
      function: SweepExports,
      bucket: this.logBucket,
      table: this.tables,
      stateMachine: this.analysis.stateMachine,
      schedule: config.sweepSchedule,
      exportPrefix: PREFIXES.exports,
    });

    this.alarms = new Alarms(this, 'Alarms', {
      ...(config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail }),
      functions: Object.values(this.functions),
      stateMachine: this.analysis.stateMachine,
      deadLetterQueues: [this.trigger.deadLetterQueue],
      keyRemovalPolicy: this.#removalPolicy(),
    });
    this.functions.WriteReport.addEnvironment('ALERT_TOPIC_ARN', this.alarms.topic.topicArn);
    this.alarms.grantPublish(this.functions.WriteReport);

    // What a user needs after `cdk deploy`: where to put logs, what to query, what to subscribe to.
    new CfnOutput(this, 'BucketName', { value: this.logBucket.bucket.bucketName, description: 'Put logs under incoming/ (exports under exports/)' });
    new CfnOutput(this, 'AnomalyTableName', { value: this.tables.table.tableName, description: 'loganomaly query --table <this>' });
    new CfnOutput(this, 'StateMachineArn', { value: this.analysis.stateMachine.stateMachineArn, description: 'The analysis workflow' });
    new CfnOutput(this, 'AlertTopicArn', { value: this.alarms.topic.topicArn, description: 'High-severity anomalies and alarms' });
  }

  #removalPolicy(): RemovalPolicy {
    return this.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }

  /** The eight functions, each with the stage's log settings, BUCKET_NAME and ANALYSIS_CONFIG, and its own variables. */
  #createFunctions(config: StageConfig): PipelineFunctions {
    const tableName = this.tables.table.tableName;
    const shared = {
      logRetentionDays: config.logRetentionDays,
      logRemovalPolicy: this.#removalPolicy(),
    } satisfies Partial<PipelineFunctionProps>;
    const create = (id: string, props: PipelineFunctionProps): PipelineFunction =>
      new PipelineFunction(this, id, {
        ...shared,
        ...props,
        environment: {
          BUCKET_NAME: this.logBucket.bucket.bucketName,
          ANALYSIS_CONFIG: JSON.stringify(config.analysis),
          ...props.environment,
        },
      });
    const minutes = Duration.minutes;
    return {
      PrepareRun: create('PrepareRun', {
        name: 'prepare-run',
        memorySizeMb: 1024,
        timeout: minutes(10),
        // The copy of the object, the chunk being cut from it, and room for the runtime's own files.
        ephemeralStorageMb: Math.ceil((config.maxObjectBytes + config.chunkBytes) / MIB) + 256,
        environment: { TABLE_NAME: tableName, CHUNK_BYTES: String(config.chunkBytes), MAX_OBJECT_BYTES: String(config.maxObjectBytes) },
      }),
      MineChunk: create('MineChunk', { name: 'mine-chunk', memorySizeMb: 2048, timeout: minutes(5) }),
      MergeTemplates: create('MergeTemplates', { name: 'merge-templates', memorySizeMb: wholeObjectMemoryMb(config.maxObjectBytes), timeout: minutes(10) }),
      DetectAnomalies: create('DetectAnomalies', {
        name: 'detect-anomalies',
        memorySizeMb: wholeObjectMemoryMb(config.maxObjectBytes),
        timeout: minutes(10),
        environment: { TABLE_NAME: tableName },
      }),
      ClassifyTemplate: create('ClassifyTemplate', {
        name: 'classify-template',
        memorySizeMb: 512,
        timeout: minutes(5),
        environment: { VERDICT_TABLE_NAME: this.tables.verdictCache.tableName },
      }),
      WriteReport: create('WriteReport', {
        name: 'write-report',
        memorySizeMb: wholeObjectMemoryMb(config.maxObjectBytes),
        timeout: minutes(5),
        environment: { TABLE_NAME: tableName },
        // The dashboard renderer reads the chart library's minified file from node_modules at run time.
        nodeModules: [CHART_PACKAGE],
      }),
      RecordFailure: create('RecordFailure', {
        name: 'record-failure',
        memorySizeMb: 256,
        timeout: Duration.seconds(30),
        environment: { TABLE_NAME: tableName },
      }),
      SweepExports: create('SweepExports', { name: 'sweep-exports', memorySizeMb: 256, timeout: minutes(2) }),
    };
  }

  /** What each function reads and writes (functions/README.md), and nothing more. The sweep's are in ExportSweep. */
  #grantFunctions(config: StageConfig): void {
    const { PrepareRun, MineChunk, MergeTemplates, DetectAnomalies, ClassifyTemplate, WriteReport, RecordFailure } = this.functions;
    const bucket = this.logBucket;
    const tables = this.tables;
    const { incoming, exports, work, reports } = PREFIXES;

    // The object a run is about, dropped under incoming/ or swept from exports/, is read by PrepareRun to cut it; by
    // MineChunk and DetectAnomalies, as a plain-text chunk is a byte range of it and a one-chunk object its own chunk;
    // and by RecordFailure, which may need a HeadObject of it (authorised by s3:GetObject) for a run that failed
    // before PrepareRun recorded it.
    for (const fn of [PrepareRun, MineChunk, DetectAnomalies, RecordFailure]) {
      bucket.grantReadObjects(fn, incoming);
      bucket.grantReadObjects(fn, exports);
    }
    bucket.grantWriteObjects(PrepareRun, work);
    tables.grantStore(PrepareRun, 'startRun');

    for (const fn of [MineChunk, MergeTemplates, DetectAnomalies, ClassifyTemplate]) {
      bucket.grantReadObjects(fn, work);
      bucket.grantWriteObjects(fn, work);
    }
    tables.grantStore(DetectAnomalies, 'load');
    tables.grantVerdictCache(ClassifyTemplate);
    if (config.analysis.llm.provider === LLM_PROVIDERS.bedrock) {
      ClassifyTemplate.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['bedrock:InvokeModel'],
          resources: [this.#foundationModelArn(config.analysis.llm.model)],
        }),
      );
    }

    bucket.grantReadObjects(WriteReport, work);
    bucket.grantWriteObjects(WriteReport, reports);
    tables.grantStore(WriteReport, 'completeRun', 'putAnomalies', 'save');

    tables.grantStore(RecordFailure, 'startRun', 'failRun');
  }

  /**
   * The ARN of the Bedrock model ClassifyTemplate calls.
   * @throws Error naming `analysis.llm.model` when the stage uses Bedrock without a model: the grant needs one.
   */
  #foundationModelArn(model: string | null): string {
    if (model === null || model.length === 0) {
      throw new Error(`LogAnomalyStack: analysis.llm.model must name a Bedrock model when analysis.llm.provider is 'bedrock' (stage ${this.stage})`);
    }
    return this.formatArn({ service: 'bedrock', account: '', resource: 'foundation-model', resourceName: model });
  }
}
