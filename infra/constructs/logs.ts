/** What the pipeline's constructs share about their logs and their files. */
import { resolve } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The repository's root, where functions/ and statemachine/ are. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** Why `days` is no retention CloudWatch Logs accepts, or undefined when it is one. */
export function retentionProblem(days: number): string | undefined {
  const valid = (Object.values(RetentionDays) as unknown[]).includes(days) && days !== RetentionDays.INFINITE;
  return valid ? undefined : `logRetentionDays must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, …, 3653), got ${days}`;
}

/** A construct's own log group (id `Logs`), kept `days` days; retained with the stack unless `removalPolicy` says. */
export function ownLogGroup(scope: Construct, days: number, removalPolicy: RemovalPolicy | undefined): LogGroup {
  return new LogGroup(scope, 'Logs', { retention: days as RetentionDays, removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN });
}
