import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALARM_KINDS } from '../../infra/observability';
import { synthesize } from '../support/synth';

/** Alarms for every failure that needs a person, on one topic, with a runbook entry each; one dashboard. */
type Alarm = {
  AlarmActions: unknown[];
  OKActions: unknown[];
  AlarmDescription: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Metrics?: { MetricStat?: { Metric: { Dimensions?: { Name: string; Value: unknown }[]; MetricName: string } }; Expression?: string }[];
  MetricName?: string;
  Namespace?: string;
};
const s = synthesize({ 'powerpermit:alarmEmail': 'ops@example.gov.cn' });
const R = s.appResources;
const alarms = Object.values(R)
  .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
  .map((r) => r.Properties as unknown as Alarm);
const idsOf = (type: string) =>
  Object.entries(R)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
/** The logical ids an alarm's metric (or the metrics of its math) is dimensioned by. */
const dimensionRefs = (a: Alarm): string[] => {
  const dims = [...(a.Dimensions ?? []), ...(a.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric.Dimensions ?? [])];
  return dims.flatMap((d) => [...JSON.stringify(d.Value).matchAll(/"(?:Ref|Fn::GetAtt)":\[?"(\w+)"/g)].map((m) => m[1]!));
};
const metricNames = (a: Alarm): string[] => [a.MetricName ?? '', ...(a.Metrics ?? []).map((m) => m.MetricStat?.Metric.MetricName ?? '')].filter(Boolean);

describe('alarms and the dashboard', () => {
  it('every function has an errors alarm and a throttles alarm', () => {
    // But CDK's upload function of the public site, which runs only inside a deployment (a failure fails the deployment).
    // CDK's own deploy-time functions (the site upload, the reader of the edge stack's ACL ARN) are not the platform's.
    for (const fn of idsOf('AWS::Lambda::Function').filter((id) => !/^Custom(CDKBucketDeployment|CrossRegionExportReader)/.test(id))) {
      const on = alarms.filter((a) => dimensionRefs(a).includes(fn)).flatMap(metricNames);
      expect([fn, on.includes('Errors'), on.includes('Throttles')]).toEqual([fn, true, true]);
    }
  });

  it('every state machine has an alarm on its failed, timed-out and aborted executions', () => {
    for (const sm of idsOf('AWS::StepFunctions::StateMachine')) {
      const on = alarms
        .filter((a) => dimensionRefs(a).includes(sm))
        .flatMap(metricNames)
        .sort();
      expect([sm, on]).toEqual([sm, ['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']]);
    }
  });

  it('every queue (both dead-letter queues) has an alarm on any message in it', () => {
    const queues = idsOf('AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    for (const q of queues)
      expect([q, alarms.filter((a) => dimensionRefs(a).includes(q)).flatMap(metricNames)]).toEqual([q, ['ApproximateNumberOfMessagesVisible']]);
  });

  it("the API's 5XX rate and p99 latency, the stream's iterator age, DynamoDB throttling and the WAF's blocked rate are alarmed", () => {
    const all = alarms.flatMap(metricNames);
    for (const m of ['5XXError', 'Latency', 'IteratorAge', 'ReadThrottleEvents', 'WriteThrottleEvents', 'BlockedRequests'])
      expect([m, all.includes(m)]).toEqual([m, true]);
  });

  it('every alarm notifies the one alarm topic when it fires and when it clears, and names its runbook entry', () => {
    const [topic] = idsOf('AWS::SNS::Topic');
    expect(idsOf('AWS::SNS::Topic')).toHaveLength(1);
    for (const a of alarms) {
      expect(a.AlarmActions).toEqual([{ Ref: topic }]);
      expect(a.OKActions).toEqual([{ Ref: topic }]);
      expect(a.AlarmDescription).toMatch(new RegExp(`docs/operations\\.md#(${ALARM_KINDS.join('|')})$`));
    }
    expect(R[topic!]!.Properties).toMatchObject({ KmsMasterKeyId: expect.anything() });
    s.appT.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.gov.cn' });
  });

  it('docs/operations.md has a runbook entry for every alarm kind', () => {
    const doc = readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8');
    for (const kind of ALARM_KINDS) expect([kind, doc.includes(`<a id="${kind}"></a>`)]).toEqual([kind, true]);
  });

  it('one dashboard charts the same figures and the business metrics', () => {
    const [dashboard] = Object.values(R).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const m of [
      'ApplicationsSubmitted',
      'Decisions',
      'DeadlineBreaches',
      'WebhookDeliveries',
      'WorkflowTaskFailures',
      'DrawsRun',
      'ColdStart',
      '5XXError',
      'IteratorAge',
      'BlockedRequests',
    ])
      expect([m, body.includes(m)]).toEqual([m, true]);
  });
});
