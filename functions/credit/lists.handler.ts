import { requestedAgency, staffAgency } from '../platform/auth';
import { decodeCursor, encodeCursor } from '../platform/cursor';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Credit, publicEntry } from './domain/credit';
import { PUBLIC_DISHONEST_KEY, agencyCreditKey } from './indexes';
import { creditRequestsTally, OPEN_REQUESTS, type OpenRequestEntry } from './tallies';

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

/** The cursor of the requests' list: the entry the page ended on. */
const afterEntry = (cursor: string | undefined): OpenRequestEntry | undefined =>
  cursor === undefined
    ? undefined
    : decodeCursor(cursor, (after) =>
        typeof after === 'object' && after !== null && typeof (after as OpenRequestEntry).submittedAt === 'string' ? (after as OpenRequestEntry) : undefined,
      );

/** GET /v1/credit/requests — the agency's open repairs and objections (C4, C5): its list's entries, O(answer). */
export const listCreditRequests: Operation<Routes['listCreditRequests']> = async ({ query, principal }) => {
  const after = afterEntry(query.cursor);
  const page = await eventStore().readEntries<OpenRequestEntry>(creditRequestsTally(staffAgency(principal)), OPEN_REQUESTS, {
    limit: query.limit ?? 100,
    ...(after ? { after } : {}),
  });
  const last = page.items.at(-1);
  return { body: { items: page.items, ...(page.more && last ? { cursor: encodeCursor(last) } : {}) } };
};
