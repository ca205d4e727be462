import * as z from 'zod';
import { monthComplaintsKey } from './complaints/indexes';
import { complaintTally } from './complaints/tallies';
import { companyHalfKey } from './connections/indexes';
import { connectionTally } from './connections/tallies';
import { agencyCreditKey } from './credit/indexes';
import { creditTally } from './credit/tallies';
import { streamKind } from './indexes';
import { registerTally } from './licensing/domain/register';
import { agencyQueueKey, agencyReviewsKey, PUBLIC_DECISIONS_KEY } from './licensing/indexes';
import { applicationTally, reviewTally } from './licensing/tallies';
import type { IndexName, Tally } from './platform/event-store';
import { agencyInspectionsKey } from './supervision/indexes';
import { inspectionTally } from './supervision/tallies';

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
  APPLICATION: of(applicationTally),
  REVIEW: of(reviewTally),
  INSPECTION: of(inspectionTally),
  CONNECTION: of(connectionTally),
  PUBLICATION: of(registerTally),
  CREDIT: of(creditTally),
};

export const talliesOf = (stream: string, state: unknown): readonly Tally[] => TALLIES[streamKind(stream)]?.(state) ?? [];

/** The tally keys there are: a month of hotline statistics (P5), an agency's quarter of licensing oversight (L10), an agency's supervision (S5, S7), a grid company's half (G7), the register's search lists (L9), an agency's open credit requests (C4, C5). */
export const TallyKey = z
  .string()
  .regex(
    /^(HOTLINE#\d{4}-(0[1-9]|1[0-2])|OVERSIGHT#[a-z][a-z-]{1,40}#\d{4}Q[1-4]|SUPERVISION#[a-z][a-z-]{1,40}|CONNECTIONS#[a-z0-9][a-z0-9-]{1,40}#\d{4}H[12]|REGISTER#(class|province|uscc|licence|name):[^#\s]{1,40}|CREDIT-REQUESTS#[a-z][a-z-]{1,40})$/u,
    'a tally key such as HOTLINE#2026-11, OVERSIGHT#nea-fujian#2026Q4, SUPERVISION#nea-fujian, CONNECTIONS#sgcc-fj#2026H1 REGISTER#uscc:<credit code> or CREDIT-REQUESTS#nea-fujian',
  );

/** Where a rebuild finds the projections that contribute to a key (npm run rebuild-tallies). */
export function rebuildSources(key: string): { index: IndexName; key: string }[] {
  const [family, a, b] = key.split('#');
  if (family === 'HOTLINE') return [{ index: 'gsi2', key: monthComplaintsKey(a!) }];
  if (family === 'OVERSIGHT' && b)
    return [
      { index: 'gsi1', key: agencyQueueKey(a!) },
      { index: 'gsi1', key: agencyReviewsKey(a!) },
    ];
  if (family === 'SUPERVISION') return [{ index: 'gsi1', key: agencyInspectionsKey(a!) }];
  if (family === 'CONNECTIONS' && b) return [{ index: 'gsi2', key: companyHalfKey(a!, b) }];
  if (family === 'CREDIT-REQUESTS') return [{ index: 'gsi1', key: agencyCreditKey(a!) }];
  if (family === 'REGISTER') return [{ index: 'gsi1', key: PUBLIC_DECISIONS_KEY }];
  throw new Error(`no rebuild for ${key}`);
}
