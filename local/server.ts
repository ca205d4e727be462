import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { siteFile, siteHeaders } from '../web/site';
import { LocalSignIn, localWebSignIn } from './sign-in';
import * as z from 'zod';
import { advanceClock, clock, clockOffsetMs, resetClock, setClockTo } from '../functions/platform/clock';
import { DomainError } from '../functions/platform/errors';
import { problemOf, problemResponse, validationError } from '../functions/platform/http/problem';
import { GATEWAY_PROBLEMS, type GatewayProblem, gatewayProblemBody, methodNotAllowed } from '../functions/platform/http/gateway';
import { preflightHeaders, SECURITY_HEADERS, withStandardHeaders } from '../functions/platform/http/headers';
import { logger } from '../functions/platform/log';
import { CONTEXTS, type ContextName } from '../functions/contexts';
import type { RouteSpec } from '../functions/platform/http/route';
import { routes } from '../functions/routes';
import { servingFunction } from '../functions/wiring';
import { Webhook } from 'standardwebhooks';
import { gatewaySecrets, hotlineSecrets } from '../functions/platform/webhook-secrets.secretsmanager';
import { LOCAL_ISSUER, type LocalIssuer, localOidcConfig, TokenRequest } from './keys';
import { CLAIM } from '../functions/platform/auth';
import { type OidcVerifier, oidcVerifier, TokenRejected } from '../functions/platform/oidc';
import type { LocalResourceScope } from './resource-scope';

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Request bodies above this never reach a handler (API Gateway's own limit is 10 MB). */
const MAX_BODY = 10 * 1024 * 1024;

interface CompiledRoute {
  spec: RouteSpec;
  pattern: RegExp;
  names: string[];
}

/** `/v1/enterprises/{uscc}` → a regex; literal segments win over parameters, as in API Gateway. */
export function compileRoutes(table: Record<string, RouteSpec>): CompiledRoute[] {
  return Object.values(table)
    .map((spec) => {
      const names: string[] = [];
      const source = spec.path
        .split('/')
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(m[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { spec, pattern: new RegExp(`^${source}$`), names };
    })
    .sort((a, b) => a.names.length - b.names.length);
}

export interface LocalApiOptions {
  issuer: LocalIssuer;
  /** Runs each API function with only the resources its manifest row declares. */
  scope: LocalResourceScope;
  /** Called after the platform clock is moved, e.g. to recompute the scheduler's next firings. */
  onClockChange?: () => Promise<void> | void;
  /**
   * How the verified claims reach the functions: as the Cognito authorizer hands them (`authorizer.claims`,
   * the global profile) or as the mainland profile's token authorizer (its context is `authorizer` itself).
   */
  identity?: 'cognito' | 'oidc';
  /** Where the built public site is (web/build.ts): served at `/`, `/v/<token>` and `/assets/`. */
  webDir?: string;
  /** The document store's origin (s3rver's here): the pages' CSP lets them read the files the API links to there, and upload. */
  documentStoreOrigin?: string;
  /** Extra read-only status for GET /local/status. */
  status?: () => Promise<Record<string, unknown>>;
}

/**
 * The local API: turns each HTTP request into the API Gateway REST proxy event the cloud sends
 * (after checking the bearer token with the OIDC verifier of the token authorizer) and calls the same context
 * API function. Also serves the local-only routes under /local/, which are never deployed.
 */
export function createLocalApi(opts: LocalApiOptions): Server {
  const hotlineInbox: { webhookId: string; receivedAt: string; payload: Record<string, unknown> }[] = [];
  /** Each message once, with how many times the gateway received it (a resend would show: `deliveries` > 1). */
  const outbox: (OutboxMessage & { receivedAt: string; deliveries: number })[] = [];
  const compiled = compileRoutes(routes);
  const handlers = new Map<string, Promise<ApiHandler>>();
  const handlerFor = (fn: { kind: 'api' | 'render'; context: ContextName }) => {
    const key = `${fn.context}/${fn.kind}`;
    let h = handlers.get(key);
    if (!h) handlers.set(key, (h = import(`../functions/${key}.handler`).then((m: { handler: ApiHandler }) => m.handler)));
    return h;
  };
  // Load every context's API function up front so that the first request pays no import cost (a render function on its first use, as in AWS).
  for (const context of CONTEXTS) void handlerFor({ kind: 'api', context });
  // The local issuer's tokens are checked as the token authorizer checks an issuer's: keys fetched from its JWKS (here, this server's own).
  let verifier: OidcVerifier | undefined;
  const ownUrl = () => {
    const { address, port } = server.address() as { address: string; port: number };
    return `http://${address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address}:${port}`;
  };
  const verify = (token: string) => (verifier ??= oidcVerifier(localOidcConfig(ownUrl()), { localProfile: true })).verify(token);
  const signIn = new LocalSignIn(opts.issuer, () => ownUrl());

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    const startedAt = Date.now();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    void readBody(req)
      .then((body) => handle(req, body, requestId))
      .catch((e: unknown) => {
        let answer = e;
        if (!(answer instanceof GatewayAnswer)) {
          // The gateway layer itself failed: a 500 as API Gateway's, logged with the request id.
          logger.error('local gateway error', { requestId, error: e });
          answer = new GatewayAnswer(gatewayProblem(GATEWAY_PROBLEMS.DEFAULT_5XX, requestId, origin), GATEWAY_PROBLEMS.DEFAULT_5XX.code);
        }
        // Answered before any function (API Gateway's access log in AWS): logged here.
        const { result, code } = answer as GatewayAnswer;
        logger.info('request', {
          requestId,
          method: req.method,
          path: req.url,
          status: result.statusCode,
          ...(code ? { code } : {}),
          ms: Date.now() - startedAt,
          layer: 'gateway',
        });
        return result;
      })
      .then((result) => send(res, result));
  });
  // An idle keep-alive connection is closed by the client, never raced by the server: with Node's 5 s default a
  // client that reuses the connection just as the server closes it gets ECONNRESET — as soon as either event loop
  // is busy for a moment (a loaded machine, a synchronous child process in a test). Stopping closes idle ones at once.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;

  async function handle(req: IncomingMessage, read: { body: Buffer; tooLarge: boolean }, requestId: string): Promise<APIGatewayProxyResult> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const refuse = (p: GatewayProblem, headers: Record<string, string> = {}) => new GatewayAnswer(gatewayProblem(p, requestId, origin, headers), p.code);
    if (read.tooLarge) throw refuse(GATEWAY_PROBLEMS.REQUEST_TOO_LARGE);
    const body = read.body;
    // The public site, as CloudFront serves it from S3 in AWS.
    const site = opts.webDir && (method === 'GET' || method === 'HEAD') ? siteFile(url.pathname) : undefined;
    if (site)
      return serveSite(opts.webDir!, site, method, siteHeaders({ documentStoreOrigin: opts.documentStoreOrigin ?? '', signIn: localWebSignIn(ownUrl()) }));
    if (url.pathname.startsWith('/local/'))
      return localRoute(method, url, body, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));

    const matches = compiled.filter((r) => r.pattern.test(url.pathname));
    if (!matches.length) throw refuse(GATEWAY_PROBLEMS.MISSING_AUTHENTICATION_TOKEN);
    const allowed = [...new Set(matches.map((r) => r.spec.method))];
    // Each path's ANY method in AWS: the CORS preflight, and 405 for a method the path does not take.
    if (method === 'OPTIONS') throw new GatewayAnswer({ statusCode: 204, headers: preflightHeaders(origin, allowed), body: '' });
    const match = matches.find((r) => r.spec.method === method);
    if (!match) throw refuse(methodNotAllowed(allowed), { allow: allowed.join(', ') });
    const values = match.pattern.exec(url.pathname)!.slice(1);
    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(match.names.map((n, i) => [n, decodeURIComponent(values[i]!)]));
    } catch {
      throw refuse({ ...GATEWAY_PROBLEMS.BAD_REQUEST_PARAMETERS, detail: 'The path is not valid percent-encoding.' });
    }

    let claims: Record<string, unknown> | undefined;
    if (match.spec.roles !== 'public') {
      // As either authorizer: no token and a bad token are the same 401; an issuer whose keys cannot be fetched, a 500.
      const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) throw refuse(GATEWAY_PROBLEMS.UNAUTHORIZED);
      claims = await verify(token).catch((e: unknown) => {
        if (e instanceof TokenRejected) throw refuse(GATEWAY_PROBLEMS.UNAUTHORIZED);
        logger.error('token verification failed', { requestId, error: e });
        throw refuse(GATEWAY_PROBLEMS.AUTHORIZER_FAILURE);
      });
    }

    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    // As CloudFront does before the API: the viewer's address is the connection's, whatever the client sent.
    headers['cloudfront-viewer-address'] = `${req.socket.remoteAddress ?? '127.0.0.1'}:${req.socket.remotePort ?? 0}`;
    const query = [...url.searchParams.keys()];
    const event: APIGatewayProxyEvent = {
      resource: match.spec.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: query.length ? Object.fromEntries(url.searchParams) : null,
      multiValueQueryStringParameters: query.length ? Object.fromEntries(query.map((k) => [k, url.searchParams.getAll(k)])) : null,
      pathParameters: match.names.length ? pathParameters : null,
      stageVariables: null,
      body: body.length ? body.toString('utf8') : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims ? (opts.identity === 'oidc' ? { principalId: claims.sub ?? 'unknown', ...claims } : { claims }) : null,
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: { sourceIp: req.socket.remoteAddress ?? '127.0.0.1' } as APIGatewayProxyEvent['requestContext']['identity'],
        path: url.pathname,
        stage: 'local',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: match.spec.path,
      },
    };
    const fn = servingFunction(match.spec);
    const handler = await handlerFor(fn);
    return opts.scope.run(fn, () => handler(event, { awsRequestId: requestId, functionName: `local-${fn.context}-${fn.kind}` } as Context));
  }

  async function localRoute(method: string, url: URL, body: Buffer, headers: Record<string, string>): Promise<APIGatewayProxyResult> {
    const tokenEndpoint = OAUTH_ENDPOINTS.has(url.pathname);
    const answer = await localOnly(method, url, body, headers).catch((e: unknown) =>
      // The token endpoint refuses a grant as OAuth says (the pages' client reads it); a refused caller stays a problem.
      tokenEndpoint && e instanceof DomainError && OAUTH_ERRORS[e.code]
        ? oauthError(OAUTH_ERRORS[e.code]!, e.message)
        : { ...problemResponse(problemOf(e)), headers: { 'content-type': 'application/problem+json', ...SECURITY_HEADERS, 'cache-control': 'no-store' } },
    );
    // The token endpoint is the issuer's, on an origin of its own (localWebSignIn): the pages of this server may
    // read its answers, as Cognito's token endpoint lets a registered web client's pages.
    if (tokenEndpoint && headers.origin === new URL(ownUrl()).origin)
      answer.headers = { ...answer.headers, 'access-control-allow-origin': headers.origin, vary: 'Origin' };
    return answer;
  }

  async function localOnly(method: string, url: URL, body: Buffer, headers: Record<string, string>): Promise<APIGatewayProxyResult> {
    const path = url.pathname;
    refuseForeignCallers(method, path, headers);
    const json = () => {
      try {
        return body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
      } catch {
        throw new DomainError('REQUEST.MALFORMED_JSON', 'The body is not valid JSON.');
      }
    };
    const ok = (status: number, payload: unknown): APIGatewayProxyResult => ({
      statusCode: status,
      headers: { 'content-type': 'application/json', ...SECURITY_HEADERS, 'cache-control': 'no-store' },
      body: JSON.stringify(payload),
    });
    const clockView = () => ({ now: clock.now().toISOString(), offsetMs: clockOffsetMs(), shifted: clockOffsetMs() !== 0 });

    if (method === 'POST' && path === '/local/tokens') {
      const parsed = TokenRequest.safeParse(json());
      if (!parsed.success) throw validationError(parsed.error, '$.body');
      const token = await opts.issuer.mint(parsed.data);
      return ok(201, { token, tokenType: 'Bearer', claims: parsed.data });
    }
    // The local issuer as an OpenID Connect provider: its discovery document, key set and the browser's sign-in (local/sign-in.ts).
    if (method === 'GET' && path === '/local/oidc/.well-known/openid-configuration')
      return ok(200, {
        issuer: LOCAL_ISSUER,
        jwks_uri: `${ownUrl()}/local/oidc/jwks.json`,
        ...signIn.endpoints(),
        id_token_signing_alg_values_supported: ['ES256'],
        subject_types_supported: ['public'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', ...Object.values(CLAIM)],
      });
    if (method === 'GET' && path === '/local/oidc/jwks.json') return ok(200, { keys: [await opts.issuer.publicJwk()] });
    if (path === '/local/oidc/authorize' && (method === 'GET' || method === 'POST'))
      return signIn.authorize(method, method === 'GET' ? url.searchParams : new URLSearchParams(body.toString('utf8')));
    if (method === 'POST' && path === '/local/oidc/token') return ok(200, await signIn.token(new URLSearchParams(body.toString('utf8'))));
    if (method === 'POST' && path === '/local/oidc/revoke') return ok(200, signIn.revoke(new URLSearchParams(body.toString('utf8'))));
    if (method === 'GET' && path === '/local/oidc/logout') return signIn.logout(url.searchParams);
    if (path === '/local/clock') {
      if (method === 'GET') return ok(200, clockView());
      if (method === 'DELETE') {
        resetClock();
        await opts.onClockChange?.();
        return ok(200, clockView());
      }
      if (method === 'POST') {
        const parsed = ClockRequest.safeParse(json());
        if (!parsed.success) throw validationError(parsed.error, '$.body');
        if ('now' in parsed.data) setClockTo(new Date(parsed.data.now));
        else advanceClock(parsed.data.advanceDays * 86_400_000);
        await opts.onClockChange?.();
        return ok(200, clockView());
      }
    }
    if (method === 'GET' && path === '/local/status') return ok(200, { clock: clockView(), ...(await opts.status?.()) });
    if (path === '/local/hotline-inbox') {
      if (method === 'GET') return ok(200, { items: hotlineInbox });
      // The 12398 platform's side: verify as it would, keep the first delivery of each webhook id.
      if (method === 'POST') {
        const [secret] = await hotlineSecrets();
        let payload: Record<string, unknown>;
        try {
          payload = new Webhook(secret!).verify(body.toString('utf8'), headers) as Record<string, unknown>;
        } catch {
          throw new DomainError('WEBHOOK.BAD_SIGNATURE', 'The notification is not signed with the hotline secret.');
        }
        if (!hotlineInbox.some((m) => m.webhookId === headers['webhook-id']))
          hotlineInbox.push({ webhookId: headers['webhook-id']!, receivedAt: new Date().toISOString(), payload });
        return ok(200, { received: true });
      }
    }
    if (path === '/local/outbox') {
      // The e-mail and SMS the platform sent to enterprises (docs/notifications.md): the provider keeps the first of each
      // message id and counts every delivery of it, so that a test sees a message sent twice.
      if (method === 'GET') return ok(200, { items: outbox });
      if (method === 'POST') {
        // The gateway's side: verify as it would (docs/notifications.md).
        const [secret] = await gatewaySecrets();
        try {
          new Webhook(secret!).verify(body.toString('utf8'), headers);
        } catch {
          throw new DomainError('WEBHOOK.BAD_SIGNATURE', 'The message is not signed with the messaging gateway secret.');
        }
        const m = OutboxMessage.parse(JSON.parse(body.toString('utf8')));
        const seen = outbox.find((x) => x.messageId === m.messageId);
        if (seen) seen.deliveries += 1;
        else outbox.push({ ...m, receivedAt: new Date().toISOString(), deliveries: 1 });
        return ok(200, { received: true });
      }
    }
    throw new DomainError('REQUEST.NO_SUCH_ROUTE', `No local route ${method} ${path}.`);
  }
}

