import type { Tally } from '../platform/event-store';
import type { Application } from './domain/application';
import { caseContribution, quarterOf, reviewContribution } from './domain/oversight';
import type { Review } from './domain/review';

/** The quarterly oversight report (L10): one tally per agency and quarter of submission (Asia/Shanghai). */
export const oversightTally = (agencyId: string, quarter: string): string => `OVERSIGHT#${agencyId}#${quarter}`;
export const applicationTally = (a: Application): Tally[] => [{ key: oversightTally(a.agencyId, quarterOf(a.submittedAt)), counts: caseContribution(a) }];
export const reviewTally = (r: Review): Tally[] => [{ key: oversightTally(r.agencyId, quarterOf(r.submittedAt)), counts: reviewContribution(r) }];
