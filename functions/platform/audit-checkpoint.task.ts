import * as z from 'zod';
import { appendDecision } from './aggregate';
import { addCalendarDays, IsoDate, shanghaiDate } from './calendar';
import { clock } from './clock';
import { auditStore, eventStore } from './deps';
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
