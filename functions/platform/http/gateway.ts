import { PROBLEM_BASE } from './problem';

/**
 * The problems the layer in front of the functions answers itself — API Gateway's gateway
 * responses and the WAF in AWS, the local server on one laptop — in one catalogue, so that both
 * runtimes send the same RFC 9457 body with the same code for the same situation.
 */
export interface GatewayProblem {
  status: number;
  code: string;
  title: string;
  detail: string;
  type: string;
}

const problem = (status: number, code: string, title: string, detail: string): GatewayProblem => ({
  status,
  code,
  title,
  detail,
  type: PROBLEM_BASE + code.toLowerCase().replace(/[._]/g, '-'),
});

const UNAUTHENTICATED = problem(401, 'AUTH.UNAUTHENTICATED', 'Unauthorized', 'A valid bearer token is required.');
const NO_SUCH_ROUTE = problem(404, 'REQUEST.NO_SUCH_ROUTE', 'Not Found', 'There is no such route; see /v1/openapi.json.');
const INTERNAL = problem(500, 'INTERNAL', 'Internal Server Error', 'An unexpected error occurred. It has been logged; quote the request id when reporting it.');
const THROTTLED = problem(429, 'REQUEST.THROTTLED', 'Too Many Requests', 'Too many requests; retry after a pause.');
const INVALID = problem(400, 'REQUEST.INVALID', 'Bad Request', 'The request is missing required parameters or is malformed.');

/** Every API Gateway response type (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html). */
export const GATEWAY_PROBLEMS = {
  UNAUTHORIZED: UNAUTHENTICATED,
  EXPIRED_TOKEN: UNAUTHENTICATED,
  INVALID_SIGNATURE: UNAUTHENTICATED,
  MISSING_AUTHENTICATION_TOKEN: NO_SUCH_ROUTE, // what API Gateway answers for a path it has no resource for
  RESOURCE_NOT_FOUND: NO_SUCH_ROUTE,
  ACCESS_DENIED: problem(403, 'AUTH.ACCESS_DENIED', 'Forbidden', 'The token does not allow this request.'),
  INVALID_API_KEY: problem(403, 'AUTH.ACCESS_DENIED', 'Forbidden', 'The token does not allow this request.'),
  WAF_FILTERED: problem(
    403,
    'REQUEST.BLOCKED',
    'Forbidden',
    'The request was blocked by the firewall. If it is legitimate, quote the request id to the operator.',
  ),
  BAD_REQUEST_PARAMETERS: INVALID,
  BAD_REQUEST_BODY: INVALID,
  REQUEST_TOO_LARGE: problem(
    413,
    'REQUEST.TOO_LARGE',
    'Content Too Large',
    'The request body is larger than this route accepts (see maxBodyBytes in the API description).',
  ),
  UNSUPPORTED_MEDIA_TYPE: problem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type', 'Send the body as application/json.'),
  THROTTLED,
  QUOTA_EXCEEDED: THROTTLED,
  INTEGRATION_FAILURE: problem(502, 'UNAVAILABLE', 'Bad Gateway', 'The service could not answer; retry shortly.'),
  INTEGRATION_TIMEOUT: problem(
    504,
    'REQUEST.TIMEOUT',
    'Gateway Timeout',
    'The service took too long to answer; retry (with the same Idempotency-Key for a change).',
  ),
  AUTHORIZER_FAILURE: problem(500, 'AUTH.AUTHORIZER_FAILED', 'Internal Server Error', 'The token could not be checked; retry shortly.'),
  AUTHORIZER_CONFIGURATION_ERROR: INTERNAL,
  API_CONFIGURATION_ERROR: INTERNAL,
  // Every type above has its own answer; these catch any type AWS adds later.
  DEFAULT_4XX: problem(400, 'REQUEST.REJECTED', 'Bad Request', 'The request was rejected before it reached the service.'),
  DEFAULT_5XX: INTERNAL,
} as const satisfies Record<string, GatewayProblem>;
export type GatewayResponseType = keyof typeof GATEWAY_PROBLEMS;

export const methodNotAllowed = (allowed: readonly string[]): GatewayProblem =>
  problem(405, 'REQUEST.METHOD_NOT_ALLOWED', 'Method Not Allowed', `This path takes ${allowed.join(', ')}.`);

/** The problem body as sent, with the request id as its instance. */
export const gatewayProblemBody = (p: GatewayProblem, requestId: string): string =>
  JSON.stringify({ type: p.type, title: p.title, status: p.status, detail: p.detail, code: p.code, instance: requestId });

/** CORS for the web origins in the allow-list (cdk.json `powerpermit:corsAllowedOrigins`): what a preflight answers. */
export const CORS = {
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'accept-language'],
  exposeHeaders: ['x-request-id', 'location', 'idempotent-replayed'],
  maxAgeSeconds: 600,
} as const;
