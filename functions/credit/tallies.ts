import { addEntry } from '../platform/domain/listed';
import { groupedTally, type Tally } from '../platform/event-store';
import type { Credit } from './domain/credit';

/**
 * The supervisors' queue of credit repairs and objections (C4, C5): every open request of an agency's enterprises
 * as an entry of one list, kept in the same transaction as the request's events, so the queue reads its answer and
 * not every enterprise with a record.
 */
export const creditRequestsTally = (agencyId: string): string => `CREDIT-REQUESTS#${agencyId}`;
export const OPEN_REQUESTS = 'openRequest';

/** An open request as the queue lists it; the submission time leads, so the list reads oldest first. */
export interface OpenRequestEntry {
  submittedAt: string;
  uscc: string;
  requestId: string;
  name: string;
  kind: 'repair' | 'objection';
  status: 'submitted' | 'accepted';
  recordId: string;
  dueDate?: string;
  calendarProvisional?: boolean;
}

export function creditTally(c: Credit): Tally[] {
  const counts: Record<string, number> = {};
  for (const r of c.requests)
    if (r.status === 'submitted' || r.status === 'accepted')
      addEntry(counts, OPEN_REQUESTS, {
        submittedAt: r.submittedAt,
        uscc: c.uscc,
        requestId: r.requestId,
        name: c.name,
        kind: r.kind,
        status: r.status,
        recordId: r.recordId,
        ...(r.deadline && !r.deadline.metAt ? { dueDate: r.deadline.dueDate, calendarProvisional: r.deadline.calendarProvisional } : {}),
      } satisfies OpenRequestEntry);
  return groupedTally(creditRequestsTally(c.agencyId), counts, () => undefined, [OPEN_REQUESTS]);
}
