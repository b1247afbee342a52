import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, describe, expect, it } from 'vitest';
import { Alarms } from '../../infra/constructs/alarms.ts';
import { AnalysisStateMachine } from '../../infra/constructs/analysis-state-machine.ts';
import { AnomalyTable, STORE_ACTIONS } from '../../infra/constructs/anomaly-table.ts';
import { ExportSweep } from '../../infra/constructs/export-sweep.ts';
import { LogBucket } from '../../infra/constructs/log-bucket.ts';
import { ObjectCreatedTrigger } from '../../infra/constructs/object-created-trigger.ts';
import { PipelineFunction } from '../../infra/constructs/pipeline-function.ts';

const outdir = mkdtempSync(join(tmpdir(), 'loganomaly-constructs-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** A stack whose functions are not bundled: these tests look at props and validation, not code. */
function newStack(): Stack {
  return new Stack(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
}

const STATE_NAMES = ['PrepareRun', 'MineChunk', 'MergeTemplates', 'DetectAnomalies', 'ClassifyTemplate', 'WriteReport', 'RecordFailure'];

function importedFunctions(stack: Stack, states: readonly string[]): Record<string, IFunction> {
  return Object.fromEntries(states.map((state) => [state, LambdaFunction.fromFunctionArn(stack, state, `arn:aws:lambda:eu-west-1:123456789012:function:${state}`)]));
}

describe('Class: PipelineFunction', () => {
  it.each([
    ['name', { name: 'MineChunk' }, 'PipelineFunction: name must be a kebab-case folder under functions/, got "MineChunk"'],
    ['memorySizeMb', { name: 'mine-chunk', memorySizeMb: 64 }, 'PipelineFunction: memorySizeMb must be a whole number from 128 to 10240, got 64'],
    ['timeout', { name: 'mine-chunk', timeout: Duration.minutes(16) }, 'PipelineFunction: timeout must be from 1 second to 15 minutes, got 16 minutes'],
    ['ephemeralStorageMb', { name: 'mine-chunk', ephemeralStorageMb: 20_000 }, 'PipelineFunction: ephemeralStorageMb must be a whole number from 512 to 10240, got 20000'],
    ['logRetentionDays', { name: 'mine-chunk', logRetentionDays: 10 }, 'PipelineFunction: logRetentionDays must be a retention CloudWatch Logs accepts'],
    ['name without a handler', { name: 'no-such-state' }, 'PipelineFunction: name "no-such-state" has no handler: functions/no-such-state/handler.ts does not exist'],
  ])('rejects a bad %s, naming the prop', (_, props, message) => {
    expect(() => new PipelineFunction(newStack(), 'Fn', props)).toThrow(message);
  });

  it('applies the house defaults', () => {
    // Prepare
    const stack = newStack();
    // Act
    const fn = new PipelineFunction(stack, 'MineChunk', { name: 'mine-chunk' });
    // Assess
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      EphemeralStorage: { Size: 512 },
      Timeout: 60,
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'loganomaly', NODE_OPTIONS: '--enable-source-maps' } },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
    // Its own role, without the AWS managed basic execution policy.
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    expect(fn.name).toBe('mine-chunk');
  });
});

describe('Class: AnalysisStateMachine', () => {
  it('names the placeholder that has no function', () => {
    const stack = newStack();
    const functions = importedFunctions(stack, STATE_NAMES.filter((state) => state !== 'MineChunk'));
    expect(() => new AnalysisStateMachine(stack, 'Analysis', { functions })).toThrow(
      'AnalysisStateMachine: statemachine/analysis.asl.json: placeholder ${MineChunkFunctionArn} has no function (functions.MineChunk)',
    );
  });

  it('names the function that has no placeholder', () => {
    const stack = newStack();
    const functions = importedFunctions(stack, [...STATE_NAMES, 'SweepExports']);
    expect(() => new AnalysisStateMachine(stack, 'Analysis', { functions })).toThrow('functions.SweepExports has no placeholder ${SweepExportsFunctionArn}');
  });

  it('names a definition file that cannot be read', () => {
    const stack = newStack();
    expect(() => new AnalysisStateMachine(stack, 'Analysis', { functions: {}, definitionPath: 'statemachine/missing.asl.json' })).toThrow(
      'AnalysisStateMachine: definitionPath statemachine/missing.asl.json cannot be read',
    );
  });

  it('names the state machine after the stack by default', () => {
    const stack = newStack();
    const machine = new AnalysisStateMachine(stack, 'Analysis', { functions: importedFunctions(stack, STATE_NAMES) });
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'Test-analysis' });
    expect(machine.stateMachine).toBeInstanceOf(StateMachine);
  });
});

