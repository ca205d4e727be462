import { readFileSync } from 'node:fs';
import { type AccessLog } from './access-log';
import { DynamoAccessLog } from './access-log.dynamodb';
import { auditBucket, documentClient, documentsBucket, kmsClient, s3Client, tableName } from './aws';
import { type BlobStore } from './blob-store';
import { S3BlobStore } from './blob-store.s3';
import { platformConfig } from './config';
import { EnvelopeAlgorithm, type KeyWrapper } from './envelope';
import { LocalKeyWrapper } from './envelope.local';
import { ChannelNotifier, type Notifier } from './notifier';
import { GatewayNotifier } from './notifier.gateway';
import { SesNotifier } from './notifier.ses';
import { SnsNotifier } from './notifier.sns';
import { KmsKeyWrapper } from './envelope.kms';
import { env } from './env';
import { newObligation } from './domain/obligation';
import { type EventStore, eventId, type StoredEvent } from './event-store';
import { DynamoObligationStore } from './obligations.dynamodb';
import { indexOf } from '../indexes';
import { talliesOf } from '../tallies';
import { workflowsCalledFor } from '../reactions';
import { DynamoEventStore } from './event-store.dynamodb';
import { type IdempotencyStore } from './idempotency';
import { DynamoIdempotencyStore } from './idempotency.dynamodb';
import { SealAlgorithm, type Signer } from './signing';
import { LocalSigner } from './signing.local';
import { KmsSigner } from './signing.kms';
import type { Workflows } from './workflows';
import { SfnWorkflowStarter } from './workflows.sfn';

/**
 * The adapters every handler uses, made on first use (never at import: keeps cold starts short)
 * from the resource its function declares (platform/env.ts). Each is kept per resource name, so
 * the local runtime — many functions in one process — never hands a function an adapter for a
 * resource its manifest row does not name: the name is read, and checked, on every call. The
 * factories are marked pure so that a bundle keeps only the adapters its function uses (an unused
 * S3 or KMS client is ~100 KiB).
 */
function perResource<T>(make: (name: string) => T): (name: string) => T {
  const made = new Map<string, T>();
  return (name) => {
    let adapter = made.get(name);
    if (!adapter) made.set(name, (adapter = make(name)));
    return adapter;
  };
}

/** The obligations new events carry: the workflows the reactions table says they call for. */
const obligationsOf = (stored: readonly StoredEvent[]) =>
  stored.flatMap((e) => workflowsCalledFor(e).map((call) => newObligation(call, eventId(e), new Date(e.at))));
const events = /* @__PURE__ */ perResource((table) => new DynamoEventStore(documentClient(), table, obligationsOf, indexOf, talliesOf));
const obligations = /* @__PURE__ */ perResource((table) => new DynamoObligationStore(documentClient(), table));
const idempotency = /* @__PURE__ */ perResource((table) => new DynamoIdempotencyStore(documentClient(), table, platformConfig.idempotency.retentionHours));
const accessLogs = /* @__PURE__ */ perResource((table) => new DynamoAccessLog(documentClient(), table));
const buckets = /* @__PURE__ */ perResource((bucket) => new S3BlobStore(s3Client(), bucket));

export const eventStore = (): EventStore => events(tableName());
export const obligationStore = (): DynamoObligationStore => obligations(tableName());
export const idempotencyStore = (): IdempotencyStore => idempotency(tableName());
export const accessLog = (): AccessLog => accessLogs(tableName());
export const blobStore = (): BlobStore => buckets(documentsBucket());
/** The write-once store of audit seals (S3 Object Lock in AWS). */
export const auditStore = (): BlobStore => buckets(auditBucket());

const sealAlgorithm = () => SealAlgorithm.parse(env('SEAL_ALGORITHM') ?? 'ES256');
const kmsSigners = /* @__PURE__ */ perResource((arns) => new KmsSigner(kmsClient(), JSON.parse(arns) as string[], sealAlgorithm()));
let localSigners = /* @__PURE__ */ perResource((dir) => new LocalSigner(dir, sealAlgorithm()));
/**
 * The e-seal signer: the KMS keys named by SEAL_KMS_KEY_ARNS (a JSON array, current first) in AWS,
 * the key files in SEAL_LOCAL_KEY_DIR locally.
 */
export const signer = (): Signer => {
  const arns = env('SEAL_KMS_KEY_ARNS');
  if (arns) return kmsSigners(arns);
  const dir = env('SEAL_LOCAL_KEY_DIR');
  if (!dir) throw new Error('no e-seal key for this function (declare `seal` in its manifest row: SEAL_KMS_KEY_ARNS or SEAL_LOCAL_KEY_DIR)');
  return localSigners(dir);
};

/** Local runtime only: forget the local signers so that a rotated key file is picked up. */
export const resetSigner = (): void => {
  localSigners = perResource((dir) => new LocalSigner(dir, sealAlgorithm()));
};

const piiAlgorithm = () => EnvelopeAlgorithm.parse(env('PII_ALGORITHM') ?? 'A256GCM');
const kmsWrappers = /* @__PURE__ */ perResource((arn) => new KmsKeyWrapper(kmsClient(), arn, piiAlgorithm()));
const localWrappers = /* @__PURE__ */ perResource((file) => new LocalKeyWrapper(readFileSync(file), piiAlgorithm()));
/** The master key of personal data at rest (P4): the KMS key PII_KMS_KEY_ARN in AWS, the key file PII_LOCAL_KEY_FILE locally. */
export const piiKeys = (): KeyWrapper => {
  const arn = env('PII_KMS_KEY_ARN');
  if (arn) return kmsWrappers(arn);
  const file = env('PII_LOCAL_KEY_FILE');
  if (!file) throw new Error('no key for personal data for this function (declare `personalData` in its manifest row: PII_KMS_KEY_ARN or PII_LOCAL_KEY_FILE)');
  return localWrappers(file);
};

const gateways = /* @__PURE__ */ perResource((url) => new GatewayNotifier(url));
let awsNotifier: Notifier | undefined;
/**
 * Messages to people: SES e-mail (NOTIFY_EMAIL_FROM) and SNS SMS (NOTIFY_SMS) in the global profile; a signed messaging
 * gateway (NOTIFY_GATEWAY_URL) in the mainland profile, and locally the local server's outbox, which is one.
 */
export const notifier = (): Notifier => {
  const gateway = env('NOTIFY_GATEWAY_URL');
  if (gateway) return gateways(gateway);
  const region = env('NOTIFY_REGION');
  const from = env('NOTIFY_EMAIL_FROM');
  const sms = env('NOTIFY_SMS') === 'sns';
  if (!region || (!from && !sms)) throw new Error('no notification channel for this function (declare `notify` in its manifest row)');
  return (awsNotifier ??= new ChannelNotifier({
    ...(from ? { email: new SesNotifier(from, region) } : {}),
    ...(sms ? { sms: new SnsNotifier(region) } : {}),
  }));
};

let starter: Workflows | undefined;
/** Step Functions: starts and describes only the state machines this function's rows declare (STATE_MACHINE_ARNS). */
export const workflows = (): Workflows => (starter ??= new SfnWorkflowStarter());
