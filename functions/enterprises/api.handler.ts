import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import { confirmDocument } from './confirm-document.handler';
import { declareDocument } from './declare-document.handler';
import { getEnterprise } from './get-enterprise.handler';
import { listDocuments } from './list-documents.handler';
import { listEnterprises } from './list-enterprises.handler';
import { registerEnterprise } from './register-enterprise.handler';
import { verifyEnterpriseAudit } from './verify-enterprise-audit.handler';

/** The enterprises context's API function: enterprises and their document vault. */
export const handler = createApi(
  'enterprises',
  routes,
  { registerEnterprise, listEnterprises, getEnterprise, verifyEnterpriseAudit, declareDocument, confirmDocument, listDocuments },
  { idempotencyStore },
);
