import { SECURITY_HEADERS } from '../functions/platform/http/headers';
import { tokenEndpointOrigin, type WebSignIn } from '../functions/platform/web-sign-in';
import { SITE_REWRITES } from './shared/paths';

/**
 * How the public site is served, in both runtimes (the local server; CloudFront's response headers policy in AWS):
 * which file answers a path, and the headers every page carries — a strict Content Security Policy, HSTS, no
 * sniffing, no referrer.
 */
/** Where the pages may connect beyond their own origin. */
export interface ConnectOrigins {
  /** The document store, which the API's links to published files (a draw's roster) redirect to, and the vault's uploads go to. */
  documentStoreOrigin: string;
  /** The sign-in provider the workbench and the portal exchange codes and refresh tokens with (GET /v1/public/sign-in's configuration). */
  signIn: Pick<WebSignIn, 'tokenEndpoint'>;
}

/**
 * The pages' Content Security Policy: our own scripts, styles, fonts and API only — nothing inline, no frames —
 * the document store, and the sign-in provider's token endpoint (on its own origin when deployed: Cognito's domain,
 * the government identity service; locally, the local issuer under another loopback name).
 */
export const contentSecurityPolicy = ({ documentStoreOrigin, signIn }: ConnectOrigins): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${documentStoreOrigin} ${tokenEndpointOrigin(signIn)}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

export const siteHeaders = (origins: ConnectOrigins) =>
  ({
    ...SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy(origins),
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  }) as const;

/**
 * What the document store lets the site's pages do from a browser (S3 CORS, in both runtimes): read the files the
 * API links to — a draw's roster and result, fetched by the draw page to re-run it — and PUT a vault document to
 * the presigned URL its declaration gave (the portal's upload, with the signed content type, SHA-256 checksum and
 * `If-None-Match: *`); nothing else. Which key and which bytes may be written is the presigned URL's, never the browser's choice.
 */
export const documentStoreCors = (siteOrigins: readonly string[]) => ({
  AllowedMethods: ['GET', 'HEAD', 'PUT'],
  AllowedOrigins: [...siteOrigins],
  AllowedHeaders: ['content-type', 'x-amz-checksum-sha256', 'if-none-match'],
  ExposeHeaders: ['ETag', 'Content-Length'],
  MaxAgeSeconds: 3600,
});

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  woff2: 'font/woff2',
};

export { SITE_REWRITES };

/** The built file (relative to the site's directory) that answers a GET of `path`, or undefined when the site has none. */
export function siteFile(path: string): { file: string; contentType: string } | undefined {
  const page = SITE_REWRITES.find((r) => r.pattern.test(path));
  if (page) return { file: page.file, contentType: TYPES.html! };
  const asset = /^\/assets\/((?:fonts\/)?[\w.-]+\.(js|css|woff2))$/.exec(path);
  return asset ? { file: `assets/${asset[1]!}`, contentType: TYPES[asset[2]!]! } : undefined;
}
