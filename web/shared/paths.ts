/**
 * The pages' paths and the files that answer them: the local server, the CloudFront Function of the distribution
 * (infra/public-site.ts) and, where there is none (the China regions), the route page (router.ts) all read this table. The verification page takes its token from the path:
 * `/v/<token>`, or `/V/<token>` as the QR codes write it.
 */
export const SITE_REWRITES: readonly { pattern: RegExp; file: string }[] = [
  { pattern: /^\/$/, file: 'verify.html' },
  { pattern: /^\/v\/[^/]+$/i, file: 'verify.html' },
  { pattern: /^\/guide(\/[^/]+)?$/, file: 'guide.html' },
  { pattern: /^\/register$/, file: 'register.html' },
  { pattern: /^\/dishonest$/, file: 'dishonest.html' },
  { pattern: /^\/draws(\/[^/]+)?$/, file: 'draws.html' },
  { pattern: /^\/statistics$/, file: 'statistics.html' },
  { pattern: /^\/staff\/((cases|complaints|inspections|credit|draws|imports)\/[^/]+|reports|draws|imports)?$/, file: 'staff.html' },
  { pattern: /^\/portal\/((apply|cases|licences)\/[^/]+|vault|apply)?$/, file: 'portal.html' },
];

/**
 * A path segment as text: percent-decoded, or as it stands when its percent-encoding is malformed (`/v/%E0%A4%A`),
 * so that a page shows its answer for that text (e.g. "not authentic") rather than stopping on a URIError.
 */
export function pathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
