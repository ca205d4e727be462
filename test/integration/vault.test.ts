import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { handler as enterprisesApi } from '../../functions/enterprises/api.handler';
import { accessLog } from '../../functions/platform/deps';
import { documentStream } from '../../functions/enterprises/domain/document';
import { apiEvent, call, claimsFor, type Handler } from '../support/api-event';
import { newUscc, pdfBytes, pngBytes } from '../support/fixtures';

const api = enterprisesApi as unknown as Handler;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function registered() {
  const uscc = newUscc();
  const claims = claimsFor('applicant', { enterpriseId: uscc }, `user-${uscc}`);
  const r = await call(
    api,
    apiEvent('POST', '/v1/enterprises', { body: { uscc, name: '福州测试电力有限公司', regionCode: '350102', legalRepresentative: { name: '王五' } }, claims }),
  );
  expect(r.statusCode).toBe(201);
  return { uscc, claims };
}

const declare = (uscc: string, claims: Record<string, string>, bytes: Buffer, extra: Record<string, unknown> = {}) =>
  call(
    api,
    apiEvent('POST', '/v1/enterprises/{uscc}/documents', {
      path: { uscc },
      body: { materialType: 'business-license', fileName: 'licence.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes), ...extra },
      claims,
    }),
  );
const confirm = (uscc: string, claims: Record<string, string>, id: string) =>
  call(api, apiEvent('POST', '/v1/enterprises/{uscc}/documents/{documentId}/confirmation', { path: { uscc, documentId: id }, claims }));
type Upload = { url: string; headers: Record<string, string> };
/** A PUT to a declaration's presigned URL with the headers it signed (content type, SHA-256 checksum, If-None-Match). */
const upload = (u: Upload, bytes: Buffer, headers: Record<string, string> = u.headers) => fetch(u.url, { method: 'PUT', body: new Uint8Array(bytes), headers });

describe('document vault against s3rver and DynamoDB Local', () => {
  it('L2: upload through the presigned URL, confirm, and the document is listed as usable', async () => {
    const { uscc, claims } = await registered();
    const bytes = pdfBytes(`licence of ${uscc}`);
    const declared = await declare(uscc, claims, bytes, { validUntil: '2030-12-31' });
    expect(declared.statusCode).toBe(201);
    const { document, upload: u } = declared.json as { document: { id: string; status: string }; upload: Upload };
    expect(document.status).toBe('awaiting-upload');
    expect((await upload(u, bytes)).status).toBe(200);
    const confirmed = await confirm(uscc, claims, document.id);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json).toMatchObject({ status: 'available', sha256: sha256(bytes) });
    const list = await call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents', { path: { uscc }, claims }));
    expect(list.json!.items).toEqual([expect.objectContaining({ id: document.id, usable: true, validUntil: '2030-12-31' })]);
    const later = await call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents', { path: { uscc }, query: { usableOn: '2031-01-01' }, claims }));
    expect((later.json!.items as { usable: boolean }[])[0]!.usable).toBe(false);
  });

  it('L2: the same bytes declared twice are one document, returned without a new upload', async () => {
    const { uscc, claims } = await registered();
    const bytes = pdfBytes(`once ${uscc}`);
    const first = await declare(uscc, claims, bytes);
    const { document, upload: u } = first.json as { document: { id: string }; upload: Upload };
    await upload(u, bytes);
    await confirm(uscc, claims, document.id);
    const second = await declare(uscc, claims, bytes, { materialType: 'financial-report', fileName: 'copy.pdf' });
    expect(second.statusCode).toBe(200);
    expect(second.json).toEqual({ document: expect.objectContaining({ id: document.id, materialType: 'business-license', status: 'available' }) });
  });

  it('L2: the store itself refuses bytes other than the declared SHA-256, and the document stays unusable until the right ones arrive', async () => {
    const { uscc, claims } = await registered();
    const declaredBytes = pdfBytes(`declared ${uscc}`);
    const r = await declare(uscc, claims, declaredBytes);
    const { document, upload: u } = r.json as { document: { id: string }; upload: Upload };
    const tampered = Buffer.from(declaredBytes);
    tampered[tampered.length - 2] = 0x41;
    const refusedPut = await upload(u, tampered);
    expect(refusedPut.status).toBe(400);
    expect(await refusedPut.text()).toContain('<Code>BadDigest</Code>');
    expect((await confirm(uscc, claims, document.id)).json).toMatchObject({ status: 409, code: 'DOCUMENT.NOT_UPLOADED' });
    const list = await call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents', { path: { uscc }, claims }));
    expect(list.json!.items).toEqual([expect.objectContaining({ status: 'awaiting-upload', usable: false })]);
    // Uploading the right bytes afterwards makes it usable.
    expect((await upload(u, declaredBytes)).status).toBe(200);
    expect((await confirm(uscc, claims, document.id)).json).toMatchObject({ status: 'available' });
  });

  it('L2: checked bytes stay the checked bytes — no PUT without the signed checksum, none after the upload, none to another key, none unsigned', async () => {
    const { uscc, claims } = await registered();
    const bytes = pdfBytes(`kept ${uscc}`);
    const { document, upload: u } = (await declare(uscc, claims, bytes)).json as { document: { id: string }; upload: Upload };
    expect(Object.keys(u.headers).sort()).toEqual(['content-type', 'if-none-match', 'x-amz-checksum-sha256']);
    // The checksum and the no-overwrite condition are signed: leaving either out breaks the signature.
    const { 'x-amz-checksum-sha256': _c, ...noChecksum } = u.headers;
    expect((await upload(u, bytes, noChecksum)).status).toBe(403);
    const { 'if-none-match': _n, ...overwriting } = u.headers;
    expect((await upload(u, bytes, overwriting)).status).toBe(403);
    expect((await upload(u, bytes)).status).toBe(200);
    expect((await confirm(uscc, claims, document.id)).json).toMatchObject({ status: 'available' });
    // After the check: the same URL (within its 15 minutes) cannot write again, nor a fresh declaration's URL.
    const swapped = Buffer.from(bytes);
    swapped[swapped.length - 2] = 0x42;
    expect((await upload(u, swapped)).status).toBe(400);
    expect((await upload(u, bytes)).status).toBe(412);
    // The URL's signature is for its key only, and the store takes nothing unsigned.
    expect((await fetch(u.url.replace(document.id, 'f'.repeat(64)), { method: 'PUT', body: new Uint8Array(bytes), headers: u.headers })).status).toBe(403);
    const bare = new URL(u.url);
    expect(
      (await fetch(`${bare.origin}${bare.pathname}`, { method: 'PUT', body: new Uint8Array(swapped), headers: { 'content-type': 'application/pdf' } })).status,
    ).toBe(403);
    // What every link serves hashes to the document's id.
    for (let i = 0; i < 2; i++) {
      const link = await call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents/{documentId}/link', { path: { uscc, documentId: document.id }, claims }));
      expect(sha256(Buffer.from(await (await fetch((link.json as { url: string }).url)).arrayBuffer()))).toBe(document.id);
    }
  });

  it('a PNG declared as a PDF is refused by its leading bytes; nothing uploaded is 409', async () => {
    const { uscc, claims } = await registered();
    const png = pngBytes();
    const r = await declare(uscc, claims, png);
    const { document, upload: u } = r.json as { document: { id: string }; upload: Upload };
    expect((await confirm(uscc, claims, document.id)).json).toMatchObject({ status: 409, code: 'DOCUMENT.NOT_UPLOADED' });
    await upload(u, png);
    expect((await confirm(uscc, claims, document.id)).json).toMatchObject({ status: 422, code: 'DOCUMENT.CONTENT_TYPE_MISMATCH' });
  });

  it('a declaration over the size limit or of another type is refused before any URL is issued', async () => {
    const { uscc, claims } = await registered();
    const big = await declare(uscc, claims, pdfBytes('x'), { size: 50 * 1024 * 1024 });
    expect(big.json).toMatchObject({ status: 413, code: 'DOCUMENT.TOO_LARGE' });
    const exe = await declare(uscc, claims, pdfBytes('x'), { contentType: 'application/x-msdownload' });
    expect(exe.json).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: '$.body.contentType' })] });
  });

  it("one enterprise cannot read or write another enterprise's vault (BOLA)", async () => {
    const a = await registered();
    const b = await registered();
    const read = await call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents', { path: { uscc: b.uscc }, claims: a.claims }));
    expect(read.json).toMatchObject({ status: 403, code: 'AUTH.OUT_OF_SCOPE' });
    const write = await declare(b.uscc, a.claims, pdfBytes('intruder'));
    expect(write.statusCode).toBe(403);
    const staffElsewhere = claimsFor('reviewer', { agencyId: 'nea-south' });
    expect((await call(api, apiEvent('GET', '/v1/enterprises/{uscc}', { path: { uscc: a.uscc }, claims: staffElsewhere }))).statusCode).toBe(403);
    const staffHere = claimsFor('reviewer', { agencyId: 'nea-fujian' });
    expect((await call(api, apiEvent('GET', '/v1/enterprises/{uscc}', { path: { uscc: a.uscc }, claims: staffHere }))).json).toMatchObject({
      uscc: a.uscc,
      agencyId: 'nea-fujian',
    });
  });
  it("L2: a vault document opens through a five-minute link for its holder and its agency's staff, every opening logged; nobody else, nothing before upload", async () => {
    const { uscc, claims } = await registered();
    const bytes = pdfBytes(`opened ${uscc}`);
    const { document, upload: u } = (await declare(uscc, claims, bytes)).json as { document: { id: string }; upload: Upload };
    const link = (who: Record<string, string>) =>
      call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents/{documentId}/link', { path: { uscc, documentId: document.id }, claims: who }));
    expect((await link(claims)).json).toMatchObject({ status: 409, code: 'DOCUMENT.NOT_UPLOADED' });
    await upload(u, bytes);
    await confirm(uscc, claims, document.id);
    const reviewer = claimsFor('reviewer', { agencyId: 'nea-fujian' }, 'reviewer-opening');
    for (const who of [claims, reviewer]) {
      const r = await link(who);
      expect(r.statusCode).toBe(200);
      const { url, expiresAt } = r.json as { url: string; expiresAt: string };
      expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);
      expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
    }
    expect((await link(claimsFor('reviewer', { agencyId: 'nea-south' }))).statusCode).toBe(403);
    expect((await link((await registered()).claims)).statusCode).toBe(403);
    const log = await accessLog().list(documentStream(uscc, document.id));
    expect(log.map((l) => [l.action, l.actor]).sort()).toEqual([
      ['document-opened', 'reviewer-opening'],
      ['document-opened', `user-${uscc}`],
    ]);
  });

  it('L2: in a versioned bucket the version checked at confirmation is the version every link opens', async () => {
    const { uscc, claims } = await registered();
    const bytes = pdfBytes(`versioned ${uscc}`);
    const { document } = (await declare(uscc, claims, bytes)).json as { document: { id: string } };
    // s3rver keeps no versions: the bucket's answers are S3's, as a versioned bucket gives them (the table stays real).
    const s3 = mockClient(S3Client);
    try {
      s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([bytes]), VersionId: 'v-checked' }));
      expect((await confirm(uscc, claims, document.id)).json).toMatchObject({ status: 'available', objectVersion: 'v-checked' });
      const link = await call(api, apiEvent('GET', '/v1/enterprises/{uscc}/documents/{documentId}/link', { path: { uscc, documentId: document.id }, claims }));
      expect(new URL((link.json as { url: string }).url).searchParams.get('versionId')).toBe('v-checked');
    } finally {
      s3.restore();
    }
  });
});
