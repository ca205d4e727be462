import { streamAudit } from '../platform/audit';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { enterpriseStream } from './domain/enterprise';
import { loadEnterpriseInScope } from './load-enterprise';

/** GET /v1/enterprises/{uscc}/audit — the enterprise's events and whether their hash chain holds (X1). */
export const verifyEnterpriseAudit: Operation<Routes['verifyEnterpriseAudit']> = async ({ params, principal }) => {
  await loadEnterpriseInScope(principal, params.uscc);
  return { body: await streamAudit(enterpriseStream(params.uscc)) };
};
