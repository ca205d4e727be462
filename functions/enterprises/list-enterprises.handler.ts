import { outOfScope } from '../platform/auth';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import { agencyById } from '../platform/regions';
import type { Routes } from '../routes';
import { agencyEnterprisesKey, type Enterprise } from './domain/enterprise';

/** GET /v1/enterprises — staff see their own agency's enterprises; admins name the agency. */
export const listEnterprises: Operation<Routes['listEnterprises']> = async ({ query, principal }) => {
  const agencyId = principal.role === 'admin' ? query.agencyId : 'agencyId' in principal ? principal.agencyId : undefined;
  if (!agencyId || !agencyById(agencyId)) throw new DomainError('ENTERPRISE.AGENCY_REQUIRED', 'Name a known agency with ?agencyId=.');
  if (principal.role !== 'admin' && query.agencyId && query.agencyId !== agencyId) {
    throw outOfScope();
  }
  const page = await eventStore().list<Enterprise>('gsi1', agencyEnterprisesKey(agencyId), { limit: query.limit, cursor: query.cursor });
  return { body: { items: page.items.map((s) => ({ ...s.state, version: s.version })), cursor: page.cursor } };
};
