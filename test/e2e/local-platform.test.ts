import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { routes } from '../../functions/routes';
import type { LocalPlatform } from '../../local/runtime';
import { newUscc, pdfBytes } from '../support/fixtures';
import { type Harness, useHarness } from '../support/local-platform';

/**
 * The platform as `npm start` runs it — the local API turning HTTP into API Gateway events, the
 * local token issuer, the in-process Step Functions endpoint, the stream poller and the scheduler —
 * against the shared emulators, driven over real HTTP.
 */
describe('local platform over HTTP', () => {
  let h: Harness;
  let p: LocalPlatform;
  useHarness((started) => (h = started));
  beforeAll(async () => {
    p = h.p;
  });
  const http: Harness['http'] = (...args) => h.http(...args);
  const token = (claims: Record<string, string>) => h.token(claims);

  it('walks the README: token → register the enterprise → upload a document → read the guide', async () => {
    const uscc = newUscc('440300');
    const t = await token({ role: 'applicant', enterpriseId: uscc });
    const reg = await http('POST', '/v1/enterprises', {
      token: t,
      body: { uscc, name: '深圳示范电力工程有限公司', regionCode: '440305', legalRepresentative: { name: '赵六' } },
      headers: { 'idempotency-key': `register-${uscc}` },
    });
    expect(reg.status).toBe(201);
    expect(reg.json).toMatchObject({ uscc, agencyId: 'nea-south', version: 1 });
    expect(reg.headers.get('location')).toBe(`/v1/enterprises/${uscc}`);
    expect(
      (
        await http('POST', '/v1/enterprises', {
          token: t,
          body: { uscc, name: '深圳示范电力工程有限公司', regionCode: '440305', legalRepresentative: { name: '赵六' } },
        })
      ).json,
    ).toMatchObject({ status: 409, code: 'ENTERPRISE.ALREADY_REGISTERED' });

    const bytes = pdfBytes(`e2e ${uscc}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const declared = await http('POST', `/v1/enterprises/${uscc}/documents`, {
      token: t,
      body: { materialType: 'business-license', fileName: '营业执照.pdf', contentType: 'application/pdf', size: bytes.length, sha256 },
    });
    expect(declared.status).toBe(201);
    const upload = declared.json!.upload as { url: string; headers: Record<string, string> };
    expect((await fetch(upload.url, { method: 'PUT', body: new Uint8Array(bytes), headers: upload.headers })).status).toBe(200);
    expect((await http('POST', `/v1/enterprises/${uscc}/documents/${sha256}/confirmation`, { token: t })).json).toMatchObject({ status: 'available' });

    const guide = await http('GET', '/v1/guide/matters?licenseClass=facility-install&kind=new');
    expect(guide.status).toBe(200);
    expect((guide.json!.items as unknown[]).length).toBe(5);
    expect((await http('GET', '/v1/guide/matters/facility-install-l9.new')).json).toMatchObject({ status: 404, code: 'GUIDE.NO_SUCH_MATTER' });

    const audit = await http('GET', `/v1/enterprises/${uscc}/audit`, { token: t });
    expect(audit.json).toMatchObject({ verification: { ok: true, length: 1 } });
  });

  it('the local routes cannot be driven by a web page: a foreign Host (DNS rebinding) and cross-origin writes are refused, a text/plain POST too', async () => {
    const raw = (method: string, path: string, headers: Record<string, string>, body = '') =>
      new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
        const req = request(`${p.apiUrl}${path}`, { method, headers: { 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const own = new URL(p.apiUrl).host;
    const admin = JSON.stringify({ role: 'admin', sub: 'rebound' });
    // A page of evil.example that rebinds its name to 127.0.0.1: its requests carry its own Host.
    for (const path of ['/local/status', '/local/tokens', '/local/oidc/token'])
      expect(
        await raw(path === '/local/status' ? 'GET' : 'POST', path, { host: 'evil.example:4000', 'content-type': 'application/json' }, admin),
      ).toMatchObject({
        status: 403,
        json: { code: 'LOCAL.FOREIGN_HOST', detail: expect.stringMatching(/本机地址/) },
      });
    // A form or fetch of another origin, with no preflight (text/plain), to the token mint and the clock.
    const crossSite = { host: own, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' };
    expect(await raw('POST', '/local/tokens', crossSite, admin)).toMatchObject({ status: 403, json: { code: 'LOCAL.CROSS_ORIGIN' } });
    expect(await raw('POST', '/local/clock', crossSite, JSON.stringify({ now: '2030-01-01T00:00:00Z' }))).toMatchObject({ status: 403 });
    expect(await raw('POST', '/local/tokens', { host: own, origin: 'https://evil.example', 'content-type': 'text/plain' }, admin)).toMatchObject({
      status: 403,
    });
    expect(await raw('POST', '/local/tokens', { host: own, 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' }, admin)).toMatchObject({
      status: 403,
    });
    expect(((await http('GET', '/local/status')).json as { clock: { shifted: boolean } }).clock.shifted).toBe(false);
    // The developer's own tools and pages still work: no Origin (curl, scripts), or the platform's own origin.
    expect((await raw('POST', '/local/tokens', { host: own, 'content-type': 'application/json' }, admin)).status).toBe(201);
    expect(
      (await raw('POST', '/local/tokens', { host: own, origin: `http://${own}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, admin))
        .status,
    ).toBe(201);
    expect((await raw('POST', '/local/tokens', { host: own.replace('127.0.0.1', 'localhost'), 'content-type': 'application/json' }, admin)).status).toBe(201);
  });

  it('checks the bearer token like the Cognito authorizer: missing or forged tokens are 401', async () => {
    expect((await http('GET', '/v1/enterprises')).status).toBe(401);
    const t = await token({ role: 'admin' });
    const forged = t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await http('GET', '/v1/enterprises?agencyId=nea-south', { token: forged })).json).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED' });
    expect((await http('GET', '/v1/enterprises?agencyId=nea-south', { token: t })).status).toBe(200);
  });

  it('no agency shopping: the supervising region comes from the credit code; a move is asked by the enterprise and confirmed by the receiving agency alone, and its next application goes there', async () => {
    const uscc = newUscc('350100'); // issued in Fuzhou, Fujian
    const t = await token({ role: 'applicant', enterpriseId: uscc });
    const body = { uscc, name: '福州迁址测试电力有限公司', legalRepresentative: { name: '陈' } };
    // Seated in Beijing by declaration: refused, and told why in Chinese, at the field.
    const shopping = await http('POST', '/v1/enterprises', { token: t, body: { ...body, regionCode: '110105' }, headers: { 'accept-language': 'zh-CN' } });
    expect(shopping.json).toMatchObject({ status: 422, code: 'ENTERPRISE.REGION_MISMATCH', detail: expect.stringMatching(/登记管理机关/) });
    expect((await http('GET', `/v1/enterprises/${uscc}`, { token: t })).status).toBe(404);
    // No region given: the credit code's.
    const registered = await http('POST', '/v1/enterprises', { token: t, body });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ regionCode: '350100', agencyId: 'nea-fujian', regionSource: 'credit-code' });

    // It moved to Hangzhou: it asks; the agency it leaves cannot confirm, nor can a third; another enterprise cannot ask for it.
    const stranger = await token({ role: 'applicant', enterpriseId: newUscc('350100') });
    const ask = { regionCode: '330106', reason: '2026-11-30 住所变更登记（杭州市西湖区）' };
    expect((await http('POST', `/v1/enterprises/${uscc}/relocation`, { token: stranger, body: ask })).status).toBe(403);
    expect((await http('POST', `/v1/enterprises/${uscc}/relocation`, { token: t, body: ask })).json).toMatchObject({
      agencyId: 'nea-fujian',
      relocationRequested: { regionCode: '330106', agencyId: 'nea-zhejiang' },
    });
    const confirm = { regionCode: '330106', reason: '已核营业执照住所变更' };
    const by = async (agencyId: string) => token({ role: 'supervisor', agencyId, sub: `supervisor-${agencyId}` });
    for (const agencyId of ['nea-fujian', 'nea-jiangsu'])
      expect((await http('POST', `/v1/enterprises/${uscc}/relocation/confirmation`, { token: await by(agencyId), body: confirm })).json).toMatchObject({
        status: 403,
        code: 'ENTERPRISE.RELOCATION_BY_RECEIVING_AGENCY',
      });
    const zhejiang = await by('nea-zhejiang');
    const moved = await http('POST', `/v1/enterprises/${uscc}/relocation/confirmation`, { token: zhejiang, body: confirm });
    expect(moved.json).toMatchObject({ regionCode: '330106', agencyId: 'nea-zhejiang', regionSource: 'relocated' });
    expect(moved.json!.relocationRequested).toBeUndefined();
    // Now the receiving agency's, no longer the one it left.
    expect((await http('GET', `/v1/enterprises/${uscc}`, { token: zhejiang })).status).toBe(200);
    expect((await http('GET', `/v1/enterprises/${uscc}`, { token: await by('nea-fujian') })).status).toBe(403);
    const doc = await h.uploadDocument(uscc, t, 'application-form');
    const applied = await http('POST', '/v1/applications', { token: t, body: { matterId: 'facility-install-l3.new', documentIds: [doc] } });
    expect(applied.status).toBe(201);
    expect((await http('GET', `/v1/applications/${applied.json!.id as string}`, { token: t })).json).toMatchObject({ agencyId: 'nea-zhejiang' });
    // The trail says who moved it, from where, on what evidence.
    const audit = await http('GET', `/v1/enterprises/${uscc}/audit`, { token: t });
    expect((audit.json!.events as { type: string }[]).map((e) => e.type)).toEqual([
      'EnterpriseRegistered',
      'EnterpriseRelocationRequested',
      'EnterpriseRelocated',
    ]);
  });

  it("staff see their own agency's enterprises only", async () => {
    const uscc = newUscc('350100');
    const t = await token({ role: 'applicant', enterpriseId: uscc });
    await http('POST', '/v1/enterprises', {
      token: t,
      body: { uscc, name: '福州另一家电力公司', regionCode: '350100', legalRepresentative: { name: '钱七' } },
    });
    const fujian = await token({ role: 'supervisor', agencyId: 'nea-fujian' });
    const south = await token({ role: 'supervisor', agencyId: 'nea-south' });
    const list = await http('GET', '/v1/enterprises?limit=100', { token: fujian });
    expect((list.json!.items as { uscc: string }[]).map((e) => e.uscc)).toContain(uscc);
    expect((await http('GET', '/v1/enterprises?agencyId=nea-fujian', { token: south })).status).toBe(403);
    expect((await http('GET', `/v1/enterprises/${uscc}`, { token: south })).status).toBe(403);
  });

  it('serves an OpenAPI document with every route of the route table', async () => {
    const doc = (await http('GET', '/v1/openapi.json')).json as { paths: Record<string, Record<string, { operationId: string }>> };
    for (const [id, r] of Object.entries(routes)) expect(doc.paths[r.path]![r.method.toLowerCase()]!.operationId).toBe(id);
  });

  it("feeds new events from the table's stream to the stream handler: an application's submission starts its intake workflow, once", async () => {
    // This test's own event, followed through: counting what a drain handled would hold for any file's events (issue 34).
    const uscc = newUscc('440300');
    const t = await h.registerEnterprise(uscc, '440300');
    const form = await h.uploadDocument(uscc, t, 'application-form');
    const submitted = await http('POST', '/v1/applications', { token: t, body: { matterId: 'facility-install-l3.new', documentIds: [form] } });
    expect(submitted.status).toBe(201);
    const id = submitted.json!.id as string;
    const intakes = () => p.stepFunctions.list().filter((e) => e.stateMachineArn.endsWith(':licensing-intake') && e.input.includes(id));
    expect(intakes()).toEqual([]);
    await p.poller.drain();
    expect(intakes()).toHaveLength(1);
    await p.poller.drain();
    expect(intakes()).toHaveLength(1);
  });

  it('moves the platform clock; the schedule due in between runs its workflow once', async () => {
    // A quiet stretch of the calendar that no other test writes to, so the day's audit seal is this test's alone.
    await http('POST', '/local/clock', { body: { now: '2027-03-08T09:00:00+08:00' } });
    await Promise.all(p.stepFunctions.list().map((e) => e.done));
    const audits = () => p.stepFunctions.list().filter((e) => e.stateMachineArn.endsWith(':audit-checkpoint'));
    const before = audits().length;
    const moved = await http('POST', '/local/clock', { body: { advanceDays: 2 } });
    expect(moved.json).toMatchObject({ shifted: true, now: expect.stringMatching(/^2027-03-10T01:00/) });
    const fired = audits().slice(before);
    expect(fired).toHaveLength(1);
    await fired[0]!.done;
    expect(fired[0]!.status).toBe('SUCCEEDED');
    expect(JSON.parse(fired[0]!.output!)).toMatchObject({ seal: { day: '2027-03-09' } });
    expect((await http('POST', '/local/clock', { body: { advanceDays: 'x' } })).status).toBe(400);
    expect((await http('DELETE', '/local/clock')).json).toMatchObject({ shifted: false });
  });
});
