import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_SERVICE } from './metrics';

/**
 * X-Ray tracing (Powertools for AWS Lambda): every AWS SDK client is captured, so each DynamoDB,
 * S3, Step Functions, KMS and Secrets Manager call is a subsegment of the function's trace. Outside
 * Lambda (the local runtime, tests) Powertools turns tracing off and hands the client back as is.
 */
let tracer: Tracer | undefined;

export function traced<T>(client: T): T {
  tracer ??= new Tracer({ serviceName: METRICS_SERVICE });
  return tracer.captureAWSv3Client(client);
}

/** Marks the current trace with what it is about (the route's operation, a task), searchable in X-Ray. */
export function annotate(key: string, value: string): void {
  if (tracer?.isTracingEnabled()) tracer.putAnnotation(key, value);
}
