/** The analysis workflow: statemachine/analysis.asl.json, its placeholders bound to the pipeline's functions. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ArnFormat, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ownLogGroup, PROJECT_ROOT, retentionProblem } from './logs.ts';

/** The suffix that turns a Task state's name into its placeholder: `PrepareRun` → `${PrepareRunFunctionArn}`. */
export const FUNCTION_ARN_SUFFIX = 'FunctionArn';

/** Props of {@link AnalysisStateMachine}. */
export interface AnalysisStateMachineProps {
  /**
   * The function of each Task state, by state name: `{ PrepareRun: fn }` fills `${PrepareRunFunctionArn}`. Every
   * placeholder of the definition needs one, and every entry must have a placeholder.
   */
  readonly functions: Readonly<Record<string, IFunction>>;
  /**
   * The Amazon States Language file, absolute or relative to the repository root.
   * @default 'statemachine/analysis.asl.json'
   */
  readonly definitionPath?: string;
  /**
   * The state machine's name. It is set rather than generated so that the role's policy can name the state
   * machine (the distributed Map starts child executions of it) without a circular reference.
   * @default - `<stack name>-analysis`
   */
  readonly stateMachineName?: string;
  /**
   * Days the execution log group keeps its logs; one of the values CloudWatch Logs accepts.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * What happens to the execution log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** Defaults of {@link AnalysisStateMachineProps}. */
export const DEFAULT_ANALYSIS_STATE_MACHINE_PROPS = {
  definitionPath: 'statemachine/analysis.asl.json',
  logRetentionDays: 30,
} as const;

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * The placeholders of a definition, in order of first appearance.
 * @param definition the text of an ASL file.
 * @returns the names between `${` and `}`, each once.
 */
export function definitionPlaceholders(definition: string): string[] {
  return [...new Set([...definition.matchAll(PLACEHOLDER)].map((match) => String(match[1])))];
}

/**
 * A STANDARD state machine loaded from an ASL file, with every `${…FunctionArn}` placeholder substituted by its
 * function's ARN, logging ALL events (without execution data) to its own log group, and X-Ray tracing on.
 *
 * Its role may invoke exactly the given functions, start executions of this state machine (the distributed Map's
 * children) and describe or stop them.
 */
export class AnalysisStateMachine extends Construct {
  /** The state machine. */
  readonly stateMachine: StateMachine;
  /** The log group of its executions. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AnalysisStateMachineProps) {
    super(scope, id);
    const definitionPath = resolvePath(props.definitionPath ?? DEFAULT_ANALYSIS_STATE_MACHINE_PROPS.definitionPath);
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_ANALYSIS_STATE_MACHINE_PROPS.logRetentionDays;
    const stack = Stack.of(this);
    const stateMachineName = props.stateMachineName ?? `${stack.stackName}-analysis`;
    const problem = retentionProblem(logRetentionDays);
    if (problem) throw new Error(`AnalysisStateMachine: ${problem}`);
    const definitionSubstitutions = substitutions(definitionPath, props.functions);

    this.logGroup = ownLogGroup(this, logRetentionDays, props.logRemovalPolicy);
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(definitionPath),
      definitionSubstitutions,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // Only the unqualified ARNs the definition names: no versions or aliases, hence no `:*` resource.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(props.functions).map((fn) => fn.functionArn),
      }),
    );
    // The distributed Map runs each chunk as a child execution of this state machine. The ARNs are built from the
    // name, not taken from the resource, which would make the policy depend on the state machine that depends on it.
    const ownArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const executionsArn = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${stateMachineName}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [ownArn] }));
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [executionsArn] }));

    const policy = this.stateMachine.role.node.findChild('DefaultPolicy');
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the statements CDK adds for logging (logs:*LogDelivery*, resource policies) and tracing (xray:Put*, GetSampling*): ' +
        'these APIs support no resource-level permissions.',
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stateMachineName}/*]`,
      reason: "The distributed Map's child executions of this state machine only; their names are generated at run time.",
    });
  }
}

/** The state a placeholder belongs to: `PrepareRunFunctionArn` → `PrepareRun`. */
function stateOf(placeholder: string): string {
  return placeholder.endsWith(FUNCTION_ARN_SUFFIX) ? placeholder.slice(0, -FUNCTION_ARN_SUFFIX.length) : placeholder;
}

/** Resolves a definition path against the repository root. */
function resolvePath(path: string): string {
  return isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
}

/**
 * The definitionSubstitutions of a file: each placeholder to its function's ARN.
 * @throws Error naming each placeholder without a function and each function without a placeholder.
 */
function substitutions(definitionPath: string, functions: Readonly<Record<string, IFunction>>): Record<string, string> {
  let definition: string;
  try {
    definition = readFileSync(definitionPath, 'utf8');
  } catch (error) {
    throw new Error(`AnalysisStateMachine: definitionPath ${relative(PROJECT_ROOT, definitionPath)} cannot be read`, { cause: error });
  }
  const placeholders = definitionPlaceholders(definition);
  const provided = new Map(Object.entries(functions).map(([state, fn]) => [`${state}${FUNCTION_ARN_SUFFIX}`, fn]));
  const problems = [
    ...placeholders.filter((name) => !provided.has(name)).map((name) => `placeholder \${${name}} has no function (functions.${stateOf(name)})`),
    ...[...provided.keys()].filter((name) => !placeholders.includes(name)).map((name) => `functions.${stateOf(name)} has no placeholder \${${name}}`),
  ];
  if (problems.length > 0) {
    throw new Error(`AnalysisStateMachine: ${relative(PROJECT_ROOT, definitionPath)}: ${problems.join('; ')}`);
  }
  return Object.fromEntries([...provided].map(([name, fn]) => [name, fn.functionArn]));
}
