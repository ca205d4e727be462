import { requestedAgency } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Application } from './domain/application';
import { deadlineState } from './domain/view';
import { agencyQueueKey, enterpriseApplicationsKey } from './indexes';

/**
 * GET /v1/applications — an applicant's own cases, or an agency's work queue (by status, and
 * `overdue=true` for cases with a breached statutory deadline, X2).
 */
export const listApplications: Operation<Routes['listApplications']> = async ({ query, principal }) => {
  const store = eventStore();
  const page =
    principal.role === 'applicant'
      ? await store.list<Application>('gsi2', enterpriseApplicationsKey(principal.enterpriseId), { limit: query.limit, cursor: query.cursor })
      : await store.list<Application>('gsi1', agencyQueueKey(requestedAgency(principal, query.agencyId)), {
          limit: query.limit,
          cursor: query.cursor,
          sortKeyPrefix: query.status ? `${query.status}#` : undefined,
        });
  const items = page.items
    .map((s) => ({
      ...s.state,
      version: s.version,
      // Each deadline's state, as the case view gives it: a queue orders and marks cases by them.
      deadlines: s.state.deadlines.map((d) => ({ ...d, state: deadlineState(d, s.state) })),
      overdue: s.state.deadlines.some((d) => d.breachedOn && !d.metAt),
    }))
    .filter((a) => (!query.status || a.status === query.status) && (query.overdue === undefined || String(a.overdue) === query.overdue));
  return { body: { items, cursor: page.cursor } };
};
