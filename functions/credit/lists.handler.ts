import { requestedAgency } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Credit, publicEntry } from './domain/credit';
import { PUBLIC_DISHONEST_KEY, agencyCreditKey } from './indexes';

/** GET /v1/credit — the agency's enterprises with credit records, by class. */
export const listCredit: Operation<Routes['listCredit']> = async ({ query, principal }) => {
  const agencyId = requestedAgency(principal, query.agencyId);
  const page = await eventStore().list<Credit>('gsi1', agencyCreditKey(agencyId), {
    limit: query.limit,
    cursor: query.cursor,
    sortKeyPrefix: query.class ? `${query.class}#` : undefined,
  });
  return { body: { items: page.items.map((s) => s.state), cursor: page.cursor } };
};

/** GET /v1/public/dishonest-enterprises — the severely dishonest list (C3), no personal data. */
export const listPublicDishonest: Operation<Routes['listPublicDishonest']> = async ({ query }) => {
  const page = await eventStore().list<Credit>('gsi2', PUBLIC_DISHONEST_KEY, { limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items.map((s) => publicEntry(s.state)), cursor: page.cursor } };
};
