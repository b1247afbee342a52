/**
 * The CDK app: reads the stage once, then builds that stage's stack (`cdk synth -c stage=prod`), checked by the
 * AWS Solutions rules of cdk-nag. A rule finding fails the synth unless it is acknowledged, with its reason, next
 * to the resource (`Validations.of(resource).acknowledge`, cdk-nag v3).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stageConfig } from './config.ts';
import { LogAnomalyStack } from './log-anomaly-stack.ts';

const app = new App();
const { name, config } = stageConfig(app.node.tryGetContext('stage'));
new LogAnomalyStack(app, { stage: name, config });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
