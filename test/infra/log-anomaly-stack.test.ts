import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGE_NAMES, stageConfig, type StageName } from '../../infra/config.ts';
import { LogBucket } from '../../infra/constructs/log-bucket.ts';
import { LogAnomalyStack } from '../../infra/log-anomaly-stack.ts';

const outdir = mkdtempSync(join(tmpdir(), 'loganomaly-cdk-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function synth(stage: StageName): { stack: LogAnomalyStack; template: Template } {
  const app = new App({ outdir });
  const stack = new LogAnomalyStack(app, { stage, config: stageConfig(stage).config });
  return { stack, template: Template.fromStack(stack) };
}

describe('Function: stageConfig', () => {
  it('defaults to dev', () => {
    expect(stageConfig(undefined).name).toBe('dev');
  });

  it('names the valid stages when the stage is unknown', () => {
    expect(() => stageConfig('staging')).toThrow('Unknown stage "staging": use -c stage=<dev|prod>');
  });
});

describe('Class: LogAnomalyStack', () => {
  it.each(STAGE_NAMES)('names the %s stack after its stage and tags it', (stage) => {
    // Act
    const { stack } = synth(stage);
    // Assess
    expect(stack.stackName).toBe(`LogAnomaly-${stage}`);
    expect(stack.tags.tagValues()).toEqual({ 'loganomaly:stage': stage });
  });

  it.each(STAGE_NAMES)('creates an encrypted, private, TLS-only log bucket with EventBridge events in %s', (stage) => {
    // Act
    const { template } = synth(stage);
    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'chunks/', ExpirationInDays: 7, Status: 'Enabled' })] },
    });
    // CDK turns EventBridge notifications on through its bucket-notifications custom resource.
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('retains the bucket in prod and deletes it with the stack in dev', () => {
    // Act
    const prod = synth('prod').template.findResources('AWS::S3::Bucket');
    const dev = synth('dev').template.findResources('AWS::S3::Bucket');
    // Assess
    expect(Object.values(prod).map((r) => r.DeletionPolicy)).toEqual(['Retain']);
    expect(Object.values(dev).map((r) => r.DeletionPolicy)).toEqual(['Delete']);
  });

  it('keeps the logical id of the log bucket stable', () => {
    // A changed id would make CloudFormation replace the bucket and lose its logs.
    const { template } = synth('prod');
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toEqual(['LogsBucket5C52C3D2']);
  });
});

describe('Class: LogBucket', () => {
  it.each([
    [{ chunkPrefix: '' }, 'LogBucket: chunkPrefix must not be empty'],
    [{ chunkExpirationDays: 0 }, 'LogBucket: chunkExpirationDays must be a positive whole number, got 0'],
  ])('rejects %j, naming the prop', (props, message) => {
    // Prepare
    const stack = new Stack(new App({ outdir }), 'Test');
    // Act, Assess
    expect(() => new LogBucket(stack, 'Logs', props)).toThrow(message);
  });
});
