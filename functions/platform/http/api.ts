import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type Principal, principalFromClaims, requireRole } from '../auth';
import { type Clock, clock as platformClock } from '../clock';
import { platformConfig } from '../config';
import { DomainError } from '../errors';
import { canonicalJson, sha256Hex } from '../hash';
import { piiKeys } from '../deps';
import { type KeyWrapper, open, seal } from '../envelope';
import { IdempotencyKey, type IdempotencyStore } from '../idempotency';
import { type Logger, logger as rootLogger, withLogContext } from '../log';
import { GATEWAY_PROBLEMS, gatewayProblemBody, methodNotAllowed } from './gateway';
import { withStandardHeaders } from './headers';
import { coldStart } from '../metrics';
import { annotate } from '../tracing';
import { type Language, languageOf, problemOf, problemResponse, validationError } from './problem';
import type { ContextName } from '../../contexts';
import { type ApiReply, type ApiRequest, type Operation, type RouteSpec, routeKey } from './route';

/** What the middlewares learn about a request, carried on the event for the ones after them. */
interface ApiState {
  log: Logger;
  requestId: string;
  now: Date;
  route?: RouteSpec;
  operationId?: string;
  principal?: Principal;
  input?: { params: unknown; query: unknown; body: unknown };
  idempotency?: { scope: string; key: string };
  /** The language problems are answered in (Accept-Language; Chinese by default). */
  language: Language;
  /** The code of the problem answered, for the access line. */
  problemCode?: string;
}
export type ApiEvent = APIGatewayProxyEvent & { pp?: ApiState };
type Middleware = MiddlewareObj<ApiEvent, APIGatewayProxyResult>;

const stateOf = (event: ApiEvent): ApiState => {
  if (!event.pp) throw new Error('request state missing: requestContext middleware must run first');
  return event.pp;
};

const lowerCaseHeaders = (headers: Record<string, string | undefined> | null): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), v]])));

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

const requestIdOf = (event: ApiEvent, context: Context): string => event.requestContext?.requestId ?? context.awsRequestId;

/** Request id and clock reading for the middlewares after it. */
export const requestContext = (clock: Clock): Middleware => ({
  before: (request) => {
    const event = request.event;
    event.headers = lowerCaseHeaders(event.headers);
    event.pp = { requestId: requestIdOf(event, request.context), now: clock.now(), log: rootLogger, language: languageOf(event.headers['accept-language']) };
  },
});

/** Domain errors → RFC 9457 problem+json; anything else → a logged 500 with no internals. */
export const problemDetails = (): Middleware => ({
  onError: (request) => {
    request.response = toProblem(request.error, request.event.pp);
  },
});

function toProblem(error: unknown, s: ApiState | undefined): APIGatewayProxyResult {
  const language = s?.language ?? 'zh';
  const problem = problemOf(error, s?.requestId, language);
  if (problem.status >= 500) rootLogger.error('unhandled error', { error });
  if (s) s.problemCode = problem.code;
  return problemResponse(problem, {}, language);
}

/** The route's declared maximum body size (its row's maxBodyBytes, else the default): the same limit the WAF enforces in front. */
export const bodyLimit = (defaultMaxBytes: number): Middleware => ({
  before: ({ event }) => {
    const maxBytes = stateOf(event).route!.maxBodyBytes ?? defaultMaxBytes;
    const size = event.body ? (event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body)) : 0;
    if (size > maxBytes)
      throw new DomainError('REQUEST.TOO_LARGE', `The request body is ${size} bytes; this route accepts at most ${maxBytes}.`, {
        maxBodyBytes: maxBytes,
      });
  },
});

/** Finds the route row for API Gateway's `resource` + method; 404/405 like API Gateway would. */
export const routeMatch = (table: Record<string, RouteSpec>): Middleware => {
  const byKey = new Map(Object.entries(table).map(([id, r]) => [routeKey(r), [id, r] as const]));
  return {
    before: ({ event }) => {
      const found = byKey.get(`${event.httpMethod} ${event.resource}`);
      const s = stateOf(event);
      if (!found) {
        // What the gateway answers in front (infra/api-stack.ts), should a request reach the function anyway.
        const allowed = [...byKey.values()].filter(([, r]) => r.path === event.resource).map(([, r]) => r.method);
        const p = allowed.length ? methodNotAllowed(allowed) : GATEWAY_PROBLEMS.MISSING_AUTHENTICATION_TOKEN;
        s.problemCode = p.code;
        return {
          statusCode: p.status,
          headers: { 'content-type': 'application/problem+json', ...(allowed.length ? { allow: allowed.join(', ') } : {}) },
          body: gatewayProblemBody(p, s.requestId),
        };
      }
      [s.operationId, s.route] = found;
    },
  };
};

