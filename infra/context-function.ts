import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE } from './bundling';
import { acknowledge } from './grants';
import { dirname, join } from 'node:path';

/** The newest Node.js runtime this aws-cdk-lib offers (cdk-nag AwsSolutions-L1). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
const ROOT = join(__dirname, '..');

export interface ContextFunctionProps {
  /** Entry module relative to the repository root, e.g. functions/enterprises/api.handler.ts. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  /** Files the code reads at run time, copied next to the bundle: [from (repository-relative), to (bundle-relative)]. */
  assets?: [from: string, to: string][];
}

/**
 * Every Lambda of the platform, built one way: pinned runtime and architecture, minified bundle
 * with source maps, X-Ray tracing, a log group of its own with a retention, JSON logs.
 */
export class ContextFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ContextFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: join(ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      environment: { ...props.environment },
      // No source maps in the asset nor --enable-source-maps: they cost 10–25% of a cold start (issue 16). Errors are read by
      // their code, message and the log line's operation/task, not by minified stack frames.
      bundling: {
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourceMap,
        target: 'node24',
        format: OutputFormat.CJS,
        externalModules: [],
        mainFields: [...BUNDLE.mainFields],
        ...(props.assets?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  props.assets!.map(([from, to]) => `mkdir -p "${outputDir}/${dirname(to)}" && cp -r "${inputDir}/${from}" "${outputDir}/${to}"`),
              },
            }
          : {}),
      },
    });
    acknowledge(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWS-maintained policy that lets the function write its own logs and nothing else.',
    );
    acknowledge(this, 'AwsSolutions-IAM5[Resource::*]', 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) accepts no resource other than *.');
  }
}
