import { complaintTally } from './complaints/tallies';
import { streamKind } from './indexes';
import type { Tally } from './platform/event-store';

type TallyOf<S> = (state: S) => readonly Tally[];
const of = <S>(fn: TallyOf<S>) => fn as TallyOf<unknown>;

/**
 * THE tally registry: the report counters each kind of projection contributes to, by the kind of its
 * stream. The store adds the difference between a projection's contribution before and after every
 * append, in the append's transaction (platform/event-store.ts `Tally`): reports read counters, not
 * histories, and a redelivered or retried event cannot count twice.
 */
export const TALLIES: Readonly<Record<string, TallyOf<unknown>>> = {
  COMPLAINT: of(complaintTally),
};

export const talliesOf = (stream: string, state: unknown): readonly Tally[] => TALLIES[streamKind(stream)]?.(state) ?? [];
