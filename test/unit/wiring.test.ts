import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { CONTEXTS } from '../../functions/contexts';
import { env, RESOURCE_VARIABLES, withResourceScope } from '../../functions/platform/env';
import type { Needs } from '../../functions/platform/needs';
import { SfnWorkflowStarter } from '../../functions/platform/workflows.sfn';
import { routes } from '../../functions/routes';
import { functionOfRoute, type FunctionRef, needsOf, RENDER_CONTEXTS, TASK_CONTEXTS } from '../../functions/wiring';
import { LocalResourceScope } from '../../local/resource-scope';
import { type Resource, synthesize } from '../support/synth';

/**
 * "What works locally works deployed": every function in the template has exactly the environment
 * variables and IAM statements its manifest needs call for — nothing missing, nothing extra — and
 * the local runtime runs each route's handler with the same variables. The expectations here are
 * written from the meaning of each need, not from the code that wires them.
 */
type Statement = { Action: string | string[]; Resource: unknown };

const s = synthesize();
const R = s.appResources;
const logicalIdOf = (c: IConstruct) => s.appStack.getLogicalId(c.node.defaultChild as CfnElement);
const functions: [FunctionRef, string][] = [
  ...CONTEXTS.map((context): [FunctionRef, string] => [{ kind: 'api', context }, logicalIdOf(s.appStack.apiFunctions[context]!.fn)]),
  ...RENDER_CONTEXTS.map((context): [FunctionRef, string] => [{ kind: 'render', context }, logicalIdOf(s.appStack.renderFunctions[context]!.fn)]),
  ...TASK_CONTEXTS.map((context): [FunctionRef, string] => [{ kind: 'tasks', context }, logicalIdOf(s.appStack.taskFunctions[context]!.fn)]),
  [{ kind: 'stream' }, logicalIdOf(s.appStack.streamFunction.fn)],
];
const label = (f: FunctionRef) => ('context' in f ? `${f.kind}:${f.context}` : f.kind);

const stateMachineIds = Object.fromEntries(
  Object.entries(s.appStack.stateMachines).map(([name, sm]) => [name, s.appStack.getLogicalId(sm.node.defaultChild as CfnElement)]),
);

