import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import { agencyById } from '../platform/regions';
import type { Routes } from '../routes';
import { assertHolderOrStaff, loadLicense, logAccess } from './licenses.handler';
import { renderPaperLicense } from './paper.render';
import { publicBaseUrl } from './public-site';

/** GET /v1/licenses/{licenseNo}/paper.pdf — the printable rendering of the same record and version (E1). */
export const getPaperLicense: Operation<Routes['getPaperLicense']> = async ({ params, principal, now, requestId }) => {
  const l = await loadLicense(params.licenseNo);
  assertHolderOrStaff(principal, l);
  if (!l.seal) throw new DomainError('LICENSE.NOT_SEALED', 'This license has no sealed version.');
  const pdf = await renderPaperLicense(l, agencyById(l.agencyId)!, publicBaseUrl());
  await logAccess(l.licenseNo, 'download-paper', principal.sub, requestId, now, { version: l.seal.version });
  return {
    binary: pdf,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${l.licenseNo}-v${l.seal.version}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
};
