/** One Lambda of the pipeline: a NodejsFunction with the house defaults. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import { type IGrantable, type IPrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ownLogGroup, PROJECT_ROOT, retentionProblem } from './logs.ts';
import { wholeNumberProblem } from './problems.ts';

/**
 * ESM needs this banner: the AWS SDK and other CommonJS dependencies bundled into an ES module still call
 * `require` (for Node built-ins), which an ES module does not define.
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Props of {@link PipelineFunction}. */
export interface PipelineFunctionProps {
  /** The handler's folder under functions/, kebab-case: 'mine-chunk' bundles functions/mine-chunk/handler.ts. */
  readonly name: string;
  /**
   * Memory of the function, in MB (CPU grows with it).
   * @default 1024
   */
  readonly memorySizeMb?: number;
  /**
   * How long one invocation may run.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Space of the function's /tmp, in MB: the files its handler copies objects into.
   * @default 512 (Lambda's own default, at no charge)
   */
  readonly ephemeralStorageMb?: number;
  /**
   * Days the function's log group keeps its logs; one of the values CloudWatch Logs accepts.
   * @default 30
   */
  readonly logRetentionDays?: number;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Environment variables, besides the ones every function gets (POWERTOOLS_SERVICE_NAME, NODE_OPTIONS).
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Packages shipped as files in the bundle's node_modules instead of bundled, for code that reads a package's
   * files at run time (the dashboard renderer reads a chart library's minified script).
   * @default - none: everything is bundled
   */
  readonly nodeModules?: string[];
  /**
   * The Powertools service name of the function's logs, traces and metrics.
   * @default 'loganomaly'
   */
  readonly serviceName?: string;
}

/** Defaults of {@link PipelineFunctionProps}. */
export const DEFAULT_PIPELINE_FUNCTION_PROPS = {
  memorySizeMb: 1024,
  ephemeralStorageMb: 512,
  timeoutSeconds: 60,
  logRetentionDays: 30,
  serviceName: 'loganomaly',
} as const;

const FUNCTION_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * A pipeline Lambda bundled from functions/<name>/handler.ts (export `handler`): Node 22 on arm64, X-Ray tracing,
 * its own log group, and source maps enabled.
 *
 * Bundling emits ESM (index.mjs), not CJS: our sources are ES modules (`"type": "module"`), and shared/ uses
 * `import.meta.url` (shared/report/chart-source.ts resolves chart.js from it), which CJS output leaves empty, and
 * may use top-level await, which esbuild refuses to emit as CJS. ESM needs the banner: bundled CommonJS code (the
 * AWS SDK among it) still calls `require` for Node built-ins, which an ES module does not define. The AWS SDK is
 * bundled too, so the functions run the SDK version the tests ran, not the runtime's. keepNames keeps class names
 * readable in stack traces; error names do not depend on it, because every error class sets its `name` to a
 * literal (shared/errors.ts).
 */
export class PipelineFunction extends Construct implements IGrantable {
  /** The function. */
  readonly function: NodejsFunction;
  /** The function's log group. */
  readonly logGroup: LogGroup;
  /** The handler's folder under functions/. */
  readonly name: string;
  /** The function's execution role: it may write to its log group and send traces, and nothing else until granted. */
  readonly role: Role;
  /** The principal grants go to (the execution role). */
  readonly grantPrincipal: IPrincipal;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const memorySizeMb = props.memorySizeMb ?? DEFAULT_PIPELINE_FUNCTION_PROPS.memorySizeMb;
    const timeout = props.timeout ?? Duration.seconds(DEFAULT_PIPELINE_FUNCTION_PROPS.timeoutSeconds);
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_PIPELINE_FUNCTION_PROPS.logRetentionDays;
    const ephemeralStorageMb = props.ephemeralStorageMb ?? DEFAULT_PIPELINE_FUNCTION_PROPS.ephemeralStorageMb;
    validate(props.name, memorySizeMb, timeout, logRetentionDays, ephemeralStorageMb);
    const entry = join(PROJECT_ROOT, 'functions', props.name, 'handler.ts');
    if (!existsSync(entry)) {
      throw new Error(`PipelineFunction: name "${props.name}" has no handler: ${relative(PROJECT_ROOT, entry)} does not exist`);
    }
    this.name = props.name;
    this.logGroup = ownLogGroup(this, logRetentionDays, props.logRemovalPolicy);
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only, not create any.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;
    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: memorySizeMb,
      ephemeralStorageSize: Size.mebibytes(ephemeralStorageMb),
      timeout,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? DEFAULT_PIPELINE_FUNCTION_PROPS.serviceName,
        // Without it the source maps are shipped but unused: stack traces would point into the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        banner: ESM_REQUIRE_BANNER,
        target: 'node22',
        keepNames: true,
        sourceMap: true,
        minify: true,
        // The SDK version the code was tested with, not the one the runtime happens to carry.
        bundleAwsSDK: true,
        ...(props.nodeModules && props.nodeModules.length > 0 ? { nodeModules: props.nodeModules } : {}),
      },
    });
    // The two X-Ray actions active tracing adds accept no resource ARN; every other statement names its resources.
    Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing), which support no resource-level permissions.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node 22 on purpose: the toolchain (package.json "node" 22.x) runs and tests the same sources on the same major version.',
    });
  }

  /**
   * Adds an environment variable to the function.
   * @returns this function, for chaining.
   */
  addEnvironment(key: string, value: string): this {
    this.function.addEnvironment(key, value);
    return this;
  }
}

/** Checks the props no type can: a kebab-case name, memory, /tmp and timeout in Lambda's range, a retention CloudWatch accepts. */
function validate(name: string, memorySizeMb: number, timeout: Duration, logRetentionDays: number, ephemeralStorageMb: number): void {
  const seconds = timeout.isUnresolved() ? undefined : timeout.toSeconds();
  const problems = [
    FUNCTION_NAME.test(name) ? undefined : `name must be a kebab-case folder under functions/, got "${name}"`,
    wholeNumberProblem('memorySizeMb', memorySizeMb, 128, 10240),
    wholeNumberProblem('ephemeralStorageMb', ephemeralStorageMb, 512, 10240),
    seconds !== undefined && (seconds < 1 || seconds > 900) ? `timeout must be from 1 second to 15 minutes, got ${timeout.toHumanString()}` : undefined,
    retentionProblem(logRetentionDays),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`PipelineFunction: ${problems.join('; ')}`);
}
