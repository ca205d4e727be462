import { requestedAgency } from '../platform/auth';
import { eventStore } from '../platform/deps';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { type Enterprise, enterpriseViewOf } from './domain/enterprise';
import { agencyEnterprisesKey } from './indexes';

/** GET /v1/enterprises — staff see their own agency's enterprises; admins name the agency. */
export const listEnterprises: Operation<Routes['listEnterprises']> = async ({ query, principal }) => {
  const agencyId = requestedAgency(principal, query.agencyId);
  const page = await eventStore().list<Enterprise>('gsi1', agencyEnterprisesKey(agencyId), { limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items.map((s) => enterpriseViewOf(s.state, s.version)), cursor: page.cursor } };
};
