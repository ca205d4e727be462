import { env } from '../env';
import { CORS } from './gateway';

/**
 * The headers every answer carries, in both runtimes and from every layer (the functions, the
 * gateway's own responses, the local server): no MIME sniffing, HTTPS only, nothing cached unless a
 * public route says how long it may be, and CORS for exactly the web origins of the allow-list.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
} as const;

let allowList: { text: string; origins: Set<string> } | undefined;
/** CORS_ALLOWED_ORIGINS: a JSON array of origins (cdk.json `powerpermit:corsAllowedOrigins`; locally the environment). */
export function allowedOrigins(): Set<string> {
  const text = env('CORS_ALLOWED_ORIGINS') ?? '[]';
  if (allowList?.text !== text) allowList = { text, origins: new Set(JSON.parse(text) as string[]) };
  return allowList.origins;
}

export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin || !allowedOrigins().has(origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS.exposeHeaders.join(', '), vary: 'Origin' };
}

/** A preflight's answer for a path that takes `methods`: the CORS grant only for an allowed origin. */
export function preflightHeaders(origin: string | undefined, methods: readonly string[]): Record<string, string> {
  const cors = corsHeaders(origin);
  if (!cors['access-control-allow-origin']) return { ...SECURITY_HEADERS, vary: 'Origin' };
  return {
    ...SECURITY_HEADERS,
    ...cors,
    'access-control-allow-methods': [...methods, 'OPTIONS'].join(', '),
    'access-control-allow-headers': CORS.allowHeaders.join(', '),
    'access-control-max-age': String(CORS.maxAgeSeconds),
  };
}

/** The standard headers over what a handler set: a public route may say how long its answer may be cached; anything else is no-store. */
export function withStandardHeaders(
  headers: Record<string, string | number | boolean> | undefined,
  o: { origin?: string; publicRoute: boolean; cacheSeconds?: number; success?: boolean },
): Record<string, string> {
  const own = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  // A public route's success may be reused: as long as its row says (a handler may say more, e.g. immutable); anything else, never.
  const cacheControl = !o.publicRoute ? 'no-store' : (own['cache-control'] ?? (o.cacheSeconds && o.success ? `public, max-age=${o.cacheSeconds}` : 'no-store'));
  return { ...own, ...SECURITY_HEADERS, 'cache-control': cacheControl, ...corsHeaders(o.origin) };
}
