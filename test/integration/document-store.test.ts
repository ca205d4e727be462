import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3BlobStore } from '../../functions/platform/blob-store.s3';
import { ensureBuckets, freePort, LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import { startDocumentStoreFront } from '../../local/document-store';

/**
 * The local document store's front (local/document-store.ts) holds requests to what S3 enforces, so that a presigning
 * mistake fails here as it would deployed. Its own s3rver and a clock the test moves: an expired URL without a sleep.
 */
describe('the local document store enforces what S3 enforces', () => {
  let s3rver: S3rver;
  let front: Server;
  let url: string;
  let now = Date.now();
  const client = (secretAccessKey = LOCAL_CREDENTIALS.secretAccessKey) =>
    new S3Client({
      endpoint: url,
      region: LOCAL_REGION,
      credentials: { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey },
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
  const bytes = Buffer.from('%PDF-1.4 the checked bytes');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const put = (to: string, body: Buffer, headers: Record<string, string>) => fetch(to, { method: 'PUT', body: new Uint8Array(body), headers });

  beforeAll(async () => {
    const backendPort = await freePort();
    s3rver = new S3rver({ port: backendPort, address: '127.0.0.1', directory: join(mkdtempSync(join(tmpdir(), 'front-')), 's3'), silent: true });
    await s3rver.run();
    const port = await freePort();
    front = await startDocumentStoreFront(port, { backend: `http://127.0.0.1:${backendPort}`, credentials: LOCAL_CREDENTIALS, now: () => now });
    url = `http://127.0.0.1:${port}`;
    await ensureBuckets(url, ['front-test']);
  });
  afterAll(async () => {
    front.closeAllConnections();
    await new Promise((r) => front.close(r));
    await s3rver.close();
  });

  it('L2: a presigned upload takes the declared bytes once; other bytes, a second PUT and an expired URL are refused', async () => {
    const store = new S3BlobStore(client(), 'front-test');
    const key = `documents/front/${sha256}`;
    const up = await store.presignUpload(key, { contentType: 'application/pdf', size: bytes.length, sha256, expiresInSeconds: 60 });
    const other = Buffer.from(bytes);
    other[other.length - 1] = 0x21;
    const refused = await put(up.url, other, up.headers);
    expect([refused.status, await refused.text()]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code>')]);
    expect((await put(up.url, bytes, up.headers)).status).toBe(200);
    const again = await put(up.url, bytes, up.headers);
    expect([again.status, await again.text()]).toEqual([412, expect.stringContaining('<Code>PreconditionFailed</Code>')]);
    expect((await store.digest(key))?.sha256).toBe(sha256);

    const later = await store.presignUpload(`documents/front/later-${sha256}`, {
      contentType: 'application/pdf',
      size: bytes.length,
      sha256,
      expiresInSeconds: 60,
    });
    now += 61_000;
    try {
      const expired = await put(later.url, bytes, later.headers);
      expect([expired.status, await expired.text()]).toEqual([403, expect.stringContaining('Request has expired')]);
    } finally {
      now = Date.now();
    }
  });

  it('refuses what nobody signed: no signature, a wrong key, a changed expiry or key, a signed header changed or left out', async () => {
    const store = new S3BlobStore(client(), 'front-test');
    const key = `documents/front/refusals-${sha256}`;
    const up = await store.presignUpload(key, { contentType: 'application/pdf', size: bytes.length, sha256, expiresInSeconds: 60 });
    const denied = async (r: Promise<Response>, code: string) => {
      const answer = await r;
      expect([answer.status, await answer.text()]).toEqual([expect.any(Number), expect.stringContaining(`<Code>${code}</Code>`)]);
      expect(answer.status).toBeGreaterThanOrEqual(400);
    };
    await denied(put(`${url}/front-test/${key}`, bytes, { 'content-type': 'application/pdf' }), 'AccessDenied');
    await denied(put(up.url.replace('X-Amz-Expires=60', 'X-Amz-Expires=600'), bytes, up.headers), 'SignatureDoesNotMatch');
    await denied(put(up.url.replace(`refusals-${sha256}`, `elsewhere-${sha256}`), bytes, up.headers), 'SignatureDoesNotMatch');
    await denied(put(up.url, bytes, { ...up.headers, 'content-type': 'text/html' }), 'SignatureDoesNotMatch');
    await denied(put(up.url, Buffer.concat([bytes, Buffer.from(' ')]), up.headers), 'SignatureDoesNotMatch');
    const { 'if-none-match': _dropped, ...overwriting } = up.headers;
    await denied(put(up.url, bytes, overwriting), 'SignatureDoesNotMatch');
    // Signed by the SDK with another secret (Authorization header): refused, as S3 refuses a wrong key.
    await expect(client('not-the-secret').send(new PutObjectCommand({ Bucket: 'front-test', Key: 'x', Body: 'x' }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    // A download link is for its key and its lifetime only.
    await store.put('front/readable.txt', 'readable', 'text/plain');
    const link = await getSignedUrl(client(), new GetObjectCommand({ Bucket: 'front-test', Key: 'front/readable.txt' }), { expiresIn: 30 });
    expect(await (await fetch(link)).text()).toBe('readable');
    expect((await fetch(link.replace('readable.txt', 'other.txt'))).status).toBe(403);
    expect((await fetch(`${url}/front-test/front/readable.txt`)).status).toBe(403);
  });

  it("the platform's own signed requests pass: put, get, digest, a bucket's CORS rules", async () => {
    const store = new S3BlobStore(client(), 'front-test');
    await store.put('front/own.json', '{"a":1}', 'application/json');
    expect((await store.get('front/own.json'))?.toString()).toBe('{"a":1}');
    expect(await store.get('front/none.json')).toBeUndefined();
    expect(await store.digest('front/none.json')).toBeUndefined();
    await ensureBuckets(url, ['front-test'], {
      'front-test': { AllowedMethods: ['PUT'], AllowedOrigins: ['http://127.0.0.1:1'], AllowedHeaders: ['content-type'] },
    });
  });
});