function statementsOfRole(roleId: string): Statement[] {
  return Object.values(R)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const roleOf = (fn: Resource) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

/** Every (action, resource) pair the statements allow, the resource as its template JSON. */
const grants = (statements: Statement[]) =>
  statements.flatMap((st) =>
    ([] as string[]).concat(st.Action).flatMap((action) => ([] as unknown[]).concat(st.Resource).map((res) => ({ action, resource: JSON.stringify(res) }))),
  );

/** What each need means in AWS terms: the variables and the grants (an action on a resource whose JSON contains a marker). */
function expected(needs: Needs): { vars: string[]; grants: { action: string; on: string }[] } {
  const vars: string[] = [];
  const out: { action: string; on: string }[] = [];
  const onTable = (actions: string[]) =>
    actions.forEach((action) => out.push({ action, on: 'table/powerpermit-prod' }, { action, on: 'table/powerpermit-prod/index/*' }));
  if (needs.table) {
    vars.push('TABLE_NAME');
    onTable(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem']);
    if (needs.table === 'read-write') onTable(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);
  }
  for (const [bucket, prefixes, variable] of [
    ['documents', needs.documents, 'DOCUMENTS_BUCKET'],
    ['audit', needs.audit, 'AUDIT_BUCKET'],
  ] as const) {
    if (!prefixes) continue;
    vars.push(variable);
    for (const [prefix, access] of Object.entries(prefixes)) {
      if (access.includes('read')) out.push({ action: 's3:GetObject', on: `powerpermit-prod-${bucket}-` }, { action: 's3:GetObject', on: `/${prefix}*` });
      if (access.includes('write')) out.push({ action: 's3:PutObject', on: `powerpermit-prod-${bucket}-` }, { action: 's3:PutObject', on: `/${prefix}*` });
    }
  }
  if (needs.seal) {
    vars.push('SEAL_KMS_KEY_ARNS', 'SEAL_ALGORITHM');
    out.push({ action: 'kms:GetPublicKey', on: 'SealKey' });
    if (needs.seal === 'sign') out.push({ action: 'kms:Sign', on: 'SealKey' });
  }
  if (needs.personalData?.length) vars.push('PII_KMS_KEY_ARN', 'PII_ALGORITHM');
  if (needs.personalData?.includes('seal')) out.push({ action: 'kms:GenerateDataKey', on: 'PersonalDataKey' });
  if (needs.personalData?.includes('open')) out.push({ action: 'kms:Decrypt', on: 'PersonalDataKey' });
  if (needs.hotline?.includes('secrets')) {
    vars.push('HOTLINE_SECRET_ARN');
    out.push({ action: 'secretsmanager:GetSecretValue', on: 'HotlineWebhookSecret' });
  }
  if (needs.hotline?.includes('callback')) vars.push('HOTLINE_CALLBACK_URL');
  if (needs.notify?.length) vars.push('NOTIFY_REGION');
  if (needs.notify?.includes('email')) {
    vars.push('NOTIFY_EMAIL_FROM');
    out.push({ action: 'ses:SendEmail', on: ':identity/notify.powerpermit.example.gov.cn' });
  }
  if (needs.notify?.includes('sms')) {
    vars.push('NOTIFY_SMS');
    out.push({ action: 'sns:Publish', on: '*' });
  }
  if (needs.starts?.length || needs.describes?.length) vars.push('STATE_MACHINE_ARNS');
  for (const name of needs.starts ?? []) out.push({ action: 'states:StartExecution', on: `{"Ref":"${stateMachineIds[name]}"}` });
  for (const name of needs.describes ?? [])
    out.push({ action: 'states:DescribeExecution', on: `:execution:` }, { action: 'states:DescribeExecution', on: `"${stateMachineIds[name]}","Name"` });
  return { vars: vars.sort(), grants: out };
}

/** Actions every function has whatever it declares: its traces, and the stream function's dead-letter queue. */
const BASELINE = /^(xray:|logs:)|^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$|^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/;

describe('wiring: every function has exactly what its manifest needs call for', () => {
  it.each(functions.map(([f, id]) => [label(f), f, id] as const))('%s: environment and IAM statements equal its declared needs', (_label, f, id) => {
    const fn = R[id]!;
    const needs = needsOf(f);
    const want = expected(needs);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(
      Object.keys(variables)
        .filter((v) => (RESOURCE_VARIABLES as readonly string[]).includes(v))
        .sort(),
    ).toEqual(want.vars);
    const referenced = [...JSON.stringify(variables.STATE_MACHINE_ARNS ?? '').matchAll(/"Ref":"(\w+)"/g)].map((m) => m[1]).sort();
    expect(referenced).toEqual([...new Set([...(needs.starts ?? []), ...(needs.describes ?? [])])].map((n) => stateMachineIds[n]).sort());
    const have = grants(statementsOfRole(roleOf(fn)));
    // Nothing missing: each need's actions on its resource.
    for (const g of want.grants) expect(have.filter((h) => h.action === g.action && h.resource.includes(g.on))).not.toHaveLength(0);
    // Nothing extra: every granted action is one a need calls for (KMS on the data key also follows from the table and the buckets).
    const wantedActions = new Set([
      ...want.grants.map((g) => g.action),
      ...(needs.table || needs.documents || needs.audit || needs.hotline?.includes('secrets') ? ['kms:Decrypt'] : []),
      ...(needs.table === 'read-write' ? ['kms:Encrypt', 'kms:GenerateDataKey'] : []),
      ...(Object.values({ ...needs.documents, ...needs.audit }).some((a) => a.includes('write')) ? ['kms:GenerateDataKey'] : []),
    ]);
    const extra = have.filter((h) => !BASELINE.test(h.action) && !wantedActions.has(h.action) && !(f.kind === 'stream' && /^kms:/.test(h.action)));
    expect(extra).toEqual([]);
    // Started state machines are exactly the declared ones.
    expect(
      have
        .filter((h) => h.action === 'states:StartExecution')
        .map((h) => h.resource)
        .sort(),
    ).toEqual((needs.starts ?? []).map((n) => `{"Ref":"${stateMachineIds[n]}"}`).sort());
  });

  it('P4: one key does not open everything — Decrypt on the personal-data key is held by exactly the roles of the functions whose manifest opens personal data', () => {
    const opens = functions.filter(([f]) => needsOf(f).personalData?.includes('open')).map(([, id]) => roleOf(R[id]!));
    const seals = functions.filter(([f]) => needsOf(f).personalData?.includes('seal')).map(([, id]) => roleOf(R[id]!));
    expect(opens.length).toBeGreaterThan(0);
    expect(opens.length).toBeLessThan(functions.length);
    // Every IAM policy of the app stack, whoever it is for (functions, state machines, the scheduler, CDK's own).
    const onKey = (action: string) =>
      Object.values(R)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((p) =>
          (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.some(
            (st) => ([] as string[]).concat(st.Action).some((a) => a === action || a === 'kms:*') && JSON.stringify(st.Resource).includes('PersonalDataKey'),
          ),
        )
        .flatMap((p) => (p.Properties.Roles as { Ref: string }[]).map((r) => r.Ref))
        .sort();
    expect(onKey('kms:Decrypt')).toEqual([...new Set(opens)].sort());
    expect(onKey('kms:GenerateDataKey')).toEqual([...new Set(seals)].sort());
    // It is not the data key: the table, the buckets and the secrets are under the other one.
    const stateful = s.dataT.toJSON().Resources as Record<string, Resource>;
    const keys = Object.entries(stateful).filter(([, r]) => r.Type === 'AWS::KMS::Key');
    expect(keys.map(([id]) => id).filter((id) => /^(DataKey|PersonalDataKey)/.test(id))).toHaveLength(2);
    expect(JSON.stringify(Object.values(stateful).filter((r) => r.Type !== 'AWS::KMS::Key'))).not.toContain('PersonalDataKey');
  });

  it('the scheduler role starts exactly the state machines of the schedule table', () => {
    const have = grants(statementsOfRole(s.appStack.getLogicalId(s.appStack.schedulerRole.node.defaultChild as CfnElement)));
    expect(
      have
        .filter((h) => h.action === 'states:StartExecution')
        .map((h) => h.resource)
        .sort(),
    ).toEqual(
      needsOf({ kind: 'scheduler' })
        .starts!.map((n) => `{"Ref":"${stateMachineIds[n]}"}`)
        .sort(),
    );
  });

  it('every route is integrated with the function that serves it, in AWS and locally, with the same resource variables', () => {
    const integrated = new Map<string, string>();
    for (const [id, m] of Object.entries(s.apiResources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method')) {
      const fn = s.apiFunctionOf(id);
      if (fn) integrated.set(`${m.Properties.HttpMethod as string} ${s.apiPath(id)}`, fn);
    }
    const localScope = new LocalResourceScope();
    localScope.bind({
      tableName: 't',
      documentsBucket: 'd',
      auditBucket: 'a',
      seal: { localKeyDir: '/k' },
      personalData: { localKeyFile: '/p' },
      hotlineSecrets: { inline: '{}' },
      hotlineCallbackUrl: 'http://h',
      notify: { gatewayUrl: 'http://o', gatewaySecrets: { inline: '{}' } },
      stateMachineArn: (n) => `arn:local:${n}`,
    });
    const localVariables = (f: FunctionRef) => localScope.run(f, () => RESOURCE_VARIABLES.filter((v) => env(v) !== undefined));
    const awsName = (v: string) =>
      ({ SEAL_LOCAL_KEY_DIR: 'SEAL_KMS_KEY_ARNS', PII_LOCAL_KEY_FILE: 'PII_KMS_KEY_ARN', HOTLINE_WEBHOOK_SECRETS: 'HOTLINE_SECRET_ARN' })[v] ?? v;
    for (const [id, r] of Object.entries(routes)) {
      const f = functionOfRoute(id as keyof typeof routes);
      const fnId = functions.find(([g]) => label(g) === label(f))![1];
      expect([id, integrated.get(`${r.method} ${r.path}`)]).toEqual([id, fnId]);
      const aws = Object.keys((R[fnId]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables)
        .filter((v) => (RESOURCE_VARIABLES as readonly string[]).includes(v))
        .sort();
      expect([id, localVariables(f).map(awsName).sort()]).toEqual([id, aws]);
    }
  });

  it('locally, a function whose row does not declare a state machine cannot start it', async () => {
    const starter = new SfnWorkflowStarter(undefined as never);
    await expect(withResourceScope({}, () => starter.start('supervision-sampling', 'x', {}))).rejects.toThrow(
      /STATE_MACHINE_ARNS is not set for this function/,
    );
    await expect(withResourceScope({ STATE_MACHINE_ARNS: '{"hotline-notify":"arn"}' }, () => starter.start('supervision-sampling', 'x', {}))).rejects.toThrow(
      /may not start supervision-sampling/,
    );
    // Outside any function's scope (tests, scripts) the process environment is read.
    expect(withResourceScope({}, () => env('TABLE_NAME'))).toBeUndefined();
    expect(withResourceScope({}, () => env('PATH'))).toBe(process.env.PATH);
  });
});
