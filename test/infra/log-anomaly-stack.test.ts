import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/load.ts';
import { DEFAULT_ANALYSIS_CONFIG } from '../../shared/config/types.ts';
import { TABLE_INDEXES, TABLE_KEYS, VERDICT_CACHE_KEYS } from '../../shared/store/anomaly-table.ts';
import { analysisConfig, MIB, STAGE_NAMES, STAGES, stageConfig, type StageName } from '../../infra/config.ts';
import { definitionPlaceholders } from '../../infra/constructs/analysis-state-machine.ts';
import type { PipelineFunction } from '../../infra/constructs/pipeline-function.ts';
import { LogAnomalyStack, wholeObjectMemoryMb, type PipelineFunctions } from '../../infra/log-anomaly-stack.ts';

const outdir = mkdtempSync(join(tmpdir(), 'loganomaly-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** One synthesized stage. */
interface Synthesized {
  readonly stack: LogAnomalyStack;
  readonly template: Template;
}

const synthesized = {} as Record<StageName, Synthesized>;

// Synthesis bundles eight functions per stage, so it runs once for the whole file. Both stages share one app: the
// functions' bundling is the same in every stage, and one app stages each bundle once.
beforeAll(() => {
  const app = new App({ outdir });
  const stacks = STAGE_NAMES.map((stage) => new LogAnomalyStack(app, { stage, config: stageConfig(stage).config }));
  for (const stack of stacks) synthesized[stack.stage] = { stack, template: Template.fromStack(stack) };
}, 120_000);

const FUNCTION_IDS = ['PrepareRun', 'MineChunk', 'MergeTemplates', 'DetectAnomalies', 'ClassifyTemplate', 'WriteReport', 'RecordFailure', 'SweepExports'] as const;
type FunctionId = (typeof FUNCTION_IDS)[number];
const ASL_PATH = join(import.meta.dirname, '..', '..', 'statemachine', 'analysis.asl.json');

function logicalId(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

/** A CloudFormation value as one string, as cdk-nag writes it: `{ Fn::GetAtt: [X, Arn] }` is `<X.Arn>`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const node = value as Record<string, unknown>;
  if (node['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(delimiter);
  }
  if (node['Fn::GetAtt']) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  if (node.Ref) return `<${String(node.Ref)}>`;
  return JSON.stringify(value);
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every IAM statement of the stack (policies and roles' inline policies), with the id of the resource holding it. */
function allStatements(template: Template): Array<{ owner: string; statement: Statement }> {
  const found: Array<{ owner: string; statement: Statement }> = [];
  for (const [owner, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
    for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) found.push({ owner, statement });
  }
  for (const [owner, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const inline of (role.Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>) {
      for (const statement of inline.PolicyDocument.Statement) found.push({ owner, statement });
    }
  }
  return found;
}

const asArray = <T,>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * A function's permissions as `<action> <resource>` lines, resources named after what they are: `bucket/work/*`,
 * `table`, `verdicts`, `own-logs`, `topic`, `topic-key`, `state-machine`, `*`.
 */
function permissionsOf(stage: StageName, id: FunctionId): string[] {
  const { stack, template } = synthesized[stage];
  const fn = stack.functions[id];
  const names = new Map<string, string>([
    [`<${logicalId(stack, stack.logBucket.bucket)}.Arn>`, 'bucket'],
    [`<${logicalId(stack, stack.tables.table)}.Arn>`, 'table'],
    [`<${logicalId(stack, stack.tables.verdictCache)}.Arn>`, 'verdicts'],
    [`<${logicalId(stack, fn.logGroup)}.Arn>`, 'own-logs'],
    [`<${logicalId(stack, stack.alarms.topic)}>`, 'topic'],
    [`<${logicalId(stack, stack.alarms.topic.masterKey!)}.Arn>`, 'topic-key'],
    [`<${logicalId(stack, stack.analysis.stateMachine)}>`, 'state-machine'],
  ]);
  const policy = template.toJSON().Resources[logicalId(stack, fn.role.node.findChild('DefaultPolicy'))];
  const lines: string[] = [];
  for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
    expect(statement.Effect).toBe('Allow');
    for (const action of asArray(statement.Action)) {
      for (const resource of asArray(statement.Resource)) {
        let name = flatten(resource);
        for (const [ref, label] of names) name = name.replace(ref, label);
        lines.push(`${action} ${name}${statement.Condition ? ` if ${JSON.stringify(statement.Condition)}` : ''}`);
      }
    }
  }
  return lines.sort();
}

const OWN_LOGS_AND_TRACES = ['logs:CreateLogStream own-logs', 'logs:PutLogEvents own-logs', 'xray:PutTelemetryRecords *', 'xray:PutTraceSegments *'];
const bedrockModel = (model: string): string => `bedrock:InvokeModel arn:<AWS::Partition>:bedrock:<AWS::Region>::foundation-model/${model}`;

/** What each function may do besides writing its logs and traces (functions/README.md). */
const EXPECTED_PERMISSIONS: Record<FunctionId, string[]> = {
  // The object is read (HeadObject and GetObject), cut into chunks under work/, and the run item put.
  PrepareRun: ['s3:GetObject bucket/incoming/*', 's3:GetObject bucket/exports/*', 's3:PutObject bucket/work/*', 'dynamodb:PutItem table'],
  // Plain-text chunks are byte ranges of the object, read where it lies; so is an object of one chunk.
  MineChunk: ['s3:GetObject bucket/incoming/*', 's3:GetObject bucket/exports/*', 's3:GetObject bucket/work/*', 's3:PutObject bucket/work/*'],
  MergeTemplates: ['s3:GetObject bucket/work/*', 's3:PutObject bucket/work/*'],
  DetectAnomalies: ['s3:GetObject bucket/incoming/*', 's3:GetObject bucket/exports/*', 's3:GetObject bucket/work/*', 's3:PutObject bucket/work/*', 'dynamodb:GetItem table'],
  ClassifyTemplate: ['s3:GetObject bucket/work/*', 's3:PutObject bucket/work/*', 'dynamodb:GetItem verdicts', 'dynamodb:PutItem verdicts'],
  WriteReport: [
    's3:GetObject bucket/work/*',
    's3:PutObject bucket/reports/*',
    'dynamodb:BatchWriteItem table',
    'dynamodb:GetItem table',
    'dynamodb:PutItem table',
    'dynamodb:UpdateItem table',
    'sns:Publish topic',
    'kms:Decrypt topic-key',
    'kms:GenerateDataKey topic-key',
  ],
  // HeadObject of an object named without its ETag, then the run item put and updated.
  RecordFailure: ['s3:GetObject bucket/incoming/*', 's3:GetObject bucket/exports/*', 'dynamodb:PutItem table', 'dynamodb:UpdateItem table'],
  SweepExports: ['s3:ListBucket bucket if {"StringLike":{"s3:prefix":["exports/*"]}}', 'dynamodb:GetItem table', 'states:StartExecution state-machine'],
};

/** Each function's variables besides BUCKET_NAME, ANALYSIS_CONFIG, POWERTOOLS_SERVICE_NAME and NODE_OPTIONS. */
const EXPECTED_ENVIRONMENT: Record<FunctionId, string[]> = {
  PrepareRun: ['TABLE_NAME', 'CHUNK_BYTES', 'MAX_OBJECT_BYTES'],
  MineChunk: [],
  MergeTemplates: [],
  DetectAnomalies: ['TABLE_NAME'],
  ClassifyTemplate: ['VERDICT_TABLE_NAME'],
  WriteReport: ['TABLE_NAME', 'ALERT_TOPIC_ARN'],
  RecordFailure: ['TABLE_NAME'],
  SweepExports: ['STATE_MACHINE_ARN', 'EXPORT_PREFIX', 'TABLE_NAME'],
};

function functionResource(stage: StageName, id: FunctionId): { Properties: Record<string, any> } {
  const { stack, template } = synthesized[stage];
  return template.toJSON().Resources[logicalId(stack, stack.functions[id].function)];
}

describe('Function: stageConfig', () => {
  it('defaults to dev', () => {
    expect(stageConfig(undefined).name).toBe('dev');
  });

  it('names the valid stages when the stage is unknown', () => {
    expect(() => stageConfig('staging')).toThrow('Unknown stage "staging": use -c stage=<dev|prod>');
  });

  it.each(STAGE_NAMES)('gives %s an analysis configuration the functions accept without warnings', (stage) => {
    // Act
    const { config, warnings } = parseConfig(STAGES[stage].analysis, stage);
    // Assess
    expect(warnings).toEqual([]);
    expect(config).toEqual(STAGES[stage].analysis);
  });
});

describe('Function: wholeObjectMemoryMb', () => {
  it('gives 1.5 bytes a byte of the largest object and 512 MB besides, at least 2048 MB', () => {
    expect([wholeObjectMemoryMb(100 * MIB), wholeObjectMemoryMb(4096 * MIB)]).toEqual([2048, 6656]);
  });

  it('refuses an object whose records would need more memory than a Lambda has', () => {
    expect(() => wholeObjectMemoryMb(8192 * MIB)).toThrow('maxObjectBytes 8589934592 needs 12800 MB of memory to merge its records; a Lambda has at most 10240');
  });
});

describe('Function: analysisConfig', () => {
  it('overrides the keys it names and keeps every other default', () => {
    // Act
    const config = analysisConfig({ llm: { provider: 'bedrock', model: 'm' } });
    // Assess
    expect(config.llm).toEqual({ ...DEFAULT_ANALYSIS_CONFIG.llm, provider: 'bedrock', model: 'm' });
    expect(config.detectors).toEqual(DEFAULT_ANALYSIS_CONFIG.detectors);
    expect(DEFAULT_ANALYSIS_CONFIG.llm.provider).toBe('builtin');
  });
});

describe('Class: LogAnomalyStack', () => {
  it.each(STAGE_NAMES)('names the %s stack after its stage and tags it', (stage) => {
    const { stack } = synthesized[stage];
    expect(stack.stackName).toBe(`LogAnomaly-${stage}`);
    expect(stack.tags.tagValues()).toEqual({ 'loganomaly:stage': stage });
  });

  it.each(STAGE_NAMES)('outputs the bucket, table, state machine and alert topic a user needs after deploying %s', (stage) => {
    const outputs = synthesized[stage].template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual(['AlertTopicArn', 'AnomalyTableName', 'BucketName', 'StateMachineArn']);
    expect(outputs['AnomalyTableName']!['Value']).toEqual({ Ref: 'AnomaliesTable5AFC9DBE' });
  });

  it.each(STAGE_NAMES)('passes the AWS Solutions checks of cdk-nag in %s, acknowledged findings aside', (stage) => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(synthesized[stage].stack);
    // Assess
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  describe('Resource: log bucket', () => {
    it.each(STAGE_NAMES)('is encrypted, private, TLS-only, sends EventBridge events and expires work/ in %s', (stage) => {
      const { template } = synthesized[stage];
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'work/', ExpirationInDays: 7, Status: 'Enabled' })] },
      });
      // CDK turns EventBridge notifications on through its bucket-notifications custom resource.
      template.hasResourceProperties('Custom::S3BucketNotifications', { NotificationConfiguration: { EventBridgeConfiguration: {} } });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it.each(STAGE_NAMES)('lets CloudWatch Logs export tasks of the account write under exports/ only, in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      const statements = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0]!.Properties.PolicyDocument.Statement as Array<Statement & { Principal?: { Service?: unknown } }>;
      const fromLogs = statements.filter((s) => flatten(s.Principal?.Service ?? '') === 'logs.<AWS::Region>.amazonaws.com');
      expect(fromLogs.map((s) => `${s.Action} ${flatten(s.Resource)}`).sort()).toEqual([
        `s3:GetBucketAcl <${logicalId(stack, stack.logBucket.bucket)}.Arn>`,
        `s3:PutObject <${logicalId(stack, stack.logBucket.bucket)}.Arn>/exports/*`,
      ]);
      for (const s of fromLogs) expect(s.Condition).toMatchObject({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    });

    it('is retained in prod and deleted with the stack in dev', () => {
      const policy = (stage: StageName) => Object.values(synthesized[stage].template.findResources('AWS::S3::Bucket')).map((r) => r.DeletionPolicy);
      expect(policy('prod')).toEqual(['Retain']);
      expect(policy('dev')).toEqual(['Delete']);
    });
  });

  describe('Resource: tables', () => {
    it.each(STAGE_NAMES)('keys the anomaly table with the shared key, index and TTL names in %s', (stage) => {
      synthesized[stage].template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
        GlobalSecondaryIndexes: Object.values(TABLE_INDEXES).map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partition, KeyType: 'HASH' },
            { AttributeName: index.sort, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: STAGES[stage].pointInTimeRecovery },
      });
    });

    it('turns point-in-time recovery on in prod only', () => {
      expect(STAGES.prod.pointInTimeRecovery).toBe(true);
      expect(STAGES.dev.pointInTimeRecovery).toBe(false);
    });

    it.each(STAGE_NAMES)('keys the verdict cache by cache key with a TTL in %s', (stage) => {
      synthesized[stage].template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: VERDICT_CACHE_KEYS.partition, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: VERDICT_CACHE_KEYS.ttl, Enabled: true },
      });
    });

    it('retains both tables in prod and deletes them in dev', () => {
      const policies = (stage: StageName) => Object.values(synthesized[stage].template.findResources('AWS::DynamoDB::Table')).map((r) => r.DeletionPolicy);
      expect(policies('prod')).toEqual(['Retain', 'Retain']);
      expect(policies('dev')).toEqual(['Delete', 'Delete']);
    });
  });

  it.each(STAGE_NAMES)('keeps the logical ids of the bucket and the tables stable in %s', (stage) => {
    // A changed id makes CloudFormation replace the resource and lose its data.
    const { template } = synthesized[stage];
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toEqual(['LogsBucket5C52C3D2']);
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual(['AnomaliesTable5AFC9DBE', 'AnomaliesVerdictCache66B7A10D']);
  });

  describe('Resource: functions', () => {
    it.each(STAGE_NAMES)('bundles each function for Node 22 on arm64, traced, as ESM with source maps, in %s', (stage) => {
      for (const id of FUNCTION_IDS) {
        const { Properties } = functionResource(stage, id);
        expect(Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', TracingConfig: { Mode: 'Active' } });
        expect(Properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'loganomaly', NODE_OPTIONS: '--enable-source-maps' });
      }
    });

    it.each(STAGE_NAMES)("gives each function its own log group with the stage's retention in %s", (stage) => {
      const { stack, template } = synthesized[stage];
      for (const id of FUNCTION_IDS) {
        const fn = stack.functions[id];
        const { Properties } = functionResource(stage, id);
        expect(Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(stack, fn.logGroup) } });
        expect(template.toJSON().Resources[logicalId(stack, fn.logGroup)].Properties.RetentionInDays).toBe(STAGES[stage].logRetentionDays);
      }
    });

    it.each(STAGE_NAMES)('gives every function BUCKET_NAME, ANALYSIS_CONFIG and exactly its own variables in %s', (stage) => {
      const { stack } = synthesized[stage];
      for (const id of FUNCTION_IDS) {
        const variables = functionResource(stage, id).Properties.Environment.Variables;
        expect(variables.BUCKET_NAME).toEqual({ Ref: logicalId(stack, stack.logBucket.bucket) });
        expect(JSON.parse(variables.ANALYSIS_CONFIG)).toEqual(STAGES[stage].analysis);
        expect(Object.keys(variables).sort()).toEqual(
          ['BUCKET_NAME', 'ANALYSIS_CONFIG', 'POWERTOOLS_SERVICE_NAME', 'NODE_OPTIONS', ...EXPECTED_ENVIRONMENT[id]].sort(),
        );
      }
    });

    it.each(STAGE_NAMES)('gives PrepareRun a /tmp that holds the largest object the stage takes and a chunk, the others Lambda\'s 512 MB, in %s', (stage) => {
      const { maxObjectBytes, chunkBytes } = STAGES[stage];
      for (const id of FUNCTION_IDS) {
        const { Size } = functionResource(stage, id).Properties.EphemeralStorage;
        if (id === 'PrepareRun') expect(Size * 1024 * 1024).toBeGreaterThanOrEqual(maxObjectBytes + chunkBytes);
        else expect(Size).toBe(512);
      }
      expect(functionResource(stage, 'PrepareRun').Properties.EphemeralStorage.Size).toBeLessThanOrEqual(10_240);
    });

    it.each(STAGE_NAMES)('gives the functions that hold every record the memory the records of the largest log take, in %s', (stage) => {
      // analyze of a 1 GB log peaks at 1.49 GB: the memory is at least 1.5 bytes a byte of the largest log.
      for (const id of ['MergeTemplates', 'DetectAnomalies', 'WriteReport'] as const) {
        expect(functionResource(stage, id).Properties.MemorySize * MIB).toBeGreaterThanOrEqual(1.5 * STAGES[stage].maxObjectBytes);
      }
    });

    it.each(STAGE_NAMES)('points the variables at the right resources in %s', (stage) => {
      const { stack } = synthesized[stage];
      const variables = (id: FunctionId) => functionResource(stage, id).Properties.Environment.Variables;
      const table = { Ref: logicalId(stack, stack.tables.table) };
      expect(variables('PrepareRun')).toMatchObject({ TABLE_NAME: table, CHUNK_BYTES: String(STAGES[stage].chunkBytes), MAX_OBJECT_BYTES: String(STAGES[stage].maxObjectBytes) });
      expect(variables('ClassifyTemplate')).toMatchObject({ VERDICT_TABLE_NAME: { Ref: logicalId(stack, stack.tables.verdictCache) } });
      expect(variables('WriteReport')).toMatchObject({ TABLE_NAME: table, ALERT_TOPIC_ARN: { Ref: logicalId(stack, stack.alarms.topic) } });
      expect(variables('SweepExports')).toMatchObject({ TABLE_NAME: table, EXPORT_PREFIX: 'exports/', STATE_MACHINE_ARN: { Ref: logicalId(stack, stack.analysis.stateMachine) } });
    });

    it.each(STAGE_NAMES)('ships the chart library as a node module with WriteReport only, in %s', (stage) => {
      // The dashboard renderer reads chart.js/dist/chart.umd.min.js beside the bundle at run time.
      const { stack } = synthesized[stage];
      const assetDir = (fn: PipelineFunction) => join(outdir, `asset.${functionResource(stage, fn.node.id as FunctionId).Properties.Code.S3Key.replace(/\.zip$/, '')}`);
      expect(readFileSync(join(assetDir(stack.functions.WriteReport), 'node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), 'utf8').length).toBeGreaterThan(0);
      expect(() => readFileSync(join(assetDir(stack.functions.MineChunk), 'package.json'))).toThrow();
    });
  });

  describe('Resource: permissions', () => {
    it.each(STAGE_NAMES)('grants each function what functions/README.md says it reads and writes, and no more, in %s', (stage) => {
      for (const id of FUNCTION_IDS) {
        const bedrock = id === 'ClassifyTemplate' && stage === 'prod' ? [bedrockModel(String(STAGES.prod.analysis.llm.model))] : [];
        expect({ id, permissions: permissionsOf(stage, id) }).toEqual({
          id,
          permissions: [...OWN_LOGS_AND_TRACES, ...EXPECTED_PERMISSIONS[id], ...bedrock].sort(),
        });
      }
    });

    it('lets ClassifyTemplate call Bedrock only in the stage whose llm provider is bedrock', () => {
      expect(STAGES.prod.analysis.llm.provider).toBe('bedrock');
      expect(STAGES.dev.analysis.llm.provider).toBe('builtin');
      const bedrockStatements = (stage: StageName) =>
        allStatements(synthesized[stage].template).filter(({ statement }) => asArray(statement.Action).some((a) => a.startsWith('bedrock:')));
      expect(bedrockStatements('dev')).toEqual([]);
      expect(bedrockStatements('prod')).toHaveLength(1);
      expect(permissionsOf('prod', 'ClassifyTemplate')).toContain(bedrockModel('anthropic.claude-3-haiku-20240307-v1:0'));
    });

    it.each(STAGE_NAMES)('grants no wildcard action anywhere, and `*` resources only for X-Ray and log delivery, in %s', (stage) => {
      const statements = allStatements(synthesized[stage].template);
      expect(statements.length).toBeGreaterThan(0);
      for (const { owner, statement } of statements) {
        for (const action of asArray(statement.Action)) expect({ owner, action }).toEqual({ owner, action: expect.not.stringContaining('*') });
        if (asArray(statement.Resource).includes('*')) {
          for (const action of asArray(statement.Action)) expect({ owner, action }).toEqual({ owner, action: expect.stringMatching(/^(xray|logs):/) });
        }
      }
    });
  });

  describe('Resource: state machine', () => {
    it.each(STAGE_NAMES)('is a STANDARD state machine loaded from the ASL file, logging ALL without execution data, traced, in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: `LogAnomaly-${stage}-analysis`,
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: false,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logicalId(stack, stack.analysis.logGroup), 'Arn'] } } }],
        },
      });
      expect(template.toJSON().Resources[logicalId(stack, stack.analysis.logGroup)].Properties.RetentionInDays).toBe(STAGES[stage].logRetentionDays);
      // fromFile uploads the definition as an asset: the staged file is the ASL file, byte for byte.
      const { DefinitionS3Location } = template.toJSON().Resources[logicalId(stack, stack.analysis.stateMachine)].Properties;
      expect(readFileSync(join(outdir, `asset.${DefinitionS3Location.Key}`), 'utf8')).toBe(readFileSync(ASL_PATH, 'utf8'));
    });

    it.each(STAGE_NAMES)('substitutes every placeholder with the ARN of its state\'s function in %s', (stage) => {
      // Prepare
      const { stack, template } = synthesized[stage];
      const asl = readFileSync(ASL_PATH, 'utf8');
      const substitutions = template.toJSON().Resources[logicalId(stack, stack.analysis.stateMachine)].Properties.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string, string] }>;
      // Act: what CloudFormation does at deploy time, with the functions' logical ids standing in for their ARNs.
      const substituted = asl.replace(/\$\{([^}]*)\}/g, (_, name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${substitutions[name]?.['Fn::GetAtt'][0] ?? `\${${name}}`}`);
      // Assess
      expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(asl).sort());
      expect(substituted).not.toContain('${');
      const resources = new Map<string, string>();
      const collect = (states: Record<string, any>) => {
        for (const [name, state] of Object.entries(states)) {
          if (state.Type === 'Task') resources.set(name, String(state.Resource));
          for (const branch of state.Branches ?? []) collect(branch.States);
          if (state.ItemProcessor) collect(state.ItemProcessor.States);
        }
      };
      collect(JSON.parse(substituted).States);
      for (const id of FUNCTION_IDS.filter((id) => id !== 'SweepExports')) {
        expect(resources.get(id)).toBe(`arn:aws:lambda:eu-west-1:123456789012:function:${logicalId(stack, stack.functions[id].function)}`);
      }
      expect(resources.size).toBe(FUNCTION_IDS.length - 1);
    });

    it.each(STAGE_NAMES)('may invoke the seven state functions and run its distributed Map children in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      const name = `LogAnomaly-${stage}-analysis`;
      const policy = template.toJSON().Resources[logicalId(stack, stack.analysis.stateMachine.role.node.findChild('DefaultPolicy'))];
      const statements = policy.Properties.PolicyDocument.Statement as Statement[];
      const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction');
      expect(asArray(invoke?.Resource).map(flatten).sort()).toEqual(
        FUNCTION_IDS.filter((id) => id !== 'SweepExports').map((id) => `<${logicalId(stack, stack.functions[id].function)}.Arn>`).sort(),
      );
      const flat = statements.map((s) => `${asArray(s.Action).join(',')} ${flatten(s.Resource)}`);
      expect(flat).toContain(`states:StartExecution arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${name}`);
      expect(flat).toContain(`states:DescribeExecution,states:StopExecution arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}/*`);
    });
  });

  describe('Resource: trigger', () => {
    it.each(STAGE_NAMES)('starts the state machine with each Object Created event under incoming/ in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: { bucket: { name: [{ Ref: logicalId(stack, stack.logBucket.bucket) }] }, object: { key: [{ prefix: 'incoming/' }] } },
        },
        Targets: [
          Match.objectLike({
            Arn: { Ref: logicalId(stack, stack.analysis.stateMachine) },
            InputPath: '$',
            RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 10 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack, stack.trigger.deadLetterQueue), 'Arn'] } },
          }),
        ],
      });
    });

    it.each(STAGE_NAMES)('keeps undeliverable events in an encrypted, TLS-only queue in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(stack, stack.trigger.deadLetterQueue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
          ]),
        },
      });
    });
  });

  describe('Resource: export sweep', () => {
    it.each(STAGE_NAMES)("invokes sweep-exports on the stage's schedule in %s", (stage) => {
      const { stack, template } = synthesized[stage];
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: STAGES[stage].sweepSchedule,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(stack, stack.functions.SweepExports.function), 'Arn'] },
          RetryPolicy: { MaximumEventAgeInSeconds: 900, MaximumRetryAttempts: 2 },
        }),
      });
      const scheduleRole = template.toJSON().Resources[logicalId(stack, stack.exportSweep.schedule)].Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      const rolePolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === scheduleRole));
      expect(rolePolicies.map((p) => p.Properties.PolicyDocument.Statement)).toEqual([
        [{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [logicalId(stack, stack.functions.SweepExports.function), 'Arn'] } }],
      ]);
    });

    it('sweeps hourly in dev and every 15 minutes in prod', () => {
      expect([STAGES.dev.sweepSchedule, STAGES.prod.sweepSchedule]).toEqual(['rate(1 hour)', 'rate(15 minutes)']);
    });
  });

  describe('Resource: alarms', () => {
    it.each(STAGE_NAMES)('publishes to an encrypted, TLS-only topic in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, stack.alarms.topic.masterKey!), 'Arn'] } });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      // No stage names an address yet; the Alarms tests cover the subscription.
      template.resourceCountIs('AWS::SNS::Subscription', STAGES[stage].alarmEmail === undefined ? 0 : 1);
    });

    it.each(STAGE_NAMES)('raises alarms on failed executions, dead letters and each function\'s errors, to the topic, in %s', (stage) => {
      const { stack, template } = synthesized[stage];
      const topic = { Ref: logicalId(stack, stack.alarms.topic) };
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
      for (const alarm of alarms) {
        expect(alarm).toMatchObject({ AlarmActions: [topic], Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      }
      const watched = alarms.map((a) => `${a.Namespace}/${a.MetricName} ${flatten(a.Dimensions[0].Value)}`).sort();
      expect(watched).toEqual(
        [
          `AWS/States/ExecutionsFailed <${logicalId(stack, stack.analysis.stateMachine)}>`,
          `AWS/SQS/ApproximateNumberOfMessagesVisible <${logicalId(stack, stack.trigger.deadLetterQueue)}.QueueName>`,
          ...FUNCTION_IDS.map((id) => `AWS/Lambda/Errors <${logicalId(stack, stack.functions[id].function)}>`),
        ].sort(),
      );
    });
  });
});

describe('Satisfies: PipelineFunctions', () => {
  it('lists every function the stack creates', () => {
    const ids: Array<keyof PipelineFunctions> = [...FUNCTION_IDS];
    expect(Object.keys(synthesized.dev.stack.functions).sort()).toEqual(ids.sort());
  });
});
