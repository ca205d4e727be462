import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';

/**
 * The 12398 hotline's webhook secrets (P1): several at once during a rotation. In AWS a Secrets
 * Manager secret (HOTLINE_SECRET_ARN) holding `{"secrets": ["whsec_…", …]}`, read at most every
 * five minutes; locally the same JSON in HOTLINE_WEBHOOK_SECRETS (from .local/keys).
 */
const Secrets = z.object({ secrets: z.array(z.string().startsWith('whsec_')).min(1) });
let cached: { at: number; secrets: string[] } | undefined;

export async function hotlineSecrets(): Promise<string[]> {
  if (process.env.HOTLINE_WEBHOOK_SECRETS) return Secrets.parse(JSON.parse(process.env.HOTLINE_WEBHOOK_SECRETS)).secrets;
  if (cached && Date.now() - cached.at < 300_000) return cached.secrets;
  const arn = process.env.HOTLINE_SECRET_ARN;
  if (!arn) throw new Error('no hotline webhook secret configured (HOTLINE_SECRET_ARN or HOTLINE_WEBHOOK_SECRETS)');
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  cached = { at: Date.now(), secrets: Secrets.parse(JSON.parse(out.SecretString ?? '{}')).secrets };
  return cached.secrets;
}
