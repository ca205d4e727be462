import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { requiredEnv } from './env';
import { logger } from './log';
import { coldStart } from './metrics';
import { type OidcVerifier, oidcVerifier, TokenRejected } from './oidc';

/**
 * The API Gateway token authorizer of the mainland profile (ADR 0003): verifies the bearer token of
 * the configured OIDC issuer (OIDC_CONFIG, from cdk.json `powerpermit:oidc`) and hands our claims
 * to the integration as the authorizer's context — the functions read them where the Cognito
 * authorizer puts its claims (functions/platform/http/api.ts). A refused token is API Gateway's
 * 401 (the thrown `Unauthorized`); an issuer that cannot be reached is its 500 AUTHORIZER_FAILURE.
 */
let verifier: OidcVerifier | undefined;

export async function handler(event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  coldStart('authorizer');
  verifier ??= oidcVerifier(JSON.parse(requiredEnv('OIDC_CONFIG')) as never);
  const token = /^Bearer (\S+)$/i.exec(event.authorizationToken ?? '')?.[1];
  if (!token) throw new Error('Unauthorized');
  let claims: Record<string, string>;
  try {
    claims = await verifier.verify(token);
  } catch (e) {
    if (!(e instanceof TokenRejected)) throw e;
    logger.info('token refused', { reason: e.message });
    throw new Error('Unauthorized');
  }
  return {
    principalId: claims.sub ?? 'unknown',
    // Results are cached per token for every route: the policy covers the whole stage, the routes check roles.
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageArnOf(event.methodArn) }] },
    context: claims,
  };
}

/** `arn:aws-cn:execute-api:cn-north-1:123:api/prod/GET/v1/x` → `arn:aws-cn:execute-api:cn-north-1:123:api/prod/*`. */
export function stageArnOf(methodArn: string): string {
  const parts = methodArn.split(':');
  const [api, stage] = (parts[5] ?? '').split('/');
  return [...parts.slice(0, 5), `${api}/${stage}/*`].join(':');
}
