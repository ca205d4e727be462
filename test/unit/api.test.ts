import { languageOf, problemOf } from '../../functions/platform/http/problem';
import { ZH } from '../../functions/error-codes.zh';
import { ERROR_CODES } from '../../functions/error-codes';
import * as z from 'zod';
import { DomainError } from '../../functions/platform/errors';
import { clientAddressOf, createApi } from '../../functions/platform/http/api';
import { route } from '../../functions/platform/http/route';
import type { Claim, IdempotencyStore, StoredResponse } from '../../functions/platform/idempotency';
import { keyReused, stillRunning } from '../../functions/platform/idempotency';
import { fixedClock } from '../../functions/platform/clock';
import { apiEvent, call, claimsFor, type Handler } from '../support/api-event';

/** The same semantics as the DynamoDB store, in memory, to test the middleware on its own. */
class MemoryIdempotency implements IdempotencyStore {
  readonly records = new Map<string, { fingerprint: string; response?: StoredResponse }>();
  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const r = this.records.get(`${scope}/${key}`);
    if (!r) {
      this.records.set(`${scope}/${key}`, { fingerprint });
      return { outcome: 'claimed' };
    }
    if (r.fingerprint !== fingerprint) throw keyReused();
    if (!r.response) throw stillRunning();
    return { outcome: 'replay', response: r.response };
  }
  async complete(scope: string, key: string, response: StoredResponse) {
    this.records.get(`${scope}/${key}`)!.response = response;
  }
  async release(scope: string, key: string) {
    this.records.delete(`${scope}/${key}`);
  }
}

const table = {
  create: route({
    method: 'POST',
    path: '/v1/things',
    context: 'platform',
    roles: ['applicant'],
    idempotent: true,
    status: 201,
    summary: 's',
    body: z.object({ name: z.string().min(2), items: z.array(z.object({ n: z.number() })).optional() }),
  }),
  get: route({
    method: 'GET',
    path: '/v1/things/{id}',
    context: 'platform',
    roles: 'public',
    summary: 's',
    params: z.object({ id: z.string().regex(/^\d+$/) }),
  }),
  boom: route({ method: 'POST', path: '/v1/boom', context: 'platform', roles: ['admin'], idempotent: true, summary: 's' }),
};

