import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { env } from './env';

/**
 * Business and runtime metrics as CloudWatch Embedded Metric Format lines (Powertools for AWS
 * Lambda): in AWS, CloudWatch turns the log lines into metrics with no API call; locally the same
 * lines go to the log, and a tally of them is shown at GET /local/status. Each figure is published
 * at once as its own EMF line (Powertools' single metric), so concurrent invocations in one
 * process — the local runtime — never mix their dimensions.
 */
export const METRICS_NAMESPACE = 'PowerPermit';
export const METRICS_SERVICE = 'powerpermit';

/** The business metrics and their dimensions (infra/observability.ts charts and alarms on them). */
export interface BusinessMetrics {
  ApplicationsSubmitted: { matterKind: string };
  Decisions: { outcome: string };
  DeadlineBreaches: { rule: string };
  WebhookDeliveries: { outcome: 'accepted' | 'duplicate' | 'rejected'; reason: string };
  WorkflowTaskFailures: { context: string; task: string };
  WorkflowDeadLetters: { stateMachine: string };
  DrawsRun: Record<string, never>;
  LicensesIssued: { licenseClass: string };
  LicensesImported: { licenseClass: string };
  ComplaintsReceived: { businessArea: string };
}
export type BusinessMetric = keyof BusinessMetrics;

let root: Metrics | undefined;
const metrics = (): Metrics => (root ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }));

const tally = new Map<string, number>();

function emit(name: string, dimensions: Record<string, string>, value: number): void {
  const single = metrics().singleMetric();
  for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
  single.addMetric(name, MetricUnit.Count, value);
  const key = `${name}${Object.entries(dimensions)
    .map(([k, v]) => ` ${k}=${v}`)
    .join('')}`;
  tally.set(key, (tally.get(key) ?? 0) + value);
}

export function count<M extends BusinessMetric>(name: M, dimensions: BusinessMetrics[M], value = 1): void {
  emit(name, Object.fromEntries(Object.entries(dimensions).map(([k, v]) => [k, String(v)])), value);
}

const coldStarted = new Set<string>();
/**
 * The first invocation of a function in this process: a ColdStart metric per function, the shape
 * Powertools' own has (its captureColdStartMetric counts only inside Lambda; the local runtime runs
 * every function in one process and counts each).
 */
export function coldStart(functionName: string): void {
  if (coldStarted.has(functionName)) return;
  coldStarted.add(functionName);
  emit('ColdStart', { function_name: env('AWS_LAMBDA_FUNCTION_NAME') ?? functionName }, 1);
}

/** What this process has counted so far, by metric and dimensions (GET /local/status). */
export const countedMetrics = (): Record<string, number> => Object.fromEntries([...tally].sort(([a], [b]) => a.localeCompare(b)));
