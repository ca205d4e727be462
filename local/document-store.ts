import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest, type Server, type ServerResponse } from 'node:http';

/**
 * The local document store's front: s3rver verifies no signature and knows neither `x-amz-checksum-sha256` nor
 * `If-None-Match` (TOOLCHAIN.md), so every request passes here first and is held to what S3 enforces before
 * s3rver sees it — a valid SigV4 signature (presigned query or Authorization header) by the one local key, an
 * unexpired presigned URL, the payload hash and SHA-256 checksum the request declares, and no overwrite where
 * `If-None-Match: *` is signed. Without it no local test could catch a presigning mistake (docs/security.md).
 */
export interface DocumentStoreFrontOptions {
  /** s3rver's own address. */
  backend: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The store's clock (real time: presigned URLs are signed with the machine's time, not the platform clock). */
  now?: () => number;
}

/** SigV4's SHA-256 (and HMAC with a secret), as the signer's hash constructor wants it. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

const bytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);

/** S3 answers a refusal as XML with a code the SDK maps to its error name. */
class S3Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const AUTH_QUERY = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'];
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** The query as SigV4 reads it: percent-decoding only (a `+` is a plus, not a space). */
function parseQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const part of search.replace(/^\?/, '').split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = decodeURIComponent(k);
    const value = decodeURIComponent(v);
    const had = out[key];
    out[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return out;
}

/** `20261207T024405Z` → its Date (SigV4's basic ISO 8601), or undefined when it is not one. */
function amzDate(s: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? '');
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

const sameSignature = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Verifies a request's SigV4 signature by signing the same canonical request again with the local key (the SDK's own
 * signer, so canonicalisation is S3's) and comparing. Throws the refusal S3 would send.
 */