/** The principal from the claims the authorizer verified, then the route's role check. */
export const authenticate = (): Middleware => ({
  before: ({ event }) => {
    const s = stateOf(event);
    // The Cognito authorizer puts the token's claims under `claims`; the token authorizer of the mainland profile is its context itself.
    const authorizer = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
    const claims = (authorizer?.claims ?? authorizer ?? undefined) as Record<string, unknown> | undefined;
    const roles = s.route!.roles;
    if (roles !== 'public' || claims) s.principal = principalFromClaims(claims);
    requireRole(s.principal, roles);
  },
});

/** JSON body parse and zod validation of path, query and body at the edge. */
export const validateInput = (): Middleware => ({
  before: ({ event }) => {
    const s = stateOf(event);
    const r = s.route!;
    let body: unknown = undefined;
    if (r.body) {
      const contentType = event.headers['content-type'] ?? '';
      if (!/^application\/(.+\+)?json\b/.test(contentType)) {
        throw new DomainError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
      }
      const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      try {
        body = JSON.parse(raw ?? '');
      } catch {
        throw new DomainError('REQUEST.MALFORMED_JSON', 'The body is not valid JSON.');
      }
    }
    const part = (schema: RouteSpec['params'] | RouteSpec['body'], value: unknown, root: string) => {
      if (!schema) return undefined;
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw validationError(parsed.error, root);
      return parsed.data;
    };
    s.input = {
      params: part(r.params, event.pathParameters ?? {}, '$.path'),
      query: part(r.query, event.queryStringParameters ?? {}, '$.query'),
      body: part(r.body, body, '$.body'),
    };
  },
});

/** `Idempotency-Key` on routes that honour it: replay, reject reuse, or claim and record the reply. */
const replyContext = (scope: string, key: string) => ({ idempotency: `${scope}#${key}` });

export const idempotency = (store: () => IdempotencyStore, personalDataKeys: () => KeyWrapper): Middleware => ({
  before: async (request) => {
    const { event } = request;
    const s = stateOf(event);
    const header = event.headers['idempotency-key'];
    if (!s.route!.idempotent || header === undefined) return;
    const key = IdempotencyKey.safeParse(header);
    if (!key.success) throw validationError(key.error, '$.headers.Idempotency-Key');
    const scope = s.principal?.sub ?? 'anonymous';
    const fingerprint = sha256Hex(canonicalJson({ op: s.operationId, input: s.input ?? null }));
    // The claim holds the key while this invocation can still be running, and no longer: a timed-out invocation frees it.
    const claim = await store().claim(scope, key.data, fingerprint, s.now, request.context.getRemainingTimeInMillis?.() ?? API_TIMEOUT_MS);
    if (claim.outcome === 'replay') {
      const { sealedBody, ...stored } = claim.response;
      const body = sealedBody ? await open(personalDataKeys(), sealedBody, replyContext(scope, key.data)) : stored.body;
      return { ...stored, body, headers: { ...stored.headers, 'idempotent-replayed': 'true' } };
    }
    s.idempotency = { scope, key: key.data };
  },
  after: async ({ event, response }) => {
    const i = event.pp?.idempotency;
    if (!i || !response) return;
    if (response.statusCode >= 500) return store().release(i.scope, i.key);
    const headers = (response.headers ?? {}) as Record<string, string>;
    // A reply with personal data is kept sealed, never in clear, for the day it may be replayed (P4).
    const kept = event.pp?.route?.personalData
      ? { statusCode: response.statusCode, headers, body: '', sealedBody: await seal(personalDataKeys(), response.body, replyContext(i.scope, i.key)) }
      : { statusCode: response.statusCode, headers, body: response.body };
    await store().complete(i.scope, i.key, kept);
  },
  onError: async ({ event }) => {
    const i = event.pp?.idempotency;
    if (i) await store().release(i.scope, i.key);
  },
});

/** An API function's timeout (infra/context-function.ts): what a claim of an Idempotency-Key lasts when Lambda does not say. */
export const API_TIMEOUT_MS = 10_000;

export interface ApiDependencies {
  idempotencyStore: () => IdempotencyStore;
  /** The master key replies with personal data are sealed under (default: platform/deps piiKeys). */
  personalDataKeys?: () => KeyWrapper;
  clock?: Clock;
  maxBodyBytes?: number;
}

