import type { EventsOf } from '../../events';
import * as z from 'zod';
import { DomainError } from '../errors';
import type { Decision } from '../aggregate';
import { IsoDate } from '../calendar';
import { GENESIS_HASH, type Snapshot } from '../event-store';
import { canonicalJson, sha256Hex } from '../hash';

/**
 * The daily audit seal (X1): one hash over every event hash of a day, chained to the previous
 * day's seal. Published write-once, it lets anyone holding an export prove that no event of a
 * sealed day was changed, dropped or inserted afterwards.
 */
export const AuditCheckpoint = z.object({
  day: IsoDate,
  eventCount: z.number().int().nonnegative(),
  /** SHA-256 over the day's event hashes, concatenated in (time, stream, seq) order. */
  eventsDigest: z.string().length(64),
  previousDay: IsoDate,
  previousSeal: z.string().length(64),
  seal: z.string().length(64),
});
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const checkpointStream = (day: string): string => `AUDIT#CHECKPOINT#${day}`;
export const checkpointObjectKey = (day: string): string => `audit/checkpoints/${day}.json`;

export function buildCheckpoint(day: string, eventHashes: readonly string[], previousDay: string, previous: AuditCheckpoint | undefined): AuditCheckpoint {
  const eventsDigest = sha256Hex(eventHashes.join(''));
  const previousSeal = previous?.seal ?? GENESIS_HASH;
  const seal = sha256Hex(canonicalJson({ day, eventCount: eventHashes.length, eventsDigest, previousSeal }));
  return { day, eventCount: eventHashes.length, eventsDigest, previousDay, previousSeal, seal };
}

export type Sealed = { existing: AuditCheckpoint } | { decision: Decision<AuditCheckpoint, EventsOf<'audit checkpoint'>> };

/** A day is sealed once; sealing it again with the same content is a no-op, with other content a conflict. */
export function sealCheckpoint(current: Snapshot<AuditCheckpoint> | undefined, checkpoint: AuditCheckpoint): Sealed {
  if (current) {
    if (current.state.seal === checkpoint.seal) return { existing: current.state };
    throw new DomainError('AUDIT.SEAL_MISMATCH', `Day ${checkpoint.day} is already sealed with a different seal; the trail of that day has changed.`);
  }
  return { decision: { events: [{ type: 'AuditCheckpointSealed', data: { ...checkpoint } }], state: checkpoint } };
}
