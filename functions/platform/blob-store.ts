/** What the store found in an object: its size, SHA-256 and first bytes (for type sniffing). */
export interface ObjectDigest {
  size: number;
  sha256: string;
  head: Buffer;
}

/** Documents and renderings. Keys are content-addressed, so nothing is ever overwritten. */
export interface BlobStore {
  presignUpload(key: string, opts: { contentType: string; size: number; expiresInSeconds: number }): Promise<string>;
  digest(key: string): Promise<ObjectDigest | undefined>;
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** A short-lived GET URL (large public downloads go straight to the bucket, not through a function). */
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
}