/** Which of a context's functions: its API function, or its render function (the routes that render a PDF). */
export type ServingFunction = 'api' | 'render';
type Serves<R, F extends ServingFunction> = R extends { renders: true } ? (F extends 'render' ? true : false) : F extends 'api' ? true : false;

/**
 * One API Lambda per bounded context (and one more for the context's routes that render): a
 * middy chain in front of an in-function router over those rows of the route table. `operations`
 * must implement exactly those rows.
 */
export function createApi<T extends Record<string, RouteSpec>, C extends ContextName, F extends ServingFunction = 'api'>(
  context: C,
  table: T,
  operations: { [K in keyof T as T[K]['context'] extends C ? (Serves<T[K], F> extends true ? K : never) : never]: Operation<T[K]> },
  deps: ApiDependencies,
  serves: F = 'api' as F,
) {
  const own = Object.fromEntries(Object.entries(table).filter(([, r]) => r.context === context && Boolean(r.renders) === (serves === 'render'))) as Record<
    string,
    RouteSpec
  >;
  const ops = operations as unknown as Record<string, Operation<RouteSpec>>;
  const missing = Object.keys(own).filter((id) => typeof ops[id] !== 'function');
  if (missing.length) throw new Error(`the ${serves} function of ${context} does not implement routes: ${missing.join(', ')}`);

  const router = async (event: ApiEvent): Promise<APIGatewayProxyResult> => {
    const s = stateOf(event);
    const route = s.route!;
    annotate('operation', s.operationId!);
    const req: ApiRequest<RouteSpec> = {
      params: s.input?.params as never,
      query: s.input?.query as never,
      body: s.input?.body as never,
      principal: s.principal as Principal,
      headers: event.headers as Record<string, string>,
      rawBody: event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? ''),
      requestId: s.requestId,
      clientAddress: route.clientAddress ? clientAddressOf(event) : '',
      log: s.log,
      now: s.now,
    };
    let reply: ApiReply;
    try {
      reply = await ops[s.operationId!]!(req);
    } catch (e) {
      // Errors of the use case become responses here so that idempotency records them too.
      return toProblem(e, s);
    }
    const status = reply.status ?? route.status ?? 200;
    if (reply.binary !== undefined) return { statusCode: status, headers: reply.headers ?? {}, body: reply.binary.toString('base64'), isBase64Encoded: true };
    if (reply.raw !== undefined) return { statusCode: status, headers: reply.headers ?? {}, body: reply.raw };
    return jsonResponse(status, reply.body, reply.headers);
  };

  const chain = middy<ApiEvent, APIGatewayProxyResult, Error, Context>()
    .use(requestContext(deps.clock ?? platformClock))
    .use(problemDetails())
    .use(routeMatch(own))
    .use(bodyLimit(deps.maxBodyBytes ?? platformConfig.http.defaultMaxBodyBytes))
    .use(authenticate())
    .use(validateInput())
    .use(idempotency(deps.idempotencyStore, deps.personalDataKeys ?? piiKeys))
    .handler(router);

  // Around the whole chain — also replays and early answers — one log context, the standard headers and one access line.
  return (event: ApiEvent, lambda: Context): Promise<APIGatewayProxyResult> =>
    withLogContext({ requestId: requestIdOf(event, lambda), method: event.httpMethod, resource: event.resource }, async () => {
      coldStart(`${context}-api`);
      const startedAt = Date.now();
      const response = await chain(event, lambda);
      const s = event.pp;
      response.headers = {
        ...withStandardHeaders(response.headers, {
          origin: event.headers?.origin,
          publicRoute: s?.route?.roles === 'public',
          cacheSeconds: s?.route?.cacheSeconds,
          success: response.statusCode < 300,
        }),
        'x-request-id': requestIdOf(event, lambda),
      };
      rootLogger.info('request', {
        status: response.statusCode,
        ms: Date.now() - startedAt,
        operation: s?.operationId,
        role: s?.principal?.role,
        ...(s?.problemCode ? { code: s.problemCode } : {}),
      });
      return response;
    });
}

/** `CloudFront-Viewer-Address: 203.0.113.7:46532` (or an IPv6 address and port) → the address; the connection's without it. */
export function clientAddressOf(event: Pick<ApiEvent, 'headers' | 'requestContext'>): string {
  const viewer = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'cloudfront-viewer-address')?.[1];
  const address = viewer ? viewer.slice(0, Math.max(viewer.lastIndexOf(':'), 0)) : '';
  return address || event.requestContext.identity.sourceIp;
}