const OutboxMessage = z.object({ messageId: z.string(), channel: z.enum(['email', 'sms']), to: z.string(), subject: z.string(), text: z.string() });
type OutboxMessage = z.infer<typeof OutboxMessage>;

const ClockRequest = z.union([
  z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceDays: z.number().int().min(-3650).max(3650) }).strict(),
]);

async function serveSite(
  dir: string,
  site: { file: string; contentType: string },
  method: string,
  headers: ReturnType<typeof siteHeaders>,
): Promise<APIGatewayProxyResult> {
  const body = await readFile(join(dir, site.file)).catch(() => undefined);
  if (!body) throw new GatewayAnswer({ statusCode: 404, headers: { ...headers, 'content-type': 'text/plain' }, body: 'not found' });
  const cache = site.file.startsWith('assets/') ? 'public, max-age=300' : 'no-cache';
  return {
    statusCode: 200,
    headers: { ...headers, 'content-type': site.contentType, 'cache-control': cache },
    body: method === 'HEAD' ? '' : body.toString('base64'),
    isBase64Encoded: true,
  };
}

/** The body, or that it is over API Gateway's 10 MB: then the rest is read and dropped, so the client gets its 413 instead of a reset. */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      // A client that keeps sending far past the limit is cut off.
      else if (size > 4 * MAX_BODY) req.destroy();
    });
    req.on('end', () => resolve({ body: size > MAX_BODY ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge: size > MAX_BODY }));
    req.on('error', reject);
  });
}

