import { GATEWAY_PROBLEMS } from '../../functions/platform/http/gateway';
import { logLines } from '../support/logs';
import type { JWK } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/keys';
import { type Harness, useHarness } from '../support/local-platform';
import { issuerWith } from '../support/oidc-issuer';

/**
 * The local server answers what API Gateway answers in front of the functions (infra/api-stack.ts),
 * from the same catalogue: the same problem bodies and codes for a missing route, a wrong method, a
 * missing or bad token, a body over 10 MB and a malformed path; the CORS preflight for the
 * allow-list; the same security headers on everything; and a log line for each.
 */
const ORIGIN = 'https://portal.example.gov.cn';

describe('the gateway layer, locally as in AWS', () => {
  let h: Harness;
  const previousOrigins = process.env.CORS_ALLOWED_ORIGINS;
  beforeAll(() => {
    process.env.CORS_ALLOWED_ORIGINS = JSON.stringify([ORIGIN]);
  });
  useHarness((started) => (h = started));
  afterAll(() => {
    if (previousOrigins === undefined) delete process.env.CORS_ALLOWED_ORIGINS;
    else process.env.CORS_ALLOWED_ORIGINS = previousOrigins;
  });

  const expectProblem = (r: Awaited<ReturnType<Harness['http']>>, p: { status: number; code: string }) => {
    expect(r.status).toBe(p.status);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.json).toMatchObject({ status: p.status, code: p.code, type: expect.stringMatching(/^https:\/\//), instance: r.headers.get('x-request-id') });
  };

  it('a problem is told in Chinese by default and in English on request; its code and status do not change', async () => {
    const zh = await h.http('GET', '/v1/guide/matters/no-such-matter.new', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    const en = await h.http('GET', '/v1/guide/matters/no-such-matter.new', { headers: { 'accept-language': 'en' } });
    expect(zh.json).toMatchObject({ status: 404, code: 'GUIDE.NO_SUCH_MATTER', title: '未找到', detail: '没有该许可事项，见 GET /v1/guide/matters。' });
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(en.json).toMatchObject({ status: 404, code: 'GUIDE.NO_SUCH_MATTER', title: 'Not Found', detail: expect.stringContaining('no-such-matter.new') });
    expect(en.headers.get('content-language')).toBe('en');
    expect((await h.http('GET', '/v1/guide/matters/no-such-matter.new')).json).toMatchObject({ title: '未找到' });
  });

  it("a path with no route is 404 REQUEST.NO_SUCH_ROUTE, as API Gateway's MISSING_AUTHENTICATION_TOKEN is made to answer", async () => {
    expectProblem(await h.http('GET', '/v1/no-such-thing'), GATEWAY_PROBLEMS.MISSING_AUTHENTICATION_TOKEN);
  });

  it('a method the path does not take is 405 with Allow', async () => {
    const r = await h.http('DELETE', '/v1/guide/matters');
    expectProblem(r, { status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED' });
    expect(r.headers.get('allow')).toBe('GET');
    expect((await h.http('PATCH', '/v1/enterprises')).headers.get('allow')).toBe('POST, GET');
  });

  it('no token and a bad token are the same 401 AUTH.UNAUTHENTICATED, as from either authorizer', async () => {
    expectProblem(await h.http('GET', '/v1/enterprises'), GATEWAY_PROBLEMS.UNAUTHORIZED);
    const t = await h.token({ role: 'admin' });
    expectProblem(await h.http('GET', '/v1/enterprises', { token: t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA') }), GATEWAY_PROBLEMS.UNAUTHORIZED);
  });

  it('the local issuer is an OpenID Connect issuer: its tokens are verified against the key set it publishes, and a key it does not publish is refused', async () => {
    const discovery = await h.http('GET', '/local/oidc/.well-known/openid-configuration');
    expect(discovery.json).toMatchObject({ issuer: LOCAL_ISSUER, jwks_uri: expect.stringMatching(/\/local\/oidc\/jwks\.json$/) });
    const jwks = await fetch((discovery.json as { jwks_uri: string }).jwks_uri).then((r) => r.json() as Promise<{ keys: JWK[] }>);
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    // A well-formed token with the local issuer's name and key id, signed by another key: 401.
    const stranger = await issuerWith('ES256', jwks.keys[0]!.kid);
    const now = Math.floor(Date.now() / 1000);
    const forged = await stranger.sign({ iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, sub: 'x', iat: now, exp: now + 600, 'custom:role': 'admin' });
    expectProblem(await h.http('GET', '/v1/enterprises', { token: forged }), GATEWAY_PROBLEMS.UNAUTHORIZED);
    expect((await h.http('GET', '/v1/enterprises?agencyId=nea-fujian', { token: await h.token({ role: 'admin' }) })).status).toBe(200);
  });

  it('a malformed percent-escape in the path is a 400 problem, not a 500', async () => {
    expectProblem(await h.http('GET', '/v1/guide/matters/%'), GATEWAY_PROBLEMS.BAD_REQUEST_PARAMETERS);
    expectProblem(await h.http('GET', '/v1/guide/matters/%E4%B8'), GATEWAY_PROBLEMS.BAD_REQUEST_PARAMETERS);
  });

  it("a body over 10 MB is a 413 problem, not a reset connection; over the route's own limit, a 413 from the function", async () => {
    const res = await fetch(`${h.p.apiUrl}/v1/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(10 * 1024 * 1024 + 10),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'REQUEST.TOO_LARGE' });
    const t = await h.token({ role: 'applicant', enterpriseId: '91350100M000100Y43' });
    const r = await h.http('POST', '/v1/applications', { token: t, body: { matterId: 'facility-install-l3.new', pad: 'x'.repeat(20_000) } });
    expectProblem(r, { status: 413, code: 'REQUEST.TOO_LARGE' });
    expect(r.json).toMatchObject({ maxBodyBytes: 16384 });
  });

  it('every answer carries nosniff and HSTS; non-public answers are never cached; a public route sets its own cache time', async () => {
    const t = await h.token({ role: 'admin' });
    for (const r of [
      await h.http('GET', '/v1/enterprises?agencyId=nea-fujian', { token: t }),
      await h.http('GET', '/v1/no-such-thing'),
      await h.http('GET', '/v1/enterprises'),
    ]) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-request-id')).toMatch(/^[\w-]{8,}/);
    }
    expect((await h.http('GET', '/v1/openapi.json')).headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('CORS: the preflight grants the allow-listed origin only; answers to it carry the grant', async () => {
    const pre = await fetch(`${h.p.apiUrl}/v1/applications`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
    expect(pre.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const other = await fetch(`${h.p.apiUrl}/v1/applications`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await h.http('GET', '/v1/guide/commitment', { headers: { origin: ORIGIN } });
    expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(
      (await h.http('GET', '/v1/guide/commitment', { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it("the gateway's own 401 and 404 are logged with their request id; a function's 4xx access line carries the problem's code", async () => {
    const t = await h.token({ role: 'reviewer', agencyId: 'nea-fujian' });
    let ids: (string | null)[] = [];
    const lines = await logLines(async () => {
      const a = await h.http('GET', '/v1/enterprises');
      const b = await h.http('GET', '/v1/nothing-here');
      const c = await h.http('GET', '/v1/applications/AP20261122K7Q2M9XD', { token: t });
      ids = [a.headers.get('x-request-id'), b.headers.get('x-request-id'), c.headers.get('x-request-id')];
    });
    const line = (id: string | null) => lines.find((l) => l.msg === 'request' && l.requestId === id);
    expect(line(ids[0]!)).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', layer: 'gateway' });
    expect(line(ids[1]!)).toMatchObject({ status: 404, code: 'REQUEST.NO_SUCH_ROUTE', layer: 'gateway' });
    expect(line(ids[2]!)).toMatchObject({ status: 404, code: 'APPLICATION.NOT_FOUND', operation: 'getApplication' });
  });
});
