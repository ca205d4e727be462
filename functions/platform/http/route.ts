import type { z } from 'zod';
import type { ContextName } from '../../contexts';
import type { StateMachineName } from '../../tasks';
import type { Principal, Role } from '../auth';
import type { Logger } from '../log';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type MediaType = 'application/json' | 'application/pdf' | 'text/csv';

/** One row of the route table: the single source of truth for infra/, local/ and the OpenAPI document. */
export interface RouteSpec {
  method: Method;
  /** API Gateway resource path with `{param}` placeholders. */
  path: string;
  context: ContextName;
  /** Roles allowed, or 'public' for routes anyone may call without a token. */
  roles: readonly Role[] | 'public';
  /** Why a public route is public, and what it carries: the reason cdk-nag's findings are acknowledged with. */
  publicBecause?: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The answer's schema (functions/responses.ts); JSON unless `produces` says otherwise. */
  response?: z.ZodType;
  /** Media types of the answer other than JSON (a PDF, a CSV); the first is the default. A 302 route answers a redirect only. */
  produces?: readonly MediaType[];
  /** Request headers the route reads (e.g. a webhook's signature headers): documented; the handler checks them. */
  headers?: z.ZodObject;
  /**
   * A body the handler parses itself, after checking a signature over its raw bytes (a webhook):
   * documented like `body`, but not parsed by the chain, so an unsigned body is refused as unsigned.
   */
  signedBody?: z.ZodType;
  /** Status of a successful reply (200 unless told). */
  status?: number;
  /** Whether the route honours an `Idempotency-Key` header (every POST that creates or changes). */
  idempotent?: boolean;
  /** The largest request body this route takes, in bytes (default: config/platform.json http.maxBodyBytes). Enforced by the WAF and the handler chain. */
  maxBodyBytes?: number;
  /** The state machines its handler starts: their ARNs and `states:StartExecution` are what its function gets. */
  starts?: readonly StateMachineName[];
  /** Its answers carry personal data (a complainant, a personnel register): a reply kept for an Idempotency-Key is sealed. */
  personalData?: true;
  /** The state machines whose executions its handler looks up. */
  describes?: readonly StateMachineName[];
  /**
   * A public GET whose answer anyone may reuse for this long: its successes say
   * `cache-control: public, max-age=<seconds>`, and API Gateway caches them (keyed by the path and
   * query parameters, at most an hour) so a burst of readers reaches the function once per period.
   */
  cacheSeconds?: number;
  /**
   * It may answer a rendering (a PDF): served by its context's render function, so that pdfkit and
   * the CJK font stay out of the API function every other route of the context cold-starts.
   */
  renders?: true;
  /**
   * Its handler counts by the caller's network address (an allowance, e.g. a draw's entropy strings): CloudFront passes
   * the viewer's address to this route alone (infra/public-site.ts), and only its handler gets it. Personal data.
   */
  clientAddress?: true;
}

export const route = <const R extends RouteSpec>(spec: R): R => spec;

type PrincipalOf<Roles> = Roles extends readonly Role[] ? Principal & { role: Roles[number] } : Principal | undefined;

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface ApiRequest<R extends RouteSpec> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  /** Present on every non-public route, narrowed to the route's roles; on public routes only when a token was sent. */
  principal: PrincipalOf<R['roles']>;
  headers: Record<string, string>;
  /** The body exactly as received (for signature checks over the raw bytes, e.g. webhooks). */
  rawBody: string;
  requestId: string;
  /**
   * The caller's own network address, on routes that declare `clientAddress` (empty on every other): CloudFront's
   * CloudFront-Viewer-Address, which it sets itself (only requests through CloudFront reach the API, infra/waf.ts), the
   * connection's address without it. Personal data: for allowances, never logs.
   */
  clientAddress: string;
  log: Logger;
  now: Date;
}

export interface ApiReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is not JSON (e.g. a rendering); sent as is with `headers['content-type']`. */
  raw?: string;
  /** A binary body (e.g. a PDF), sent base64-encoded as API Gateway expects for binary media types. */
  binary?: Buffer;
}

export type Operation<R extends RouteSpec> = (req: ApiRequest<R>) => Promise<ApiReply>;

/** `/v1/enterprises/{uscc}` → `GET /v1/enterprises/{uscc}`: the key API Gateway's `resource` gives. */
export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>): string => `${r.method} ${r.path}`;
