import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3BlobStore } from '../../functions/platform/blob-store.s3';

/** The S3 adapter's presigned uploads and pinned versions (no network: presigning is local, reads are mocked). */
describe('S3BlobStore', () => {
  const client = () =>
    new S3Client({ region: 'cn-north-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const sha256 = createHash('sha256').update('the bytes').digest('hex');

  it('L2: an upload URL signs the content type, length, SHA-256 checksum (as a header, where S3 checks it) and If-None-Match', async () => {
    const up = await new S3BlobStore(client(), 'docs').presignUpload('documents/u/x', {
      contentType: 'application/pdf',
      size: 9,
      sha256,
      expiresInSeconds: 900,
    });
    const url = new URL(up.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual([
      'content-length',
      'content-type',
      'host',
      'if-none-match',
      'x-amz-checksum-sha256',
    ]);
    // Hoisted into the query S3 would ignore it (aws-sdk-js-v3#4448): it must not be there.
    expect([...url.searchParams.keys()].map((k) => k.toLowerCase())).not.toContain('x-amz-checksum-sha256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(up.headers).toEqual({
      'content-type': 'application/pdf',
      'x-amz-checksum-sha256': Buffer.from(sha256, 'hex').toString('base64'),
      'if-none-match': '*',
    });
  });

  it('L2: the digest names the version it read, and reads and links ask for exactly that version', async () => {
    const s3 = mockClient(S3Client);
    try {
      const bytes = Buffer.from('%PDF-1.4 x');
      // The SDK's body: a stream that can also give all its bytes at once.
      const body = () => Object.assign(Readable.from([bytes]), { transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)) });
      s3.on(GetObjectCommand).callsFake(() => ({ Body: body(), VersionId: 'v-checked' }));
      const store = new S3BlobStore(client(), 'docs');
      expect(await store.digest('documents/u/x')).toMatchObject({ size: 10, versionId: 'v-checked' });
      await store.get('documents/u/x', 'v-checked');
      expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
        { Bucket: 'docs', Key: 'documents/u/x' },
        { Bucket: 'docs', Key: 'documents/u/x', VersionId: 'v-checked' },
      ]);
      expect(new URL(await store.presignDownload('documents/u/x', 300, 'v-checked')).searchParams.get('versionId')).toBe('v-checked');
      expect(new URL(await store.presignDownload('documents/u/x', 300)).searchParams.has('versionId')).toBe(false);
    } finally {
      s3.restore();
    }
  });
});
