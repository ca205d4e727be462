import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetClock } from '../../functions/platform/clock';
import { routes } from '../../functions/routes';
import { type LocalPlatform, type LocalPlatformOptions, startLocalPlatform } from '../../local/runtime';
import { compileRoutes } from '../../local/server';
import { pdfBytes, testEnterpriseName } from './fixtures';

/**
 * The local platform against the shared emulators, driven over HTTP, with the stream poller and
 * the scheduler run by the test (`settle`) so that every workflow a step starts has finished
 * before the next step.
 */
export interface Harness {
  p: LocalPlatform;
  http: (
    method: string,
    path: string,
    o?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<{ status: number; headers: Headers; json: Record<string, unknown> | undefined }>;
  token: (claims: Record<string, string>) => Promise<string>;
  settle: () => Promise<void>;
  setClock: (iso: string) => Promise<void>;
  registerEnterprise: (uscc: string, regionCode?: string) => Promise<string>;
  uploadDocument: (uscc: string, token: string, materialType: string, o?: { validUntil?: string; text?: string }) => Promise<string>;
}

const compiled = compileRoutes(routes);

/**
 * Every success the e2e suite receives is checked against the response schema its route declares
 * (functions/routes.ts), and its media type against the one declared: the OpenAPI document is
 * generated from those schemas, so what it promises is what the API answers.
 */
function assertDeclaredResponse(method: string, path: string, res: Response, json: unknown): void {
  if (res.status < 200 || res.status >= 300 || res.redirected) return;
  const pathname = new URL(path, 'http://x').pathname;
  const route = compiled.find((r) => r.spec.method === method && r.pattern.test(pathname))?.spec;
  if (!route) return; // local-only routes (/local/...)
  // A cacheable public read says for how long, as its row declares (API Gateway caches it that long).
  if (route.cacheSeconds && !(res.headers.get('cache-control') ?? '').includes(`max-age=${route.cacheSeconds}`))
    throw new Error(`${method} ${path}: cache-control ${res.headers.get('cache-control')}, the route declares ${route.cacheSeconds} s`);
  const type = res.headers.get('content-type') ?? '';
  const declared = route.produces ?? ['application/json'];
  if (!declared.some((t) => type.startsWith(t))) throw new Error(`${method} ${path}: answered ${type}, the route declares ${declared.join(', ')}`);
  if (!type.startsWith('application/json')) return;
  if (!route.response) throw new Error(`${method} ${route.path} declares no response schema`);
  const checked = route.response.safeParse(json);
  if (!checked.success)
    throw new Error(`${method} ${path}: the answer does not match its declared schema: ${JSON.stringify(checked.error.issues.slice(0, 5))}`);
}

export async function startHarness(options: Partial<LocalPlatformOptions> = {}): Promise<Harness> {
  const p = await startLocalPlatform({
    dataDir: mkdtempSync(join(tmpdir(), 'pp-harness-')),
    port: 0,
    dynamoUrl: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    s3Url: process.env.AWS_ENDPOINT_URL_S3,
    background: false,
    // Workflows' retry backoff in milliseconds: a day of retries of an unreachable hotline in a test.
    retryIntervalMs: 5,
    waitMs: 0,
    // The emulators' table is shared by every test file: only a file with a table of its own reconciles.
    reconcile: false,
    ...options,
  });
  const http: Harness['http'] = async (method, path, o = {}) => {
    const res = await fetch(p.apiUrl + path, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    assertDeclaredResponse(method, path, res, json);
    return { status: res.status, headers: res.headers, json };
  };
  const token = async (claims: Record<string, string>) => (await http('POST', '/local/tokens', { body: claims })).json!.token as string;
  const settle = async () => {
    for (let round = 0; round < 20; round++) {
      const handled = await p.poller.drain();
      const running = p.stepFunctions.list().filter((e) => e.status === 'RUNNING');
      await Promise.all(running.map((e) => e.done));
      if (!handled && !running.length) return;
    }
    throw new Error('the platform did not settle');
  };
  const setClock = async (iso: string) => {
    const r = await http('POST', '/local/clock', { body: { now: iso } });
    if (r.status !== 200) throw new Error(`clock: ${JSON.stringify(r.json)}`);
    await settle();
  };
  const registerEnterprise = async (uscc: string, regionCode = '350100') => {
    const t = await token({ role: 'applicant', enterpriseId: uscc });
    const r = await http('POST', '/v1/enterprises', {
      token: t,
      body: {
        uscc,
        name: testEnterpriseName(uscc),
        regionCode,
        legalRepresentative: { name: '林测试' },
        address: '福建省福州市鼓楼区五四路 100 号',
      },
    });
    if (r.status !== 201) throw new Error(`register: ${JSON.stringify(r.json)}`);
    return t;
  };
  const uploadDocument: Harness['uploadDocument'] = async (uscc, t, materialType, o = {}) => {
    const bytes = pdfBytes(`${materialType} of ${uscc} ${o.text ?? ''} ${Math.random()}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const declared = await http('POST', `/v1/enterprises/${uscc}/documents`, {
      token: t,
      body: {
        materialType,
        fileName: `${materialType}.pdf`,
        contentType: 'application/pdf',
        size: bytes.length,
        sha256,
        ...(o.validUntil ? { validUntil: o.validUntil } : {}),
      },
    });
    const upload = declared.json!.upload as { url: string; headers: Record<string, string> };
    await fetch(upload.url, { method: 'PUT', body: new Uint8Array(bytes), headers: upload.headers });
    const confirmed = await http('POST', `/v1/enterprises/${uscc}/documents/${sha256}/confirmation`, { token: t });
    if (confirmed.status !== 200) throw new Error(`confirm: ${JSON.stringify(confirmed.json)}`);
    return sha256;
  };
  return { p, http, token, settle, setClock, registerEnterprise, uploadDocument };
}

/**
 * A test file's harness: started before its tests — call this before the file's own `beforeAll`,
 * which then can use it — and stopped after them, with the platform clock back on real time.
 */
export function useHarness(started: (h: Harness) => void, options: () => Partial<LocalPlatformOptions> = () => ({})): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(options());
    started(h);
  });
  afterAll(async () => {
    resetClock();
    await h?.p.stop();
  });
}
