import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { advanceClock, clock, clockOffsetMs, resetClock, setClockTo } from '../functions/platform/clock';
import { DomainError } from '../functions/platform/errors';
import { problemOf, problemResponse, validationError } from '../functions/platform/http/problem';
import { CONTEXTS, type ContextName } from '../functions/contexts';
import type { RouteSpec } from '../functions/platform/http/route';
import { routes } from '../functions/routes';
import { Webhook } from 'standardwebhooks';
import { hotlineSecrets } from '../functions/complaints/webhook-secrets';
import { type LocalIssuer, TokenRequest } from './keys';
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
  /** Extra read-only status for GET /local/status. */
  status?: () => Record<string, unknown>;
}

/**
 * The local API: turns each HTTP request into the API Gateway REST proxy event the cloud sends
 * (after checking the bearer token as the Cognito authorizer would) and calls the same context
 * API function. Also serves the local-only routes under /local/, which are never deployed.
 */
export function createLocalApi(opts: LocalApiOptions): Server {
  const hotlineInbox: { webhookId: string; receivedAt: string; payload: Record<string, unknown> }[] = [];
  const compiled = compileRoutes(routes);
  const handlers = new Map<ContextName, Promise<ApiHandler>>();
  const handlerFor = (ctx: ContextName) => {
    let h = handlers.get(ctx);
    if (!h) handlers.set(ctx, (h = import(`../functions/${ctx}/api.handler`).then((m: { handler: ApiHandler }) => m.handler)));
    return h;
  };
  // Load every context up front so that the first request pays no import cost.
  for (const ctx of CONTEXTS) void handlerFor(ctx);

  return createServer((req, res) => {
    readBody(req)
      .then(async (body) => send(res, await handle(req, body)))
      .catch((e: unknown) => send(res, problemResponse(problemOf(e))));
  });

  async function handle(req: IncomingMessage, body: Buffer): Promise<APIGatewayProxyResult> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/local/')) return localRoute(method, url.pathname, body, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));

    const matches = compiled.filter((r) => r.pattern.test(url.pathname));
    const match = matches.find((r) => r.spec.method === method);
    if (!match) {
      if (matches.length) throw new DomainError('REQUEST.METHOD_NOT_ALLOWED', 'invalid', `${method} is not allowed on ${url.pathname}.`);
      throw new DomainError('REQUEST.NO_SUCH_ROUTE', 'not-found', `No route ${method} ${url.pathname}.`);
    }
    const values = match.pattern.exec(url.pathname)!.slice(1);
    const pathParameters = Object.fromEntries(match.names.map((n, i) => [n, decodeURIComponent(values[i]!)]));

    let claims: Record<string, unknown> | undefined;
    if (match.spec.roles !== 'public') {
      const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!token) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthenticated', 'A bearer token is required.');
      claims = await opts.issuer.verify(token).catch(() => {
        throw new DomainError('AUTH.INVALID_TOKEN', 'unauthenticated', 'The bearer token is invalid or expired.');
      });
      // Cognito hands claims to the integration as strings.
      claims = Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, String(v)]));
    }

    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    const query = [...url.searchParams.keys()];
    const requestId = randomUUID();
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
        authorizer: claims ? { claims } : null,
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
    const handler = await handlerFor(match.spec.context);
    return opts.scope.run({ kind: 'api', context: match.spec.context }, () => handler(event, { awsRequestId: requestId, functionName: `local-${match.spec.context}-api` } as Context));
  }

  async function localRoute(method: string, path: string, body: Buffer, headers: Record<string, string>): Promise<APIGatewayProxyResult> {
    const json = () => {
      try {
        return body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
      } catch {
        throw new DomainError('REQUEST.MALFORMED_JSON', 'invalid', 'The body is not valid JSON.');
      }
    };
    const ok = (status: number, payload: unknown): APIGatewayProxyResult => ({ statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const clockView = () => ({ now: clock.now().toISOString(), offsetMs: clockOffsetMs(), shifted: clockOffsetMs() !== 0 });

    if (method === 'POST' && path === '/local/tokens') {
      const parsed = TokenRequest.safeParse(json());
      if (!parsed.success) throw validationError(parsed.error, '$.body');
      const token = await opts.issuer.mint(parsed.data);
      return ok(201, { token, tokenType: 'Bearer', claims: parsed.data });
    }
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
    if (method === 'GET' && path === '/local/status') return ok(200, { clock: clockView(), ...opts.status?.() });
    if (path === '/local/hotline-inbox') {
      if (method === 'GET') return ok(200, { items: hotlineInbox });
      // The 12398 platform's side: verify as it would, keep the first delivery of each webhook id.
      if (method === 'POST') {
        const [secret] = await hotlineSecrets();
        let payload: Record<string, unknown>;
        try {
          payload = new Webhook(secret!).verify(body.toString('utf8'), headers) as Record<string, unknown>;
        } catch {
          throw new DomainError('WEBHOOK.BAD_SIGNATURE', 'unauthenticated', 'The notification is not signed with the hotline secret.');
        }
        if (!hotlineInbox.some((m) => m.webhookId === headers['webhook-id'])) hotlineInbox.push({ webhookId: headers['webhook-id']!, receivedAt: new Date().toISOString(), payload });
        return ok(200, { received: true });
      }
    }
    throw new DomainError('REQUEST.NO_SUCH_ROUTE', 'not-found', `No local route ${method} ${path}.`);
  }
}

const ClockRequest = z.union([
  z.object({ now: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceDays: z.number().int().min(-3650).max(3650) }).strict(),
]);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new DomainError('REQUEST.TOO_LARGE', 'too-large', `Request bodies are limited to ${MAX_BODY} bytes.`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: APIGatewayProxyResult): void {
  if (res.headersSent) return;
  res.writeHead(result.statusCode, result.headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}
