import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../functions/platform/metrics';

/**
 * What the regulator's operators watch: one alarm topic (its e-mail subscription from cdk.json
 * `powerpermit:alarmEmail`), an alarm for every failure that needs a person — the API's 5XX rate and
 * p99 latency, each function's errors and throttles, each state machine's failed, timed-out or
 * aborted executions, each dead-letter queue holding anything, the stream function falling
 * behind, DynamoDB throttling, the WAF blocking an unusual share of requests — and one dashboard
 * with the same figures and the business metrics. docs/operations.md has a runbook entry per alarm.
 */
export interface ObservabilityProps {
  stage: string;
  api: RestApi;
  functions: Readonly<Record<string, IFunction>>;
  stateMachines: Readonly<Record<string, StateMachine>>;
  queues: Readonly<Record<string, Queue>>;
  streamFunction: IFunction;
  /**
   * The token authorizer (mainland profile). Not alarmed on its errors: refusing a token is an error to Lambda
   * (API Gateway's 401 needs the thrown `Unauthorized`); an issuer it cannot reach is a 500 the API's 5XX rate counts.
   */
  tokenAuthorizer?: IFunction;
  tableName: string;
  webAclName: string;
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** The alarm kinds, each with its runbook entry in docs/operations.md (a test checks they match). */
export const ALARM_KINDS = [
  'api-5xx-rate',
  'api-p99-latency',
  'function-errors',
  'function-throttles',
  'workflow-failures',
  'dead-letters',
  'stream-iterator-age',
  'dynamodb-throttles',
  'waf-blocked-rate',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: { kind: AlarmKind; subject: string; alarm: Alarm }[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, p: ObservabilityProps) {
    super(scope, id);
    // CloudWatch publishes to the encrypted topic, so the key lets it (the data key's policy lives in the stateful stack).
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'PowerPermit alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Alarms', { displayName: `PowerPermit ${p.stage} alarms`, masterKey: key, enforceSSL: true });
    if (p.alarmEmail) this.topic.addSubscription(new EmailSubscription(p.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (kind: AlarmKind, subject: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, `${kind}-${subject}`.replace(/[^A-Za-z0-9]/g, ''), {
        alarmName: `powerpermit-${p.stage}-${kind}-${subject}`,
        alarmDescription: `${description} Runbook: docs/operations.md#${kind}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push({ kind, subject, alarm: a });
    };

    // --- The API.
    const fiveXxRate = new MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: p.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: p.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
      label: '5XX %',
    });
    alarm('api-5xx-rate', 'api', fiveXxRate, 1, 'More than 1% of API requests answered 5XX in 5 minutes.');
    const p99 = p.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    alarm('api-p99-latency', 'api', p99, 3000, "The API's p99 latency passed 3 s over 5 minutes.");

    // --- Every function, every state machine, every dead-letter queue.
    for (const [name, fn] of Object.entries(p.functions)) {
      alarm(
        'function-errors',
        name,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        0,
        `The ${name} function failed (an unhandled error or a timeout).`,
      );
      alarm('function-throttles', name, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 0, `The ${name} function was throttled.`);
    }
    if (p.tokenAuthorizer)
      alarm(
        'function-throttles',
        'token-authorizer',
        p.tokenAuthorizer.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        0,
        'The token authorizer was throttled.',
      );
    for (const [name, sm] of Object.entries(p.stateMachines)) {
      const failures = new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: sm.metricFailed({ period: FIVE_MINUTES }),
          timedOut: sm.metricTimedOut({ period: FIVE_MINUTES }),
          aborted: sm.metricAborted({ period: FIVE_MINUTES }),
        },
        period: FIVE_MINUTES,
        label: `${name} failed`,
      });
      alarm('workflow-failures', name, failures, 0, `An execution of ${name} failed, timed out or was aborted.`);
    }
    for (const [name, q] of Object.entries(p.queues)) {
      alarm(
        'dead-letters',
        name,
        q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        0,
        `The ${name} dead-letter queue holds messages.`,
      );
    }

    // --- The stream, the table, the WAF.
    const iteratorAge = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensionsMap: { FunctionName: p.streamFunction.functionName },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
    });
    alarm('stream-iterator-age', 'stream', iteratorAge, 60_000, 'Reactions to new events run more than a minute behind.');
    const ddb = (metricName: string) =>
      new Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: p.tableName }, statistic: 'Sum', period: FIVE_MINUTES });
    const throttles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: { reads: ddb('ReadThrottleEvents'), writes: ddb('WriteThrottleEvents') },
      period: FIVE_MINUTES,
      label: 'DynamoDB throttle events',
    });
    alarm('dynamodb-throttles', 'table', throttles, 0, 'DynamoDB throttled reads or writes of the table.');
    const waf = (metricName: string) =>
      new Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        dimensionsMap: { WebACL: p.webAclName, Region: Stack.of(this).region, Rule: 'ALL' },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    const blockedRate = new MathExpression({
      expression: '100 * blocked / MAX([blocked + allowed, 1])',
      usingMetrics: { blocked: waf('BlockedRequests'), allowed: waf('AllowedRequests') },
      period: FIVE_MINUTES,
      label: 'WAF blocked %',
    });
    alarm(
      'waf-blocked-rate',
      'api',
      blockedRate,
      5,
      'The WAF blocked more than 5% of requests in 5 minutes (an attack, or a rule refusing legitimate traffic).',
    );

    // --- One dashboard: the same figures, and the business metrics (EMF, namespace PowerPermit).
    const business = (metricName: string, dimension: string) =>
      new MathExpression({
        expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimension}} MetricName="${metricName}"', 'Sum', 3600)`,
        label: metricName,
        period: Duration.hours(1),
      });
    const fnMetrics = (f: (fn: IFunction) => IMetric) => Object.values(p.functions).map(f);
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `powerpermit-${p.stage}` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# PowerPermit ${p.stage}\nAlarms go to the topic \`${this.topic.node.id}\`; each alarm names its runbook entry in docs/operations.md. Business figures are EMF metrics in **${METRICS_NAMESPACE}** (service ${METRICS_SERVICE}).`,
        width: 24,
        height: 2,
      }),
      new GraphWidget({
        title: 'API requests and 5XX %',
        left: [p.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' })],
        right: [fiveXxRate],
        width: 8,
      }),
      new GraphWidget({ title: 'API latency p99 (ms)', left: [p99], width: 8 }),
      new GraphWidget({ title: 'WAF blocked %', left: [blockedRate], width: 8 }),
      new GraphWidget({ title: 'Function errors', left: fnMetrics((fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })), width: 8 }),
      new GraphWidget({ title: 'Function throttles', left: fnMetrics((fn) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' })), width: 8 }),
      new GraphWidget({
        title: 'Cold starts',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},service,function_name} MetricName="ColdStart"', 'Sum', 3600)`,
            label: 'ColdStart',
            period: Duration.hours(1),
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Workflow executions failed',
        left: Object.values(p.stateMachines).map((sm) => sm.metricFailed({ period: FIVE_MINUTES })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead letters',
        left: Object.values(p.queues).map((q) => q.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' })),
        width: 8,
      }),
      new GraphWidget({ title: 'Stream iterator age (ms) and DynamoDB throttles', left: [iteratorAge], right: [throttles], width: 8 }),
      new GraphWidget({ title: 'Applications submitted, by matter kind', left: [business('ApplicationsSubmitted', 'matterKind')], width: 8 }),
      new GraphWidget({ title: 'Decisions, by outcome', left: [business('Decisions', 'outcome')], width: 8 }),
      new GraphWidget({ title: 'Deadline breaches, by rule', left: [business('DeadlineBreaches', 'rule')], width: 8 }),
      new GraphWidget({
        title: '12398 webhook deliveries, by outcome and reason',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},outcome,reason,service} MetricName="WebhookDeliveries"', 'Sum', 3600)`,
            label: 'WebhookDeliveries',
            period: Duration.hours(1),
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Workflow task failures, by context and task',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},context,service,task} MetricName="WorkflowTaskFailures"', 'Sum', 3600)`,
            label: 'WorkflowTaskFailures',
            period: Duration.hours(1),
          }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Draws run, licences issued',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS_NAMESPACE},service} MetricName="DrawsRun"', 'Sum', 86400)`,
            label: 'DrawsRun',
            period: Duration.days(1),
          }),
          business('LicensesIssued', 'licenseClass'),
        ],
        width: 8,
      }),
    );
  }
}
