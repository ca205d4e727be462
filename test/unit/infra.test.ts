import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../support/synth';
import { routes } from '../../functions/routes';
import { schedules, toEventBridgeCron } from '../../functions/schedules';
import { STATE_MACHINES, tasks } from '../../functions/tasks';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('CDK application', () => {
  // No bundling in template tests: the stacks are what is under test, not esbuild.
  const s = synthesize();
  const { outdir, appStack, notifyStack, appT, dataT, appResources } = s;
  const apiResources = s.apiResources as Resources;

  it('passes cdk-nag AwsSolutions: no open finding, every acknowledged one carries a reason', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: {
        pluginName: string;
        conclusion: string;
        violations: unknown[];
        suppressedViolations: { ruleName: string; violatingConstructs: { reason?: string }[] }[];
      }[];
    };
    const nag = report.pluginReports.find((p) => p.pluginName === 'AwsSolutions')!;
    expect(nag.violations).toEqual([]);
    expect(nag.conclusion).toBe('success');
    expect(nag.suppressedViolations.length).toBeGreaterThan(0);
  });

  it('notifications to enterprises: the SES identity lives in the notify region (SES and SMS are not offered in ap-east-1); the sender may send from it alone', () => {
    expect(appStack.region).toBe('ap-east-1');
    expect(notifyStack!.region).toBe('ap-southeast-1');
    Template.fromStack(notifyStack!).hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'notify.powerpermit.example.gov.cn' });
    expect(Template.fromStack(notifyStack!).findOutputs('*')).toHaveProperty('DkimRecord1');
    const sender = Object.values(appResources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.PolicyDocument).includes('ses:SendEmail'),
    );
    expect(sender).toHaveLength(1);
    expect(JSON.stringify(sender[0]!.Properties.PolicyDocument)).toContain(':ses:ap-southeast-1:');
    const env = Object.values(appResources).find((r) => r.Type === 'AWS::Lambda::Function' && JSON.stringify(r.Properties).includes('NOTIFY_EMAIL_FROM'))!;
    expect((env.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      NOTIFY_REGION: 'ap-southeast-1',
      NOTIFY_EMAIL_FROM: 'noreply@notify.powerpermit.example.gov.cn',
      NOTIFY_SMS: 'sns',
    });
  });

  it('every route of the route table is an API Gateway method on its path, with Cognito unless public', () => {
    const paths = new Map<string, string>();
    const methods = Object.entries(apiResources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod !== 'ANY');
    for (const [id, m] of methods) paths.set(`${m.Properties.HttpMethod as string} ${s.apiPath(id)}`, m.Properties.AuthorizationType as string);
    const expected = new Map(Object.values(routes).map((r) => [`${r.method} ${r.path}`, r.roles === 'public' ? 'NONE' : 'COGNITO_USER_POOLS']));
    expect(new Map([...paths].sort())).toEqual(new Map([...expected].sort()));
  });

  it('every state machine is Standard, logs ALL with tracing, and substitutes each of its task placeholders', () => {
    const machines = appT.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(machines)).toHaveLength(STATE_MACHINES.length);
    const substituted = new Set(
      Object.values(machines).flatMap((m) => Object.keys((m.Properties as { DefinitionSubstitutions: object }).DefinitionSubstitutions)),
    );
    expect([...substituted].sort()).toEqual(Object.keys(tasks).sort());
    for (const m of Object.values(machines)) {
      expect(m.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
        TracingConfiguration: { Enabled: true },
      });
    }
  });

  it('every schedule of the schedule table is an EventBridge Scheduler schedule in Asia/Shanghai with a DLQ', () => {
    const found = Object.values(appT.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties as Record<string, unknown>);
    expect(found).toHaveLength(Object.keys(schedules).length);
    for (const s of Object.values(schedules)) {
      expect(found).toContainEqual(
        expect.objectContaining({
          ScheduleExpression: toEventBridgeCron(s.cron),
          ScheduleExpressionTimezone: 'Asia/Shanghai',
          Target: expect.objectContaining({ Input: JSON.stringify(s.input), DeadLetterConfig: expect.anything() }),
        }),
      );
    }
  });

  it('the table has PITR, deletion protection, KMS encryption, a stream, TTL and is retained', () => {
    expect(() =>
      dataT.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: {
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
          Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
        },
      }),
    ).not.toThrow();
  });

  it('the listing indexes hold keys only (a listing reads its page from the table); the audit index its hash; the due index keys', () => {
    const [table] = Object.values(dataT.findResources('AWS::DynamoDB::GlobalTable')) as { Properties: { GlobalSecondaryIndexes: Record<string, unknown>[] } }[];
    expect(Object.fromEntries(table!.Properties.GlobalSecondaryIndexes.map((g) => [g.IndexName, (g as { Projection: unknown }).Projection]))).toEqual({
      gsi1: { ProjectionType: 'KEYS_ONLY' },
      gsi2: { ProjectionType: 'KEYS_ONLY' },
      audit: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['hash'] },
      due: { ProjectionType: 'KEYS_ONLY' },
    });
  });

  it('buckets block public access, require TLS, are versioned and encrypted; the audit bucket is write-once', () => {
    const buckets = Object.values(dataT.findResources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(3);
    for (const b of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.DeletionPolicy).toBe('Retain');
    }
    expect(buckets.filter((b) => JSON.stringify(b.Properties.BucketEncryption).includes('aws:kms'))).toHaveLength(2);
    expect(
      buckets.filter(
        (b) =>
          (b.Properties.ObjectLockConfiguration as { Rule?: { DefaultRetention?: { Mode?: string } } } | undefined)?.Rule?.DefaultRetention?.Mode ===
          'COMPLIANCE',
      ),
    ).toHaveLength(1);
    for (const p of Object.values(dataT.findResources('AWS::S3::BucketPolicy'))) {
      expect(JSON.stringify(p.Properties)).toContain('aws:SecureTransport');
    }
    dataT.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  });

  it("L2: the documents bucket refuses, whoever signs it, a PUT under the vault's prefix that could replace an object (no If-None-Match)", () => {
    const documents = Object.entries(dataT.findResources('AWS::S3::Bucket')).find(([, b]) =>
      String(JSON.stringify(b.Properties.BucketName)).includes('-documents-'),
    )!;
    const [policy] = Object.values(dataT.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: documents[0] } } }));
    const statements = (policy!.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements.filter((st) => st.Sid === 'VaultDocumentsAreWrittenOnce')).toEqual([
      {
        Sid: 'VaultDocumentsAreWrittenOnce',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [documents[0], 'Arn'] }, '/documents/*']] },
        Condition: { Null: { 's3:if-none-match': 'true' } },
      },
    ]);
  });

  it('no IAM statement allows every action, and Resource * appears only for X-Ray, log delivery and SMS to phone numbers (topics denied)', () => {
    type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
    // CDK's own upload function of the public site (BucketDeployment) is CDK's as it is (infra/public-site.ts).
    const policies = Object.entries(appResources)
      .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && !id.startsWith('CustomCDKBucketDeployment'))
      .map(([, r]) => r);
    const statements = policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action));
    expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    const onEverything = statements.filter((s) => s.Effect === 'Allow' && s.Resource === '*').flatMap((s) => ([] as string[]).concat(s.Action));
    expect(onEverything.length).toBeGreaterThan(0);
    expect(onEverything.filter((a) => !a.startsWith('xray:') && !a.startsWith('logs:'))).toEqual(['sns:Publish']);
    // SNS authorizes SMS to a phone number on "*" only: the same policy denies publishing to any topic.
    const sms = policies.find((p) => JSON.stringify(p.Properties.PolicyDocument).includes('sns:Publish'))!;
    const smsStatements = (sms.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter((st) =>
      ([] as string[]).concat(st.Action).includes('sns:Publish'),
    );
    expect(smsStatements.map((st) => [st.Effect, st.Resource])).toEqual([
      ['Allow', '*'],
      ['Deny', { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:', { Ref: 'AWS::AccountId' }, ':*']] }],
    ]);
  });

  it('every function runs the newest Node.js runtime with tracing, and both stacks keep far below 500 resources', () => {
    const fns = Object.entries(appT.findResources('AWS::Lambda::Function'))
      // CDK's own: the site upload and the reader of the edge stack's ACL ARN (cross-region references).
      .filter(([id]) => !id.startsWith('CustomCDKBucketDeployment') && !id.startsWith('CustomCrossRegionExportReader'))
      .map(([, f]) => f);
    expect(fns.length).toBeGreaterThan(0);
    for (const f of fns) expect(f.Properties).toMatchObject({ Runtime: 'nodejs24.x', TracingConfig: { Mode: 'Active' } });
    // No source-map support at start-up (it costs cold-start time; the bundles carry no maps).
    expect(JSON.stringify(fns)).not.toContain('--enable-source-maps');
    // One API function and one task function per context keep the app stack flat as contexts grow;
    // routes cost an API Gateway resource, a method and an ANY mock each, in the route stacks of the REST API
    // (infra/api-stack.ts ROUTE_GROUPS; docs/operations.md: a group past 300 is split in two).
    expect(Object.keys(appResources).length).toBeLessThan(300);
    expect(Object.keys(s.apiStackResources).length).toBeLessThan(300);
    expect(s.routeStackResources.length).toBeGreaterThanOrEqual(3);
    for (const r of s.routeStackResources) expect(Object.keys(r).length).toBeLessThan(300);
  });

  it('public reads the route table marks cacheable are cached by the stage, keyed by their parameters, encrypted; nothing else is', () => {
    const cached = Object.values(routes as Record<string, { method: string; path: string; roles: unknown; cacheSeconds?: number }>).filter(
      (r) => r.cacheSeconds,
    );
    expect(cached.length).toBeGreaterThan(8);
    // Only public GETs, and never a licence's public display or a verification: each of those is logged (E5).
    for (const r of cached) expect([r.path, r.method, r.roles]).toEqual([r.path, 'GET', 'public']);
    expect(cached.map((r) => r.path)).not.toContain('/v1/public/licenses/{licenseNo}');
    const stage = Object.values(apiResources).find((r) => r.Type === 'AWS::ApiGateway::Stage')!;
    expect(stage.Properties).toMatchObject({ CacheClusterEnabled: true, CacheClusterSize: '0.5' });
    const settings = stage.Properties.MethodSettings as {
      ResourcePath: string;
      HttpMethod: string;
      CachingEnabled: boolean;
      CacheTtlInSeconds?: number;
      CacheDataEncrypted?: boolean;
    }[];
    expect(settings).toContainEqual(expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', CachingEnabled: false }));
    const on = settings.filter((m) => m.CachingEnabled);
    expect(on).toHaveLength(cached.length);
    expect(on).toContainEqual(
      expect.objectContaining({ ResourcePath: '/~1v1~1public~1hotline-statistics', HttpMethod: 'GET', CacheTtlInSeconds: 300, CacheDataEncrypted: true }),
    );
    expect(Math.max(...on.map((m) => m.CacheTtlInSeconds!))).toBe(3600);
    const stats = Object.values(apiResources).find(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod === 'GET' && JSON.stringify(r.Properties).includes('querystring.month'),
    )!;
    expect(stats.Properties.RequestParameters).toEqual({ 'method.request.querystring.month': false });
    expect((stats.Properties.Integration as { CacheKeyParameters: string[] }).CacheKeyParameters).toEqual(['method.request.querystring.month']);
  });

  it('the API compresses answers of 1 KiB and more', () => {
    expect(
      Object.values(apiResources)
        .filter((r) => r.Type === 'AWS::ApiGateway::RestApi')
        .map((r) => r.Properties.MinimumCompressionSize),
    ).toEqual([1024]);
  });

  it('the stream function reports partial batch failures and sends exhausted records to a DLQ', () => {
    expect(() =>
      appT.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: Match.anyValue() },
      }),
    ).not.toThrow();
  });
});
