import { shanghaiDate } from '../platform/calendar';
import { requestedAgency } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Application } from './domain/application';
import { oversightReport } from './domain/oversight';
import { type Review } from './domain/review';
import { agencyQueueKey, agencyReviewsKey } from './indexes';

/** GET /v1/reports/licensing-oversight?quarter= — the quarterly oversight report of an agency's licensing work (L10). */
export const licensingOversightReport: Operation<Routes['licensingOversightReport']> = async ({ query, principal, now }) => {
  const agencyId = requestedAgency(principal, query.agencyId);
  const store = eventStore();
  const [cases, reviews] = await Promise.all([
    store.listAll<Application>('gsi1', agencyQueueKey(agencyId)),
    store.listAll<Review>('gsi1', agencyReviewsKey(agencyId)),
  ]);
  return {
    body: oversightReport(
      agencyId,
      query.quarter,
      cases.map((c) => c.state),
      reviews.map((r) => r.state),
      shanghaiDate(now),
    ),
  };
};
