import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { env } from './env';
import { traced } from './tracing';

/**
 * Signed webhooks (Standard Webhooks) both ways: the 12398 hotline's to us and ours to it (P1),
 * and ours to the messaging gateway of the mainland profile (notifier.gateway.ts; webhooks.ts signs). The secrets are
 * several at once during a rotation: in AWS a Secrets Manager secret holding
 * `{"secrets": ["whsec_…", …]}`, read at most every five minutes; locally the same JSON inline
 * (from .local/keys).
 */
const Secrets = z.object({ secrets: z.array(z.string().startsWith('whsec_')).min(1) });
const cached = new Map<string, { at: number; secrets: string[] }>();
let secretsManager: SecretsManagerClient | undefined;

async function webhookSecrets(inlineVariable: string, arnVariable: string, what: string): Promise<string[]> {
  const inline = env(inlineVariable);
  if (inline) return Secrets.parse(JSON.parse(inline)).secrets;
  const arn = env(arnVariable);
  if (!arn) throw new Error(`no ${what} secret for this function (declare it in its manifest row: ${arnVariable} or ${inlineVariable})`);
  const hit = cached.get(arn);
  if (hit && Date.now() - hit.at < 300_000) return hit.secrets;
  const out = await (secretsManager ??= traced(new SecretsManagerClient({}))).send(new GetSecretValueCommand({ SecretId: arn }));
  const secrets = Secrets.parse(JSON.parse(out.SecretString ?? '{}')).secrets;
  cached.set(arn, { at: Date.now(), secrets });
  return secrets;
}

/** The 12398 hotline's webhook secrets (HOTLINE_SECRET_ARN, or HOTLINE_WEBHOOK_SECRETS locally). */
export const hotlineSecrets = (): Promise<string[]> => webhookSecrets('HOTLINE_WEBHOOK_SECRETS', 'HOTLINE_SECRET_ARN', 'hotline webhook');

/** The messaging gateway's webhook secrets (NOTIFY_GATEWAY_SECRET_ARN, or NOTIFY_GATEWAY_SECRETS locally). */
export const gatewaySecrets = (): Promise<string[]> => webhookSecrets('NOTIFY_GATEWAY_SECRETS', 'NOTIFY_GATEWAY_SECRET_ARN', 'messaging gateway');
