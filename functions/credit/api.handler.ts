import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import {
  acceptCreditObjection,
  acceptCreditRepair,
  addCreditRecord,
  decideCreditObjection,
  decideCreditRepair,
  getCredit,
  getCreditAudit,
  raiseCreditObjection,
  recordCreditInterview,
  requestCreditRepair,
  scheduleCreditInterview,
} from './credit.handler';
import { listCredit, listCreditRequests, listPublicDishonest } from './lists.handler';

/** The credit context's API function. */
export const handler = createApi(
  'credit',
  routes,
  {
    addCreditRecord,
    getCredit,
    getCreditAudit,
    requestCreditRepair,
    raiseCreditObjection,
    acceptCreditRepair,
    decideCreditRepair,
    acceptCreditObjection,
    decideCreditObjection,
    scheduleCreditInterview,
    recordCreditInterview,
    listCredit,
    listCreditRequests,
    listPublicDishonest,
  },
  { idempotencyStore },
);