/** An answer of the gateway layer, before any function (thrown to end the request there). */
class GatewayAnswer extends Error {
  constructor(
    readonly result: APIGatewayProxyResult,
    readonly code?: string,
  ) {
    super(`gateway answer ${result.statusCode}`);
  }
}

/** The same problem bodies API Gateway's gateway responses send (infra/api-stack.ts), from the same catalogue. */
function gatewayProblem(p: GatewayProblem, requestId: string, origin: string | undefined, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: p.status,
    headers: { ...withStandardHeaders(headers, { origin, publicRoute: false }), 'content-type': 'application/problem+json', 'x-request-id': requestId },
    body: gatewayProblemBody(p, requestId),
  };
}

function send(res: ServerResponse, result: APIGatewayProxyResult): void {
  if (res.headersSent) return;
  res.writeHead(result.statusCode, result.headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

/**
 * The local-only routes mint tokens, move the clock and read the outboxes: a web page the developer happens to open
 * must not drive them. A Host other than a loopback name (DNS rebinding: a foreign name resolving to 127.0.0.1) is
 * refused on every /local/ route; a state-changing request from another origin (a `text/plain` form POST or fetch,
 * which needs no CORS preflight) is refused by its Origin and Sec-Fetch-Site. The OIDC token endpoint is the
 * exception to the second rule only: the pages call it from their own origin, form-encoded, as the protocol requires.
 */
/** The issuer's endpoints the pages call across origins (the code exchange, the refresh, the revocation at sign-out). */
const OAUTH_ENDPOINTS = new Set(['/local/oidc/token', '/local/oidc/revoke']);

/** A token endpoint's refusal as OAuth says it (RFC 6749 §5.2): 400 with `error`, which an OAuth client reads. */
const OAUTH_ERRORS: Record<string, string> = { 'AUTH.UNAUTHENTICATED': 'invalid_grant', 'REQUEST.INVALID': 'invalid_request' };
const oauthError = (error: string, message: string): APIGatewayProxyResult => ({
  statusCode: 400,
  headers: { 'content-type': 'application/json', ...SECURITY_HEADERS, 'cache-control': 'no-store' },
  body: JSON.stringify({ error, error_description: message.replace(/^(invalid_grant|invalid_request): /, '') }),
});

export function refuseForeignCallers(method: string, path: string, headers: Record<string, string | undefined>): void {
  const host = (headers.host ?? '').toLowerCase();
  if (!/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/.test(host))
    throw new DomainError('LOCAL.FOREIGN_HOST', `The local routes answer loopback names only, not ${host || 'no Host'}.`);
  if (method === 'GET' || method === 'HEAD' || OAUTH_ENDPOINTS.has(path)) return;
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  const sameOrigin = origin === undefined || origin === `http://${host}`;
  if ((site !== undefined && site !== 'same-origin' && site !== 'none') || !sameOrigin)
    throw new DomainError('LOCAL.CROSS_ORIGIN', 'The local routes take no state-changing request from another origin.');
}
