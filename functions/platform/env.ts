import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The one reader of the process environment for handler code. Variables that name a resource
 * (the table, a bucket, a key, a secret, the state machines) are what the manifest declares per
 * function (functions/wiring.ts): infra/ sets exactly those on each Lambda, and the local runtime —
 * where every handler shares one process — runs each invocation inside a scope holding exactly
 * that function's variables. A handler reaching for a resource its row does not declare then fails
 * locally as it would in AWS. Outside a scope (tests, scripts) the process environment is read.
 */
export const RESOURCE_VARIABLES = [
  'TABLE_NAME',
  'DOCUMENTS_BUCKET',
  'AUDIT_BUCKET',
  'SEAL_KMS_KEY_ARNS',
  'SEAL_LOCAL_KEY_DIR',
  'SEAL_ALGORITHM',
  'PII_ALGORITHM',
  'PII_KMS_KEY_ARN',
  'PII_LOCAL_KEY_FILE',
  'HOTLINE_SECRET_ARN',
  'HOTLINE_WEBHOOK_SECRETS',
  'HOTLINE_CALLBACK_URL',
  'NOTIFY_REGION',
  'NOTIFY_EMAIL_FROM',
  'NOTIFY_SMS',
  'NOTIFY_GATEWAY_URL',
  'NOTIFY_GATEWAY_SECRET_ARN',
  'NOTIFY_GATEWAY_SECRETS',
  'STATE_MACHINE_ARNS',
] as const;
export type ResourceVariable = (typeof RESOURCE_VARIABLES)[number];
const RESOURCE = new Set<string>(RESOURCE_VARIABLES);

const scope = new AsyncLocalStorage<Readonly<Partial<Record<ResourceVariable, string>>>>();

export function env(name: string): string | undefined {
  const vars = scope.getStore();
  if (vars && RESOURCE.has(name)) return vars[name as ResourceVariable];
  return process.env[name];
}

export function requiredEnv(name: string): string {
  const value = env(name);
  if (!value) {
    const where = scope.getStore() ? ' for this function (declare the resource in its manifest row: functions/wiring.ts)' : '';
    throw new Error(`environment variable ${name} is not set${where}`);
  }
  return value;
}

/** Runs `fn` as a function whose resource variables are exactly `vars` (the local runtime, per invocation). */
export function withResourceScope<T>(vars: Readonly<Partial<Record<ResourceVariable, string>>>, fn: () => T): T {
  return scope.run(vars, fn);
}