describe('API middleware chain', () => {
  let created = 0;
  let failNext = false;
  const store = new MemoryIdempotency();
  const handler = createApi(
    'platform',
    table,
    {
      create: async ({ body }) => ({ body: { n: ++created, name: body.name } }),
      get: async ({ params }) => {
        if (params.id === '404') throw new DomainError('APPLICATION.NOT_FOUND', 'No such thing.');
        return { body: { id: params.id } };
      },
      boom: async () => {
        if (failNext) throw new Error('database password is hunter2');
        return { body: { ok: true } };
      },
    },
    { idempotencyStore: () => store, clock: fixedClock('2026-11-22T00:00:00Z'), maxBodyBytes: 200 },
  ) as unknown as Handler;
  const applicant = claimsFor('applicant', { enterpriseId: '91350100M000100Y43' });

  it('validates at the edge: a bad field is a 400 problem naming its JSON path', async () => {
    const r = await call(handler, apiEvent('POST', '/v1/things', { body: { name: 'x', items: [{ n: 'one' }] }, claims: applicant }));
    expect(r.statusCode).toBe(400);
    expect(r.headers!['content-type']).toBe('application/problem+json');
    expect(r.json).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
    expect((r.json!.errors as { path: string }[]).map((e) => e.path)).toEqual(['$.body.name', '$.body.items[0].n']);
  });

  it('maps domain errors to their status and code; path parameters are validated too', async () => {
    expect((await call(handler, apiEvent('GET', '/v1/things/{id}', { path: { id: '404' } }))).json).toMatchObject({
      status: 404,
      code: 'APPLICATION.NOT_FOUND',
      title: '未找到',
      detail: '申请不存在。',
    });
    const english = await call(handler, apiEvent('GET', '/v1/things/{id}', { path: { id: '404' }, headers: { 'accept-language': 'en-GB,en;q=0.9' } }));
    expect(english.json).toMatchObject({ status: 404, code: 'APPLICATION.NOT_FOUND', title: 'Not Found' });
    expect(english.headers?.['content-language']).toBe('en');
    expect((await call(handler, apiEvent('GET', '/v1/things/{id}', { path: { id: 'abc' } }))).json).toMatchObject({
      status: 400,
      errors: [{ path: '$.path.id' }],
    });
  });

  it('refuses a missing token (401), a wrong role (403), malformed JSON (400), a non-JSON body (415) and a large body (413)', async () => {
    expect((await call(handler, apiEvent('POST', '/v1/things', { body: { name: 'ok' } }))).statusCode).toBe(401);
    expect((await call(handler, apiEvent('POST', '/v1/things', { body: { name: 'ok' }, claims: claimsFor('admin') }))).statusCode).toBe(403);
    expect((await call(handler, apiEvent('POST', '/v1/things', { rawBody: '{"name":', claims: applicant }))).json).toMatchObject({
      status: 400,
      code: 'REQUEST.MALFORMED_JSON',
    });
    expect(
      (await call(handler, apiEvent('POST', '/v1/things', { rawBody: 'name=x', headers: { 'Content-Type': 'text/plain' }, claims: applicant }))).statusCode,
    ).toBe(415);
    expect((await call(handler, apiEvent('POST', '/v1/things', { body: { name: 'x'.repeat(300) }, claims: applicant }))).statusCode).toBe(413);
  });

  it('answers an unknown route 404 and a known path with the wrong method 405 with Allow, as the gateway in front does', async () => {
    expect((await call(handler, apiEvent('GET', '/v1/nothing'))).json).toMatchObject({ status: 404, code: 'REQUEST.NO_SUCH_ROUTE' });
    const wrong = await call(handler, apiEvent('DELETE', '/v1/things'));
    expect(wrong).toMatchObject({ statusCode: 405, json: { status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED' } });
    expect(wrong.headers!.allow).toBe('POST');
  });

  it('every answer carries the security headers; only a public route may be cached', async () => {
    const read = await call(handler, apiEvent('GET', '/v1/things/7'));
    expect(read.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'strict-transport-security': expect.stringMatching(/^max-age=/),
    });
    const failed = await call(handler, apiEvent('GET', '/v1/things/404'));
    expect(failed.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'x-request-id': expect.any(String) });
  });

  it('Idempotency-Key: the same key and body replay the first response; a different body is 422', async () => {
    const send = (name: string) =>
      call(handler, apiEvent('POST', '/v1/things', { body: { name }, headers: { 'Idempotency-Key': 'key-000001' }, claims: applicant }));
    const first = await send('alpha');
    const again = await send('alpha');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers!['idempotent-replayed']).toBe('true');
    expect(created).toBe(1);
    const other = await send('beta');
    expect(other.statusCode).toBe(422);
    expect(other.json).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('Idempotency-Key: a 500 frees the key so the retry runs again, and leaks no internals', async () => {
    const admin = claimsFor('admin');
    const send = () => call(handler, apiEvent('POST', '/v1/boom', { headers: { 'Idempotency-Key': 'boom-000001' }, claims: admin }));
    failNext = true;
    const failed = await send();
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toMatch(/hunter2/);
    expect(failed.json).toMatchObject({ code: 'INTERNAL', instance: 'req-1' });
    failNext = false;
    expect((await send()).statusCode).toBe(200);
  });

  it('a malformed Idempotency-Key is a 400 naming the header', async () => {
    const r = await call(handler, apiEvent('POST', '/v1/things', { body: { name: 'ok' }, headers: { 'Idempotency-Key': 'x' }, claims: applicant }));
    expect(r.json).toMatchObject({ status: 400, errors: [{ path: '$.headers.Idempotency-Key' }] });
  });

  it('refuses to build an API whose context leaves a route unimplemented', () => {
    expect(() => createApi('platform', table, { create: async () => ({}) } as never, { idempotencyStore: () => store })).toThrow(
      /does not implement routes: get, boom/,
    );
  });
});

describe('problems in Chinese and English', () => {
  it('Accept-Language picks zh or en by weight; Chinese when neither is asked for', () => {
    expect(languageOf(undefined)).toBe('zh');
    expect(languageOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('fr-FR, en;q=0.5')).toBe('en');
    expect(languageOf('fr-FR')).toBe('zh');
    expect(languageOf('en;q=0.4, zh-TW;q=0.6')).toBe('zh');
  });

  it('every code has its Chinese sentence; the code and status do not change with the language', () => {
    const e = new DomainError('APPLICATION.SECOND_CORRECTION_NOTICE', 'A correction notice was already issued on 2026-11-24; the law allows one notice.');
    expect(problemOf(e, 'req-1', 'zh')).toMatchObject({
      title: '状态冲突',
      status: 409,
      code: 'APPLICATION.SECOND_CORRECTION_NOTICE',
      detail: expect.stringContaining('一次性告知'),
    });
    expect(problemOf(e, 'req-1', 'en')).toMatchObject({ title: 'Conflict', status: 409, code: 'APPLICATION.SECOND_CORRECTION_NOTICE', detail: e.message });
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) expect(ZH[code]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("the caller's own address", () => {
  const event = (headers: Record<string, string>) => ({ headers, requestContext: { identity: { sourceIp: '130.176.1.1' } } }) as never;
  it('is the viewer address CloudFront sets (IPv4 or IPv6, without the port), the connection’s without it', () => {
    expect(clientAddressOf(event({ 'CloudFront-Viewer-Address': '203.0.113.7:46532' }))).toBe('203.0.113.7');
    expect(clientAddressOf(event({ 'cloudfront-viewer-address': '2001:db8:85a3::8a2e:370:7334:443' }))).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(clientAddressOf(event({}))).toBe('130.176.1.1');
    expect(clientAddressOf(event({ 'cloudfront-viewer-address': 'garbage' }))).toBe('130.176.1.1');
  });
});
