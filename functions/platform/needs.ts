import type { ResourceVariable } from './env';

/**
 * What a function reaches, as the manifest declares it (functions/contexts.ts and the `starts` of
 * the route, task, reaction and schedule rows). From one declaration infra/ derives a Lambda's
 * environment and IAM grants, and the local runtime the resource scope of each invocation
 * (platform/env.ts), so the two cannot drift.
 */
export type ObjectAccess = 'read' | 'write';

export interface Needs<StateMachine extends string = string> {
  /** The one table: events, projections and their indexes, idempotency records. */
  table?: 'read' | 'read-write';
  /** Objects of the documents bucket, per key prefix. */
  documents?: Readonly<Record<string, readonly ObjectAccess[]>>;
  /** Objects of the write-once audit bucket (Object Lock), per key prefix. */
  audit?: Readonly<Record<string, readonly ObjectAccess[]>>;
  /** The e-seal key: `sign` with it (and read its public half), or only `verify` with its public half. */
  seal?: 'sign' | 'verify';
  /** The master key of personal data (P4): `seal` makes data keys, `open` unwraps them. */
  personalData?: readonly ('seal' | 'open')[];
  /** The 12398 hotline: its webhook `secrets`, and the `callback` URL of its side for our notifications. */
  hotline?: readonly ('secrets' | 'callback')[];
  /** Messages to people (docs/notifications.md): e-mail and SMS. */
  notify?: readonly ('email' | 'sms')[];
  /** State machines it starts. */
  starts?: readonly StateMachine[];
  /** State machines whose executions it looks up (how an execution ended: the reconciler). */
  describes?: readonly StateMachine[];
}

/** Where the resources are in one runtime: CloudFormation tokens in infra/, emulator names and key files locally. */
export interface ResourceBinding {
  tableName: string;
  documentsBucket: string;
  auditBucket: string;
  /** The e-seal's keys and what they sign with (ES256 in the global profile, SM2 in the mainland one). */
  seal: ({ kmsKeyArns: readonly string[] } | { localKeyDir: string }) & { algorithm?: 'ES256' | 'SM2' };
  /** The master key of personal data, and what new envelopes are sealed with (AES-256-GCM; SM4-GCM in the mainland profile). */
  personalData: ({ kmsKeyArn: string } | { localKeyFile: string }) & { algorithm?: 'A256GCM' | 'SM4-GCM' };
  hotlineSecrets: { secretArn: string } | { inline: string };
  hotlineCallbackUrl: string;
  /**
   * SES's sender (its verified identity) and SNS for SMS (the global profile); or a messaging gateway and its webhook
   * secrets (the mainland profile, and locally the local server's outbox).
   */
  notify: { emailFrom: string; region: string } | { gatewayUrl: string; gatewaySecrets: { secretArn: string } | { inline: string } };
  stateMachineArn: (name: string) => string;
}

const union = <T>(a: readonly T[] = [], b: readonly T[] = []): T[] => [...new Set([...a, ...b])];

function mergePrefixes(a: Needs['documents'], b: Needs['documents']): Needs['documents'] {
  if (!a && !b) return undefined;
  const out: Record<string, readonly ObjectAccess[]> = { ...a };
  for (const [prefix, access] of Object.entries(b ?? {})) out[prefix] = union(out[prefix], access);
  return out;
}

/** The needs of a function that serves several rows: the widest of each. */
export function mergeNeeds<S extends string>(...all: readonly Needs<S>[]): Needs<S> {
  return all.reduce<Needs<S>>(
    (acc, n) => ({
      ...(acc.table === 'read-write' || n.table === 'read-write' ? { table: 'read-write' } : acc.table || n.table ? { table: 'read' } : {}),
      ...(acc.documents || n.documents ? { documents: mergePrefixes(acc.documents, n.documents) } : {}),
      ...(acc.audit || n.audit ? { audit: mergePrefixes(acc.audit, n.audit) } : {}),
      ...(acc.seal === 'sign' || n.seal === 'sign' ? { seal: 'sign' } : acc.seal || n.seal ? { seal: 'verify' } : {}),
      ...(acc.personalData || n.personalData ? { personalData: union(acc.personalData, n.personalData) } : {}),
      ...(acc.hotline || n.hotline ? { hotline: union(acc.hotline, n.hotline) } : {}),
      ...(acc.notify || n.notify ? { notify: union(acc.notify, n.notify) } : {}),
      ...(acc.starts || n.starts ? { starts: union(acc.starts, n.starts).sort() } : {}),
      ...(acc.describes || n.describes ? { describes: union(acc.describes, n.describes).sort() } : {}),
    }),
    {},
  );
}

/** The environment variables a function with these needs gets, and nothing else of the resources. */
export function resourceEnvironment(needs: Needs, b: ResourceBinding): Partial<Record<ResourceVariable, string>> {
  const vars: Partial<Record<ResourceVariable, string>> = {};
  if (needs.table) vars.TABLE_NAME = b.tableName;
  if (needs.documents) vars.DOCUMENTS_BUCKET = b.documentsBucket;
  if (needs.audit) vars.AUDIT_BUCKET = b.auditBucket;
  if (needs.seal) {
    if ('kmsKeyArns' in b.seal) vars.SEAL_KMS_KEY_ARNS = JSON.stringify(b.seal.kmsKeyArns);
    else vars.SEAL_LOCAL_KEY_DIR = b.seal.localKeyDir;
    vars.SEAL_ALGORITHM = b.seal.algorithm ?? 'ES256';
  }
  if (needs.personalData?.length) {
    if ('kmsKeyArn' in b.personalData) vars.PII_KMS_KEY_ARN = b.personalData.kmsKeyArn;
    else vars.PII_LOCAL_KEY_FILE = b.personalData.localKeyFile;
    vars.PII_ALGORITHM = b.personalData.algorithm ?? 'A256GCM';
  }
  if (needs.hotline?.includes('secrets')) {
    if ('secretArn' in b.hotlineSecrets) vars.HOTLINE_SECRET_ARN = b.hotlineSecrets.secretArn;
    else vars.HOTLINE_WEBHOOK_SECRETS = b.hotlineSecrets.inline;
  }
  if (needs.hotline?.includes('callback')) vars.HOTLINE_CALLBACK_URL = b.hotlineCallbackUrl;
  if (needs.notify?.length) {
    if ('gatewayUrl' in b.notify) {
      vars.NOTIFY_GATEWAY_URL = b.notify.gatewayUrl;
      if ('secretArn' in b.notify.gatewaySecrets) vars.NOTIFY_GATEWAY_SECRET_ARN = b.notify.gatewaySecrets.secretArn;
      else vars.NOTIFY_GATEWAY_SECRETS = b.notify.gatewaySecrets.inline;
    } else {
      vars.NOTIFY_REGION = b.notify.region;
      if (needs.notify.includes('email')) vars.NOTIFY_EMAIL_FROM = b.notify.emailFrom;
      if (needs.notify.includes('sms')) vars.NOTIFY_SMS = 'sns';
    }
  }
  const machines = union(needs.starts, needs.describes).sort();
  if (machines.length) vars.STATE_MACHINE_ARNS = JSON.stringify(Object.fromEntries(machines.map((n) => [n, b.stateMachineArn(n)])));
  return vars;
}
