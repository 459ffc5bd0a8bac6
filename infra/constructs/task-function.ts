import * as path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/contracts/names';
import { METRICS_SWITCH } from '../../functions/contracts/observability';

export interface TaskFunctionProps {
  /** Absolute path of the TypeScript entry file (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  /** @default FUNCTION_TIMEOUT_SECONDS.task */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /** @default {@link FUNCTION_LOG_RETENTION} */
  readonly logRetention?: logs.RetentionDays;
  /** Lock file that marks the project root for esbuild. @default found from the entry upwards */
  readonly depsLockFilePath?: string;
  /**
   * Files shipped in the function's package next to the bundle (e.g. fonts): `from` an absolute
   * path, `to` a path relative to the package root. @default none
   */
  readonly assets?: readonly { readonly from: string; readonly to: string }[];
}

/** Bundling hooks that copy `assets` into the package after esbuild ran (local bundling: POSIX shell). */
function copyAssets(assets: NonNullable<TaskFunctionProps['assets']>): nodejs.ICommandHooks {
  const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) =>
      assets.flatMap(({ from, to }) => {
        const target = path.join(outputDir, to);
        return [`mkdir -p ${quote(path.dirname(target))}`, `cp ${quote(from)} ${quote(target)}`];
      }),
  };
}

/** Days a function's log lines are kept. */
export const FUNCTION_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

/** Variables every function gets besides its handler's own (functions/adapters/config.ts). */
export const RUNTIME_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_OPTIONS: '--enable-source-maps',
  // Powertools Metrics writes EMF lines (functions/adapters/metrics.ts); off where this is not set.
  [METRICS_SWITCH.variable]: METRICS_SWITCH.on,
};

/**
 * The one place that builds a Lambda function with the project defaults: Node.js 22 on arm64,
 * bundled by the local esbuild (minified CJS with source maps, UTF-8 output for the Korean texts,
 * the runtime's AWS SDK v3 left external), its own log group with retention, JSON log format with
 * Lambda's log-level filtering (Powertools Logger honours the level through AWS_LAMBDA_LOG_LEVEL),
 * no X-Ray, and a dedicated role whose only built-in permission is writing to that log group (no
 * AWSLambdaBasicExecutionRole managed policy).
 */
export class TaskFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TaskFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? FUNCTION_LOG_RETENTION,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(FUNCTION_TIMEOUT_SECONDS.task),
      role: this.role,
      logGroup: this.logGroup,
      // X-Ray off, on purpose. Tracing the SDK calls takes Powertools Tracer and aws-xray-sdk-core:
      // ~127 KB minified and ~20 ms of init per function, which would take the web bundle far past its
      // 150 KB budget, and Lambda's ACTIVE mode without them traces little more than the invocation.
      // The execution history of Step Functions (state by state, with timings), the request id and
      // cold start on every log line and the dashboard answer what traces would.
      tracing: lambda.Tracing.DISABLED,
      // JSON: Lambda filters application lines by their `level` (ApplicationLogLevel, given to the code
      // as AWS_LAMBDA_LOG_LEVEL) and writes its own platform lines as JSON too. INFO, not higher:
      // EMF lines carry no level, count as INFO, and would be dropped with it.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      depsLockFilePath: props.depsLockFilePath,
      environment: { ...RUNTIME_ENVIRONMENT, ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // UTF-8 output instead of \uXXXX escapes (Korean texts, zod's locales): ~15 % smaller bundles.
        // Passed as a raw esbuild argument: aws-cdk-lib 2.276 declares `charset` but never forwards it.
        esbuildArgs: { '--charset': 'utf8' },
        externalModules: ['@aws-sdk/*'],
        ...(props.assets?.length ? { commandHooks: copyAssets(props.assets) } : {}),
      },
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'The project runs on Node.js 22 (nodejs22.x, an AWS-supported LTS runtime) by decision; the newer ' +
        'runtime the rule asks for is adopted deliberately in one place (TaskFunction), not per function.',
    });
  }
}
