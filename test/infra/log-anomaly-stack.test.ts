import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { STAGE_NAMES, stageConfig } from '../../infra/config.ts';
import { LogAnomalyStack } from '../../infra/log-anomaly-stack.ts';

describe('Function: stageConfig', () => {
  it('defaults to dev', () => {
    expect(stageConfig(undefined).name).toBe('dev');
  });

  it('names the valid stages when the stage is unknown', () => {
    expect(() => stageConfig('staging')).toThrow('Unknown stage "staging": use -c stage=<dev|prod>');
  });
});

describe('Class: LogAnomalyStack', () => {
  it.each(STAGE_NAMES)('synthesises the %s stack under its stage name', (stage) => {
    // Prepare
    const app = new App();
    // Act
    const stack = new LogAnomalyStack(app, { stage, config: stageConfig(stage).config });
    // Assess
    expect(stack.stackName).toBe(`LogAnomaly-${stage}`);
    expect(app.synth().getStackByName(`LogAnomaly-${stage}`).tags).toEqual({ 'loganomaly:stage': stage });
  });
});
