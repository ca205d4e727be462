import { groupedTally, type Tally } from '../platform/event-store';
import type { Application } from './domain/application';
import { caseContribution, quarterOf, reviewContribution } from './domain/oversight';
import type { Review } from './domain/review';

/** The quarterly oversight report (L10): one tally per agency and quarter of submission (Asia/Shanghai). */
export const oversightTally = (agencyId: string, quarter: string): string => `OVERSIGHT#${agencyId}#${quarter}`;

/** A matter's figures in an item of their own, each listed case an entry: the quarter's main item stays small. */
const itemOf = (name: string): string | undefined => (name.startsWith('matter:') ? name.slice(0, name.lastIndexOf(':')) : undefined);

export const applicationTally = (a: Application): Tally[] =>
  groupedTally(oversightTally(a.agencyId, quarterOf(a.submittedAt)), caseContribution(a), itemOf, ['overdue', 'publicationDelay', 'visitViolation']);
export const reviewTally = (r: Review): Tally[] => [{ key: oversightTally(r.agencyId, quarterOf(r.submittedAt)), counts: reviewContribution(r) }];
