import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { CLAIM } from '../../functions/platform/auth';

/** An API Gateway REST proxy event as the Cognito-authorized cloud API would send it. */
export function apiEvent(
  method: string,
  resource: string,
  o: {
    path?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    claims?: Record<string, string>;
  } = {},
): APIGatewayProxyEvent {
  const body = o.rawBody ?? (o.body === undefined ? null : JSON.stringify(o.body));
  return {
    resource,
    path: resource,
    httpMethod: method,
    headers: { ...(body !== null ? { 'Content-Type': 'application/json' } : {}), ...o.headers },
    multiValueHeaders: {},
    queryStringParameters: o.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: o.path ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      identity: { sourceIp: '198.51.100.1' },
      authorizer: o.claims ? { claims: o.claims } : null,
    } as APIGatewayProxyEvent['requestContext'],
  };
}

export const claimsFor = (role: string, scope: { enterpriseId?: string; agencyId?: string; companyId?: string } = {}, sub = `${role}-user`) => ({
  sub,
  [CLAIM.role]: role,
  ...(scope.enterpriseId ? { [CLAIM.enterpriseId]: scope.enterpriseId } : {}),
  ...(scope.agencyId ? { [CLAIM.agencyId]: scope.agencyId } : {}),
  ...(scope.companyId ? { [CLAIM.companyId]: scope.companyId } : {}),
});

export const lambdaContext = { awsRequestId: 'aws-req-1' } as Context;

export type Handler = (e: APIGatewayProxyEvent, c: Context) => Promise<APIGatewayProxyResult>;
export const call = async (h: Handler, e: APIGatewayProxyEvent) => {
  const r = await h(e, lambdaContext);
  return { ...r, json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : undefined };
};
