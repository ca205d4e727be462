import { auditBucket, documentClient, documentsBucket, s3Client, tableName } from './aws';
import { type BlobStore, S3BlobStore } from './blob-store';
import { platformConfig } from './config';
import type { EventStore } from './event-store';
import { DynamoEventStore } from './event-store.dynamodb';
import { DynamoIdempotencyStore, type IdempotencyStore } from './idempotency';
import { type AccessLog, DynamoAccessLog } from './access-log';
import { type KeyWrapper, KmsKeyWrapper, LocalKeyWrapper } from './envelope';
import { readFileSync } from 'node:fs';
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner, LocalSigner, type Signer } from './signing';

/** The adapters every handler uses, created on first use (never at import: keeps cold starts short). */
let events: EventStore | undefined;
let idem: IdempotencyStore | undefined;
let blobs: BlobStore | undefined;
let audit: BlobStore | undefined;

export const eventStore = (): EventStore => (events ??= new DynamoEventStore(documentClient(), tableName()));
export const idempotencyStore = (): IdempotencyStore =>
  (idem ??= new DynamoIdempotencyStore(documentClient(), tableName(), platformConfig.idempotency.retentionHours));
export const blobStore = (): BlobStore => (blobs ??= new S3BlobStore(s3Client(), documentsBucket()));
/** The write-once store of audit seals (S3 Object Lock in AWS). */
export const auditStore = (): BlobStore => (audit ??= new S3BlobStore(s3Client(), auditBucket()));

let seal: Signer | undefined;
/**
 * The e-seal signer: the KMS keys named by SEAL_KMS_KEY_ARNS (a JSON array, current first) in AWS,
 * the key files in SEAL_LOCAL_KEY_DIR locally.
 */
export const signer = (): Signer => {
  if (seal) return seal;
  const arns = process.env.SEAL_KMS_KEY_ARNS;
  if (arns) return (seal = new KmsSigner(new KMSClient({}), JSON.parse(arns) as string[]));
  const dir = process.env.SEAL_LOCAL_KEY_DIR;
  if (!dir) throw new Error('no e-seal key configured (SEAL_KMS_KEY_ARNS or SEAL_LOCAL_KEY_DIR)');
  return (seal = new LocalSigner(dir));
};

/** Local runtime only: forget the signer so that a rotated key is picked up. */
export const resetSigner = (): void => {
  seal = undefined;
};

let access: AccessLog | undefined;
export const accessLog = (): AccessLog => (access ??= new DynamoAccessLog(documentClient(), tableName()));

let pii: KeyWrapper | undefined;
/** The master key of personal data at rest (P4): the KMS key PII_KMS_KEY_ARN in AWS, the key file PII_LOCAL_KEY_FILE locally. */
export const piiKeys = (): KeyWrapper => {
  if (pii) return pii;
  if (process.env.PII_KMS_KEY_ARN) return (pii = new KmsKeyWrapper(new KMSClient({}), process.env.PII_KMS_KEY_ARN));
  const file = process.env.PII_LOCAL_KEY_FILE;
  if (!file) throw new Error('no key for personal data (PII_KMS_KEY_ARN or PII_LOCAL_KEY_FILE)');
  return (pii = new LocalKeyWrapper(readFileSync(file)));
};
