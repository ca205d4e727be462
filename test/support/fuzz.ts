import * as fc from 'fast-check';
import type { Role } from '../../functions/platform/auth';
import type { RouteSpec } from '../../functions/platform/http/route';
import { routes } from '../../functions/routes';

/**
 * Bad input for every route, generated: odd path segments (malformed escapes, huge, unicode,
 * traversal), each of the route's query parameters (cursors made up among them) and stray ones, bodies that are not JSON, JSON of any shape, numbers DynamoDB
 * cannot store, deep nesting, strings past every limit, wrong content types and Idempotency-Keys.
 * Whatever comes, the answer must be no 5xx, and every 4xx a problem+json with a code and nothing
 * of the code base in it (no stack, no file path). Used by test/e2e/fuzz.test.ts (a few runs per
 * route) and bench/fuzz.ts (hundreds).
 */
export interface FuzzFinding {
  route: string;
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
  status: number;
  why: string;
  answer: string;
}

const LEAKS = /\bat [\w.<>]+ \(|node_modules|\/work\/|functions\/[\w/-]+\.ts|\.ts:\d+|Error: /;

const segment = fc.oneof(
  fc.constantFrom('%', '%E4%B8', '%00', '..', '%2e%2e%2f', '%2F', ' ', '%20%20', '\u0000', 'AP20261122K7Q2M9XD', '91350100M000100Y43', 'x'.repeat(3000)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const hostileNumber = fc.constantFrom(1e200, 1e308, -1e308, 1e-200, 5e-324, -0, Number.MAX_SAFE_INTEGER + 2, Number('123456789012345678901234567890'));
const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', 'x'.repeat(20_000), '\u0000\u0001', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:ldap://x}', '__proto__', '😀'.repeat(500)),
);
const leaf = fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null), fc.integer(), fc.double());
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom('__proto__', 'constructor', 'uscc', 'matterId', 'personnel', 'cases', 'documentIds', 'deficiencies'),
      ),
      tie('node'),
      { maxKeys: 6 },
    ),
  ),
})).node;
const deep = fc.integer({ min: 100, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n));

const body = fc.oneof(
  value.map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom('', '{', '{"a":', 'null', '[]', 'not json', '{"__proto__":{"admin":true}}', '\u0000'),
  deep,
  fc.string({ maxLength: 200 }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/problem+json',
  '',
);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** Cursors a caller could make up: mangled, of JSON that is no key, of a key of another listing, with a prototype-polluting member. */
const hostileCursor = fc.constantFrom(
  '%%%',
  'bnVsbA', // null
  'W10', // []
  'e30', // {}
  b64({ __proto__: { admin: true }, pk: 'x' }),
  b64(JSON.parse('{"__proto__":{"gsi1pk":"DEAD-LETTERS"}}')),
  b64({ pk: 'OBLIGATION#x', sk: 'STATE', gsi1pk: 'ANOTHER#LISTING', gsi1sk: '2026' }),
  b64({ pk: 'X', sk: 'STATE', gsi1pk: 'DEAD-LETTERS', gsi1sk: { S: 'x' } }),
  b64({ pk: 'X', sk: 'STATE', gsi2pk: 'PUBLIC#DRAWS', gsi2sk: 'zz', extra: 'x' }),
  b64({ key: 'nope', after: {} }),
);
const hostileValue = fc.oneof(fc.constantFrom('-1', '1e999', '0', '%', 'x'.repeat(3000), 'NaN', '', '[]', 'true'), fc.string({ maxLength: 20 }), hostileCursor);

/** A route's own query parameters (from its schema) and a stray one now and then, each with a hostile value. */
const queryFor = (r: RouteSpec) => {
  const own = Object.keys(r.query?.shape ?? {});
  const name = own.length
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) })
    : fc.string({ maxLength: 8 });
  return fc.array(fc.tuple(name, hostileValue), { maxLength: 4 });
};

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function requestFor(r: RouteSpec): fc.Arbitrary<FuzzRequest> {
  const segments = r.path.split('/').filter((s) => /^\{\w+\}$/.test(s)).length;
  return fc
    .record({
      segs: fc.array(segment, { minLength: segments, maxLength: segments }),
      q: queryFor(r),
      b: body,
      ct: contentType,
      key: fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('ok-key-0001', '')), { nil: undefined }),
    })
    .map(({ segs, q, b, ct, key }) => {
      let i = 0;
      const path = r.path
        .split('/')
        .map((s) => (/^\{\w+\}$/.test(s) ? segs[i++]!.replace(/[/?#]/g, (c) => encodeURIComponent(c)) : s))
        .join('/');
      const qs = q.map(([k, v]) => `${encodeURIComponent(k)}=${v.includes('%') ? v : encodeURIComponent(v)}`).join('&');
      return {
        method: r.method,
        path: qs ? `${path}?${qs}` : path,
        headers: { ...(ct ? { 'content-type': ct } : {}), ...(key !== undefined ? { 'idempotency-key': key } : {}) },
        body: b,
      };
    });
}

/** A token a route's role accepts, so that bad input reaches the validation and the use case behind it. */
export type TokenFor = (role: Role) => Promise<string>;

/** Every route of the table, reads too: each with generated paths, its own query parameters and bodies. */
export async function fuzzRoutes(
  apiUrl: string,
  tokenFor: TokenFor,
  runsPerRoute: number,
  seed = Date.now(),
): Promise<{ requests: number; routes: number; findings: FuzzFinding[]; byStatus: Record<number, number> }> {
  const findings: FuzzFinding[] = [];
  const byStatus: Record<number, number> = {};
  let requests = 0;
  const all = Object.entries(routes as Record<string, RouteSpec>);
  for (const [id, r] of all) {
    const token = r.roles === 'public' ? undefined : await tokenFor(r.roles[0]!);
    const samples = fc.sample(requestFor(r), { numRuns: runsPerRoute, seed: seed + requests });
    for (const req of samples) {
      requests++;
      let status = 0;
      let text = '';
      let type = '';
      try {
        const res = await fetch(apiUrl + req.path, {
          method: req.method,
          headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(req.method === 'GET' ? {} : { body: req.body }),
        });
        status = res.status;
        type = res.headers.get('content-type') ?? '';
        text = await res.text();
      } catch (e) {
        findings.push({ route: id, request: req, status: 0, why: `no answer: ${String(e)}`, answer: '' });
        continue;
      }
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      const why = verdict(status, type, text);
      if (why) findings.push({ route: id, request: { ...req, body: req.body?.slice(0, 300) }, status, why, answer: text.slice(0, 500) });
    }
  }
  return { requests, routes: all.length, findings, byStatus };
}

function verdict(status: number, type: string, text: string): string | undefined {
  if (status >= 500) return 'a 5xx';
  if (status < 400) return undefined;
  if (!type.startsWith('application/problem+json')) return `a ${status} that is not problem+json (${type})`;
  let problem: { code?: unknown; status?: unknown };
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    return 'a problem body that is not JSON';
  }
  if (typeof problem.code !== 'string' || !problem.code) return 'a problem without a code';
  if (problem.status !== status) return `a problem whose status ${String(problem.status)} is not the answer's ${status}`;
  if (LEAKS.test(text)) return 'a problem that shows internals (a stack or a file path)';
  return undefined;
}
