import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { confirmDocument } from './confirm-document.handler';
import { declareDocument } from './declare-document.handler';
import { getEnterprise } from './get-enterprise.handler';
import { listDocuments, listNotifications } from './lists.handler';
import { openDocument } from './open-document.handler';
import { listEnterprises } from './list-enterprises.handler';
import { changeEnterpriseContact, confirmRelocation, registerEnterprise, requestRelocation } from './register-enterprise.handler';
import { verifyEnterpriseAudit } from './verify-enterprise-audit.handler';

/** The enterprises context's API function: enterprises and their document vault. */
export const handler = createApi(
  'enterprises',
  routes,
  {
    registerEnterprise,
    changeEnterpriseContact,
    requestRelocation,
    confirmRelocation,
    listEnterprises,
    getEnterprise,
    verifyEnterpriseAudit,
    declareDocument,
    confirmDocument,
    listDocuments,
    openDocument,
    listNotifications,
  },
  { idempotencyStore },
);
