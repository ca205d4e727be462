/** What the store found in an object: its size, SHA-256, first bytes (for type sniffing) and the version it read. */
export interface ObjectDigest {
  size: number;
  sha256: string;
  head: Buffer;
  /** The object version the digest was taken of, where the store keeps versions (S3 with versioning; not s3rver). */
  versionId?: string;
}

/** A presigned upload: the URL and the headers the client must send with exactly these values (they are signed). */
export interface PresignedUpload {
  url: string;
  headers: Record<string, string>;
}

/** Documents and renderings. Keys are content-addressed, so nothing is ever overwritten. */
export interface BlobStore {
  /**
   * A PUT URL for exactly the declared bytes: content type, length and SHA-256 are signed, so the store itself refuses
   * other bytes, and `If-None-Match: *` is signed, so it refuses to replace an object already there (L2: checked bytes
   * stay the checked bytes).
   */
  presignUpload(key: string, opts: { contentType: string; size: number; sha256: string; expiresInSeconds: number }): Promise<PresignedUpload>;
  digest(key: string): Promise<ObjectDigest | undefined>;
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes (of that version, when one is given), or undefined when there is none. */
  get(key: string, versionId?: string): Promise<Buffer | undefined>;
  /** A short-lived GET URL (of that version, when one is given): large downloads go straight to the bucket, not through a function. */
  presignDownload(key: string, expiresInSeconds: number, versionId?: string): Promise<string>;
}
