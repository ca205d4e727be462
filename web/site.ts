import { SECURITY_HEADERS } from '../functions/platform/http/headers';
import { SITE_REWRITES } from './shared/paths';

/**
 * How the public site is served, in both runtimes (the local server; CloudFront's response headers policy in AWS):
 * which file answers a path, and the headers every page carries — a strict Content Security Policy, HSTS, no
 * sniffing, no referrer.
 */
/**
 * The pages' Content Security Policy: our own scripts, styles, fonts and API only — nothing inline, no frames —
 * and the document store, which the API's links to published files (a draw's roster) redirect to.
 */
export const contentSecurityPolicy = (documentStoreOrigin: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${documentStoreOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

export const siteHeaders = (documentStoreOrigin: string) =>
  ({
    ...SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy(documentStoreOrigin),
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
