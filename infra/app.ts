/** The CDK app: reads the stage once, then builds that stage's stack (`cdk synth -c stage=prod`). */
import { App } from 'aws-cdk-lib';
import { stageConfig } from './config.ts';
import { LogAnomalyStack } from './log-anomaly-stack.ts';

const app = new App();
const { name, config } = stageConfig(app.node.tryGetContext('stage'));
new LogAnomalyStack(app, { stage: name, config });
app.synth();
