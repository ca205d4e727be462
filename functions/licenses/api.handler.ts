import { idempotencyStore } from '../platform/deps';
import { createApi } from '../platform/http/api';
import { routes } from '../routes';
import {
  getElectronicLicense,
  getKeys,
  getLicense,
  getLicenseAccessLog,
  getLicenseAudit,
  getPublicLicense,
  listEnterpriseLicenses,
  exchangeLicense,
  reinstateLicense,
  revokeLicense,
  suspendLicense,
  verifyLicenseToken,
} from './licenses.handler';

/** The licenses context's API function: electronic licenses and their verification (E1–E5); the paper licence is the render function's (render.handler.ts). */
export const handler = createApi(
  'licenses',
  routes,
  {
    getLicense,
    getLicenseAudit,
    listEnterpriseLicenses,
    getElectronicLicense,
    getPublicLicense,
    verifyLicenseToken,
    getKeys,
    suspendLicense,
    reinstateLicense,
    revokeLicense,
    getLicenseAccessLog,
    exchangeLicense,
  },
  { idempotencyStore },
);
