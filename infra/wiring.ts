import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { Needs, ObjectAccess, ResourceBinding } from '../functions/platform/needs';
import { resourceEnvironment } from '../functions/platform/needs';
import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import { acknowledge, grantObjects, grantTable, type NamedBucket, type NamedTable, nagResource } from './grants';

/**
 * The AWS half of "one declaration, two runtimes": a function's manifest needs (functions/wiring.ts)
 * become its environment variables and its IAM statements, nothing more. The local runtime derives
 * the same variables from the same needs (local/resource-scope.ts).
 */
export interface AwsResources {
  table: NamedTable;
  documents: NamedBucket;
  audit: NamedBucket;
  dataKey: IKey;
  /** The key of personal data's envelopes alone (P4): GenerateDataKey to seal, Decrypt to open, each only where declared. */
  personalDataKey: IKey;
  sealKey: IKey;
  /** Seal keys of earlier rotations (their ARNs): still published, so that what they sealed keeps verifying; never used to sign. */
  previousSealKeyArns: readonly string[];
  /** What the seal key signs with, and what personal data is sealed with (the deployment profile's: platform/profiles.ts). */
  sealAlgorithm: 'ES256' | 'SM2';
  personalDataAlgorithm: 'A256GCM' | 'SM4-GCM';
  hotlineSecret: ISecret;
  hotlineCallbackUrl: string;
  /**
   * How e-mail and SMS reach enterprises (docs/notifications.md): SES (from its verified identity) and SNS SMS in the
   * global profile; a signed messaging gateway in the mainland profile, where neither is offered.
   */
  notify: { emailFrom: string; region: string; emailIdentityArn: string } | { gatewayUrl: string; gatewaySecret: ISecret };
  stateMachines: Readonly<Record<string, StateMachine>>;
}

export function awsBinding(r: AwsResources): ResourceBinding {
  return {
    tableName: r.table.tableName,
    documentsBucket: r.documents.bucketName,
    auditBucket: r.audit.bucketName,
    seal: { kmsKeyArns: [r.sealKey.keyArn, ...r.previousSealKeyArns], algorithm: r.sealAlgorithm },
    personalData: { kmsKeyArn: r.personalDataKey.keyArn, algorithm: r.personalDataAlgorithm },
    hotlineSecrets: { secretArn: r.hotlineSecret.secretArn },
    hotlineCallbackUrl: r.hotlineCallbackUrl,
    notify:
      'gatewayUrl' in r.notify
        ? { gatewayUrl: r.notify.gatewayUrl, gatewaySecrets: { secretArn: r.notify.gatewaySecret.secretArn } }
        : { emailFrom: r.notify.emailFrom, region: r.notify.region },
    stateMachineArn: (name) => {
      const sm = r.stateMachines[name];
      if (!sm) throw new Error(`no state machine ${name}`);
      return sm.stateMachineArn;
    },
  };
}

/** What `read` and `write` of an object prefix grant. */
const OBJECT_ACTIONS: Record<ObjectAccess, 's3:GetObject' | 's3:PutObject'> = { read: 's3:GetObject', write: 's3:PutObject' };

export interface Wireable {
  /** The function's role (and its construct, where cdk-nag acknowledgements go). */
  grantee: IGrantable & Construct;
  /** Sets one environment variable (absent for roles that are not functions, e.g. the scheduler's). */
  addEnvironment?: (name: string, value: string) => void;
}

/** Gives a function (or a service role) exactly what its needs declare: environment and grants. */
export function wire(target: Wireable, needs: Needs, r: AwsResources): void {
  if (target.addEnvironment) for (const [name, value] of Object.entries(resourceEnvironment(needs, awsBinding(r)))) target.addEnvironment(name, value);
  const { grantee } = target;
  const allow = (actions: string[], resources: string[]) => grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
  if (needs.table) grantTable(grantee, grantee, r.table, needs.table);
  for (const [bucket, prefixes] of [
    [r.documents, needs.documents],
    [r.audit, needs.audit],
  ] as const) {
    for (const [prefix, access] of Object.entries(prefixes ?? {}))
      grantObjects(
        grantee,
        grantee,
        bucket,
        prefix,
        access.map((a) => OBJECT_ACTIONS[a]),
      );
  }
  if (needs.seal) {
    allow(['kms:GetPublicKey'], [r.sealKey.keyArn, ...r.previousSealKeyArns]);
    if (needs.seal === 'sign') allow(['kms:Sign'], [r.sealKey.keyArn]);
  }
  const pii = [...(needs.personalData?.includes('seal') ? ['kms:GenerateDataKey'] : []), ...(needs.personalData?.includes('open') ? ['kms:Decrypt'] : [])];
  if (pii.length) allow(pii, [r.personalDataKey.keyArn]);
  if (needs.hotline?.includes('secrets')) {
    // Not secret.grantRead: that edits the data key's policy in the stateful stack (a cross-stack cycle).
    allow(['secretsmanager:GetSecretValue'], [r.hotlineSecret.secretArn]);
    allow(['kms:Decrypt'], [r.dataKey.keyArn]);
  }
  if (needs.notify?.length && 'gatewayUrl' in r.notify) {
    allow(['secretsmanager:GetSecretValue'], [r.notify.gatewaySecret.secretArn]);
    allow(['kms:Decrypt'], [r.dataKey.keyArn]);
  } else if (needs.notify?.length) notifyByAws(grantee, needs, r.notify as { emailIdentityArn: string });
  const starts = (needs.starts ?? []).map((name) => {
    const sm = r.stateMachines[name];
    if (!sm) throw new Error(`no state machine ${name}`);
    return sm.stateMachineArn;
  });
  if (starts.length) allow(['states:StartExecution'], starts);
  for (const name of needs.describes ?? []) {
    const sm = r.stateMachines[name];
    if (!sm) throw new Error(`no state machine ${name}`);
    const executions = Arn.format(
      { service: 'states', resource: 'execution', resourceName: `${sm.stateMachineName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
      Stack.of(grantee),
    );
    allow(['states:DescribeExecution'], [executions]);
    acknowledge(
      grantee,
      `AwsSolutions-IAM5[Resource::${nagResource(grantee, executions)}]`,
      `Executions of ${name} are named by the events that call for them; DescribeExecution is granted on that one state machine's executions, to learn how one ended.`,
    );
  }
}

/** SES e-mail from the domain's identity and SNS SMS (the global profile's channels). */
function notifyByAws(grantee: IGrantable & Construct, needs: Needs, notify: { emailIdentityArn: string }): void {
  const allow = (actions: string[], resources: string[]) => grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
  if (needs.notify?.includes('email')) allow(['ses:SendEmail'], [notify.emailIdentityArn]);
  if (needs.notify?.includes('sms')) {
    // An SMS to a phone number has no resource to name: SNS authorizes direct publishing on "*" only, so every topic is denied.
    allow(['sns:Publish'], ['*']);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [Stack.of(grantee).formatArn({ service: 'sns', region: '*', resource: '*' })],
      }),
    );
    acknowledge(
      grantee,
      'AwsSolutions-IAM5[Resource::*]',
      'SNS direct SMS publishing (to a phone number, not a topic) can only be granted on "*"; sns:Publish alone, and publishing to any topic is denied.',
    );
  }
}
