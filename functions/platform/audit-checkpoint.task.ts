import * as z from 'zod';
import { appendDecision, retryOnConflict } from './aggregate';
import { addCalendarDays, IsoDate, shanghaiDate } from './calendar';
import { clock } from './clock';
import { auditStore, eventStore, signer } from './deps';
import { checkpointBody, noteKeyId, signedNote } from './domain/checkpoint-note';
import { checkpointNoteKey, extendLog, extension, LOG_STREAM, logLeavesKey, type TransparencyLog } from './domain/transparency-log';
import { DomainError } from './errors';
import { sha256Hex } from './hash';
import { AuditCheckpoint, buildCheckpoint, checkpointObjectKey, checkpointStream, sealCheckpoint } from './domain/audit-checkpoint';

const Input = z.object({ day: IsoDate.optional() }).catch({});

/** Task buildAuditCheckpoint: the seal of a day (default: yesterday in Asia/Shanghai). */
export async function buildAuditCheckpoint(input: unknown): Promise<AuditCheckpoint> {
  const day = Input.parse(input ?? {}).day ?? addCalendarDays(shanghaiDate(clock.now()), -1);
  const previousDay = addCalendarDays(day, -1);
  const store = eventStore();
  const [hashes, previous] = await Promise.all([store.eventHashesOfDay(day), store.load<AuditCheckpoint>(checkpointStream(previousDay))]);
  return buildCheckpoint(day, hashes, previousDay, previous?.state);
}

/** Task sealAuditCheckpoint: store the seal write-once and record it as an event. Idempotent. */
export async function sealAuditCheckpoint(input: unknown): Promise<AuditCheckpoint> {
  const checkpoint = AuditCheckpoint.parse(input);
  const store = eventStore();
  const stream = checkpointStream(checkpoint.day);
  const current = await store.load<AuditCheckpoint>(stream);
  const sealed = sealCheckpoint(current, checkpoint);
  if ('existing' in sealed) return sealed.existing;
  // Object first: the key is per day and its content is determined by the seal, so a retry rewrites the same bytes.
  await auditStore().put(checkpointObjectKey(checkpoint.day), JSON.stringify(checkpoint, null, 2), 'application/json');
  const { state } = await appendDecision(store, stream, current, sealed.decision, { actor: 'system:audit-checkpoint', at: clock.now() });
  return state;
}

/** A checkpoint of the log as a signed note, signed with the current e-seal key (docs/audit.md). */
async function signCheckpoint(size: number, root: string): Promise<string> {
  const body = checkpointBody(size, Buffer.from(root, 'hex'));
  const seal = signer();
  const { kid, signature } = await seal.sign(Buffer.from(body, 'utf8'));
  const jwk = (await seal.publicKeys()).find((k) => k.kid === kid);
  if (!jwk) throw new Error(`the e-seal key ${kid} is not among the published keys`);
  return signedNote(body, noteKeyId(jwk), signature);
}

/**
 * Task extendTransparencyLog: the sealed day's event hashes join the public Merkle log, under a new
 * signed checkpoint. Idempotent (a day is in the log once); a concurrent extension (another day's)
 * is read again and retried.
 */
export async function extendTransparencyLog(input: unknown): Promise<{ size: number; root: string }> {
  const seal = AuditCheckpoint.parse(input);
  const store = eventStore();
  const hashes = await store.eventHashesOfDay(seal.day);
  if (sha256Hex(hashes.join('')) !== seal.eventsDigest)
    throw new DomainError('AUDIT.SEAL_MISMATCH', `The events of ${seal.day} no longer hash to its seal; the day is not added to the log.`);
  // The leaves first: the file is per day and its bytes are the day's hashes, so a retry rewrites the same object.
  await auditStore().put(logLeavesKey(seal.day), JSON.stringify({ day: seal.day, hashes }), 'application/json');
  // Another day's extension may land first: read the log again and extend that.
  return retryOnConflict(async () => {
    const current = await store.load<TransparencyLog>(LOG_STREAM);
    const next = extension(current?.state, seal.day, hashes);
    if (!next) return { size: current!.state.size, root: current!.state.root };
    const checkpoint = await signCheckpoint(next.size, next.root);
    await appendDecision(store, LOG_STREAM, current, extendLog(current, next, checkpoint), { actor: 'system:audit-checkpoint', at: clock.now() });
    // An archive copy; the checkpoint event is the record (the routes read it).
    await auditStore().put(checkpointNoteKey(next.size), checkpoint, 'text/plain; charset=utf-8');
    return { size: next.size, root: next.root };
  });
}
