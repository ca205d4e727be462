import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { BlobStore, ObjectDigest, PresignedUpload } from './blob-store';

const HEAD_BYTES = 16;

/** The headers a presigned upload signs: S3 refuses a request whose values differ, and checks the body against the checksum. */
const SIGNED_UPLOAD_HEADERS = ['content-type', 'content-length', 'x-amz-checksum-sha256', 'if-none-match'];

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload(key: string, opts: { contentType: string; size: number; sha256: string; expiresInSeconds: number }): Promise<PresignedUpload> {
    const checksum = Buffer.from(opts.sha256, 'hex').toString('base64');
    const cmd = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: opts.contentType,
      ContentLength: opts.size,
      ChecksumSHA256: checksum,
      IfNoneMatch: '*',
    });
    const url = await getSignedUrl(this.s3, cmd, {
      expiresIn: opts.expiresInSeconds,
      signableHeaders: new Set(SIGNED_UPLOAD_HEADERS),
      // Hoisted into the query, S3 would not check the checksum against the body: it must travel as a header.
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    return { url, headers: { 'content-type': opts.contentType, 'x-amz-checksum-sha256': checksum, 'if-none-match': '*' } };
  }

  async digest(key: string): Promise<ObjectDigest | undefined> {
    const out = await this.read(key);
    if (!out) return undefined;
    const hash = createHash('sha256');
    let size = 0;
    const chunks: Buffer[] = [];
    let headLen = 0;
    for await (const chunk of out.Body as Readable) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      hash.update(buf);
      size += buf.length;
      if (headLen < HEAD_BYTES) {
        chunks.push(buf.subarray(0, HEAD_BYTES - headLen));
        headLen += Math.min(buf.length, HEAD_BYTES - headLen);
      }
    }
    // The version read is the version checked: whoever reads the object later asks for exactly it.
    return { size, sha256: hash.digest('hex'), head: Buffer.concat(chunks), ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  }

  async put(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async get(key: string, versionId?: string): Promise<Buffer | undefined> {
    const out = await this.read(key, versionId);
    return out ? Buffer.from(await out.Body!.transformToByteArray()) : undefined;
  }

  presignDownload(key: string, expiresInSeconds: number, versionId?: string): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }), { expiresIn: expiresInSeconds });
  }

  private async read(key: string, versionId?: string) {
    try {
      return await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw e;
    }
  }
}
