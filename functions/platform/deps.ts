import { auditBucket, documentClient, documentsBucket, s3Client, tableName } from './aws';
import { type BlobStore, S3BlobStore } from './blob-store';
import { platformConfig } from './config';
import type { EventStore } from './event-store';
import { DynamoEventStore } from './event-store.dynamodb';
import { DynamoIdempotencyStore, type IdempotencyStore } from './idempotency';

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
