import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { enterpriseView, loadEnterpriseInScope } from './load-enterprise';

/** GET /v1/enterprises/{uscc} */
export const getEnterprise: Operation<Routes['getEnterprise']> = async ({ params, principal }) => ({
  body: enterpriseView(await loadEnterpriseInScope(principal, params.uscc)),
});
