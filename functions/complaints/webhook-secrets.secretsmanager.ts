import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { env } from '../platform/env';
import { traced } from '../platform/tracing';

/**
 * The 12398 hotline's webhook secrets (P1): several at once during a rotation. In AWS a Secrets
 * Manager secret (HOTLINE_SECRET_ARN) holding `{"secrets": ["whsec_…", …]}`, read at most every
 * five minutes; locally the same JSON in HOTLINE_WEBHOOK_SECRETS (from .local/keys).
 */
const Secrets = z.object({ secrets: z.array(z.string().startsWith('whsec_')).min(1) });
let cached: { at: number; secrets: string[] } | undefined;
let secretsManager: SecretsManagerClient | undefined;

export async function hotlineSecrets(): Promise<string[]> {
  const inline = env('HOTLINE_WEBHOOK_SECRETS');
  if (inline) return Secrets.parse(JSON.parse(inline)).secrets;
  if (cached && Date.now() - cached.at < 300_000) return cached.secrets;
  const arn = env('HOTLINE_SECRET_ARN');
  if (!arn)
    throw new Error(
      'no hotline webhook secret for this function (declare hotline `secrets` in its manifest row: HOTLINE_SECRET_ARN or HOTLINE_WEBHOOK_SECRETS)',
    );
  const out = await (secretsManager ??= traced(new SecretsManagerClient({}))).send(new GetSecretValueCommand({ SecretId: arn }));
  cached = { at: Date.now(), secrets: Secrets.parse(JSON.parse(out.SecretString ?? '{}')).secrets };
  return cached.secrets;
}