export async function verifySignature(
  req: { method: string; url: string; headers: IncomingHttpHeaders },
  credentials: DocumentStoreFrontOptions['credentials'],
  now: number,
): Promise<void> {
  const url = new URL(req.url, 'http://local');
  const query = parseQuery(url.search);
  const presigned = typeof query['X-Amz-Algorithm'] === 'string';
  const auth = headerValue(req.headers, 'authorization');
  if (!presigned && !auth) throw new S3Refusal(403, 'AccessDenied', 'Anonymous access to this bucket is not allowed.');

  let credential: string, signedHeaders: string[], signature: string, date: Date | undefined;
  if (presigned) {
    if (query['X-Amz-Algorithm'] !== 'AWS4-HMAC-SHA256') throw new S3Refusal(400, 'AuthorizationQueryParametersError', 'Unsupported algorithm.');
    credential = String(query['X-Amz-Credential'] ?? '');
    signedHeaders = String(query['X-Amz-SignedHeaders'] ?? '').split(';');
    signature = String(query['X-Amz-Signature'] ?? '');
    date = amzDate(String(query['X-Amz-Date'] ?? ''));
    const expires = Number(query['X-Amz-Expires']);
    if (!date || !Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS)
      throw new S3Refusal(400, 'AuthorizationQueryParametersError', 'X-Amz-Date and X-Amz-Expires must be given.');
    if (now > date.getTime() + expires * 1000) throw new S3Refusal(403, 'AccessDenied', 'Request has expired');
  } else {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(auth!);
    if (!m) throw new S3Refusal(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
    [credential, signedHeaders, signature] = [m[1]!, m[2]!.split(';'), m[3]!];
    date = amzDate(headerValue(req.headers, 'x-amz-date'));
    if (!date) throw new S3Refusal(403, 'AccessDenied', 'X-Amz-Date is required.');
    // S3 allows 15 minutes of clock skew on a signed request.
    if (Math.abs(now - date.getTime()) > 15 * 60_000)
      throw new S3Refusal(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }
  const [accessKeyId, shortDate, region, service, terminator] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) throw new S3Refusal(403, 'InvalidAccessKeyId', 'The access key does not exist.');
  if (!region || service !== 's3' || terminator !== 'aws4_request' || shortDate !== date.toISOString().slice(0, 10).replaceAll('-', ''))
    throw new S3Refusal(400, 'AuthorizationHeaderMalformed', 'The credential scope is not valid.');
  if (!signedHeaders.includes('host')) throw new S3Refusal(400, 'AuthorizationHeaderMalformed', 'The host header must be signed.');

  // The request as it was signed: its signed headers only, with the values received.
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const v = headerValue(req.headers, name);
    if (v === undefined) throw new S3Refusal(403, 'SignatureDoesNotMatch', `The signed header ${name} is missing.`);
    headers[name] = v;
  }
  const signer = new SignatureV4({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const [host, port] = (headers.host ?? '').split(':');
  const base = { method: req.method, protocol: 'http:', hostname: host ?? '', port: port ? Number(port) : undefined, path: url.pathname };
  const signables = new Set(signedHeaders);
  let expected: string | undefined;
  if (presigned) {
    const rest = Object.entries(query).filter(([k]) => !AUTH_QUERY.includes(k));
    // The SDK signs the payload hash as a header that it hoists into the query: put it back (under the same name) where the signer reads it.
    const isPayloadHash = ([k]: [string, unknown]) => k.toLowerCase() === 'x-amz-content-sha256';
    const signed = await signer.presign(
      {
        ...base,
        query: Object.fromEntries(rest.filter((e) => !isPayloadHash(e))),
        headers: { ...headers, ...Object.fromEntries(rest.filter(isPayloadHash).map(([k, v]) => [k, String(v)])) },
      },
      { signingDate: date, expiresIn: Number(query['X-Amz-Expires']), signableHeaders: signables, unhoistableHeaders: signables },
    );
    if (signed.query?.['X-Amz-SignedHeaders'] !== signedHeaders.join(';'))
      throw new S3Refusal(403, 'SignatureDoesNotMatch', 'The signed headers do not match.');
    expected = String(signed.query['X-Amz-Signature']);
  } else {
    const signed = await signer.sign({ ...base, query, headers }, { signingDate: date, signableHeaders: signables });
    expected = /Signature=([0-9a-f]+)$/.exec(String(signed.headers.authorization))?.[1];
  }
  if (!expected || !sameSignature(expected, signature))
    throw new S3Refusal(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
}

/** Checks a PUT's body against what it declares: the signed payload hash, the SHA-256 checksum. */
function checkBody(headers: IncomingHttpHeaders, body: Buffer): void {
  const payloadHash = headerValue(headers, 'x-amz-content-sha256');
  if (payloadHash && /^[0-9a-f]{64}$/.test(payloadHash) && createHash('sha256').update(body).digest('hex') !== payloadHash)
    throw new S3Refusal(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  const checksum = headerValue(headers, 'x-amz-checksum-sha256');
  if (checksum !== undefined && createHash('sha256').update(body).digest('base64') !== checksum)
    throw new S3Refusal(400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
}

function refusalBody(e: S3Refusal): string {
  const extra = e.code === 'PreconditionFailed' ? '<Condition>If-None-Match</Condition>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${e.message}</Message>${extra}</Error>`;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the front on `port`, passing what it accepts to s3rver at `backend`. */
export function startDocumentStoreFront(port: number, o: DocumentStoreFrontOptions): Promise<Server> {
  const backend = new URL(o.backend);
  const now = o.now ?? Date.now;
  // A conditional PUT's check and write happen one at a time per key, as S3 makes them atomic.
  const keyLocks = new Map<string, Promise<unknown>>();
  const locked = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (keyLocks.get(key) ?? Promise.resolve()).then(work, work);
    keyLocks.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  };

  const forward = (req: IncomingMessage, body: Buffer | undefined, res: ServerResponse) =>
    new Promise<void>((resolve, reject) => {
      const out = httpRequest(
        { host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, host: backend.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      if (body) out.end(body);
      else req.pipe(out);
    });

  const exists = (path: string) =>
    new Promise<boolean>((resolve, reject) => {
      // s3rver itself does not check signatures, so asking it directly is the store looking at its own key.
      const head = httpRequest({ host: backend.hostname, port: backend.port, method: 'HEAD', path, headers: { host: backend.host } }, (answer) => {
        answer.resume();
        resolve(answer.statusCode === 200);
      });
      head.on('error', reject);
      head.end();
    });

  const server = createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = headerValue(req.headers, 'origin');
    const handle = async () => {
      // A CORS preflight carries no credentials in S3 either: s3rver answers it from the bucket's CORS rules.
      if (method === 'OPTIONS') return forward(req, undefined, res);
      await verifySignature({ method, url: req.url ?? '/', headers: req.headers }, o.credentials, now());
      const path = new URL(req.url ?? '/', 'http://local').pathname;
      // An object PUT (not a bucket's configuration, which has a query such as ?cors): hold it to what it declares.
      const isObjectPut = method === 'PUT' && path.split('/').filter(Boolean).length > 1;
      if (!isObjectPut) return forward(req, undefined, res);
      const body = await readAll(req);
      checkBody(req.headers, body);
      if (headerValue(req.headers, 'if-none-match') === '*')
        return locked(path, async () => {
          if (await exists(path)) throw new S3Refusal(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
          await forward(req, body, res);
        });
      return forward(req, body, res);
    };
    handle().catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      const refusal = e instanceof S3Refusal ? e : new S3Refusal(500, 'InternalError', 'We encountered an internal error. Please try again.');
      // Drain what the client still sends, then answer (a reset would hide the reason from it).
      req.resume();
      res.writeHead(refusal.status, {
        'content-type': 'application/xml',
        ...(origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
      });
      res.end(method === 'HEAD' ? undefined : refusalBody(refusal));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