describe('Class: AnomalyTable', () => {
  it('retains both tables and recovers the anomaly table to a point in time by default', () => {
    const stack = newStack();
    new AnomalyTable(stack, 'Anomalies');
    const tables = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
    expect(tables.map((t) => [t.DeletionPolicy, t.Properties.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled])).toEqual([
      ['Retain', true],
      ['Retain', undefined],
    ]);
  });

  it('refuses a grant of no store method', () => {
    const stack = newStack();
    const tables = new AnomalyTable(stack, 'Anomalies');
    expect(() => tables.grantStore(new PipelineFunction(stack, 'Fn', { name: 'record-failure' }))).toThrow('AnomalyTable: grantStore needs at least one method');
  });

  it('maps each store method to item actions only', () => {
    for (const actions of Object.values(STORE_ACTIONS)) {
      for (const action of actions) expect(action).toMatch(/^dynamodb:(GetItem|PutItem|UpdateItem|BatchWriteItem)$/);
    }
  });
});

describe('Class: LogBucket', () => {
  it.each([
    [{ chunkPrefix: '' }, 'LogBucket: chunkPrefix must not be empty'],
    [{ chunkExpirationDays: 0 }, 'LogBucket: chunkExpirationDays must be a positive whole number, got 0'],
  ])('rejects %j, naming the prop', (props, message) => {
    expect(() => new LogBucket(newStack(), 'Logs', props)).toThrow(message);
  });

  it.each(['', 'incoming', 'a/*/'])('refuses to grant access to the prefix %j', (prefix) => {
    const stack = newStack();
    const logs = new LogBucket(stack, 'Logs');
    const fn = new PipelineFunction(stack, 'Fn', { name: 'mine-chunk' });
    expect(() => logs.grantReadObjects(fn, prefix)).toThrow(`LogBucket: prefix must be a folder such as 'incoming/' (not empty, ending in '/'), got '${prefix}'`);
  });
});

describe('Class: ObjectCreatedTrigger', () => {
  it.each([
    ['keyPrefix', { keyPrefix: 'incoming' }, "ObjectCreatedTrigger: keyPrefix must be a folder such as 'incoming/' (not empty, ending in '/'), got 'incoming'"],
    ['retryAttempts', { retryAttempts: 200 }, 'ObjectCreatedTrigger: retryAttempts must be a whole number from 0 to 185, got 200'],
    ['maxEventAge', { maxEventAge: Duration.hours(25) }, 'ObjectCreatedTrigger: maxEventAge must be from 1 minute to 24 hours, got 1 day 1 hour'],
  ])('rejects a bad %s, naming the prop', (_, props, message) => {
    const stack = newStack();
    const stateMachine = StateMachine.fromStateMachineName(stack, 'Machine', 'm');
    expect(() => new ObjectCreatedTrigger(stack, 'Trigger', { bucket: new Bucket(stack, 'Bucket'), stateMachine, ...props })).toThrow(message);
  });
});

describe('Class: ExportSweep', () => {
  it.each([
    [{ schedule: 'every hour' }, "ExportSweep: schedule must be 'rate(<n> <unit>)' (e.g. 'rate(1 hour)', 'rate(15 minutes)') or 'cron(<6 fields>)', got 'every hour'"],
    [{ schedule: 'rate(1 hours)' }, "got 'rate(1 hours)'"],
    [{ retryAttempts: -1 }, 'ExportSweep: retryAttempts must be a whole number from 0 to 185, got -1'],
  ])('rejects %j, naming the prop', (props, message) => {
    const stack = newStack();
    const sweep = () =>
      new ExportSweep(stack, 'Sweep', {
        function: new PipelineFunction(stack, 'Fn', { name: 'mine-chunk' }),
        bucket: new LogBucket(stack, 'Logs'),
        table: new AnomalyTable(stack, 'Anomalies'),
        stateMachine: StateMachine.fromStateMachineName(stack, 'Machine', 'm'),
        ...props,
      });
    expect(sweep).toThrow(message);
  });

  it('accepts cron expressions', () => {
    const stack = newStack();
    new ExportSweep(stack, 'Sweep', {
      function: new PipelineFunction(stack, 'Fn', { name: 'mine-chunk' }),
      bucket: new LogBucket(stack, 'Logs'),
      table: new AnomalyTable(stack, 'Anomalies'),
      stateMachine: StateMachine.fromStateMachineName(stack, 'Machine', 'm'),
      schedule: 'cron(0 * * * ? *)',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 * * * ? *)' });
  });
});

describe('Class: Alarms', () => {
  it('rejects an alarmEmail that is not an address, naming the prop', () => {
    expect(() => new Alarms(newStack(), 'Alarms', { alarmEmail: 'ops' })).toThrow("Alarms: alarmEmail must be an email address, got 'ops'");
  });

  it('subscribes the alarmEmail to the topic', () => {
    const stack = newStack();
    const alarms = new Alarms(stack, 'Alarms', { alarmEmail: 'ops@example.com' });
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: stack.getLogicalId(alarms.topic.node.defaultChild as CfnElement) },
    });
  });
});
