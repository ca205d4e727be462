import { runCommand } from '../platform/command';
import { calendar } from '../platform/config';
import { shanghaiDate } from '../platform/calendar';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import { applicationStream, limitsOf, submit } from './domain/application';
import { matterById } from './domain/guide';
import { checkExistingLicense, type License, licenseNamed, licenseStream } from './domain/license';
import { viewOf } from './case-command';
import { attachMaterials, newCaseId } from './materials';
import { creditPort } from './deps';

/** POST /v1/applications — apply online, zero visits (L1, L2, L7, L8). */
export const submitApplication: Operation<Routes['submitApplication']> = async ({ body, principal, now }) => {
  const matter = matterById(body.matterId);
  if (!matter) throw new DomainError('APPLICATION.UNKNOWN_MATTER', `No licensing matter ${body.matterId}; see GET /v1/guide/matters.`);
  const enterprise = (await loadEnterpriseInScope(principal, principal.enterpriseId)).state;
  const today = shanghaiDate(now);

  const licenseNo = licenseNamed(matter, body.licenseNo);
  if (licenseNo) {
    const license = (await eventStore().load<License>(licenseStream(licenseNo)))?.state;
    checkExistingLicense(
      license,
      { uscc: enterprise.uscc, licenseClass: matter.licenseClass, level: matter.level, matterKind: matter.kind },
      today,
      matter.timeLimits.renewalLeadDays?.value ?? 30,
    );
  }

  const [materials, creditClass] = await Promise.all([
    attachMaterials(enterprise.uscc, matter, body.documentIds, today, 'submitted'),
    creditPort().classOf(enterprise.uscc, today),
  ]);
  const id = newCaseId(today);
  const decision = submit(
    { id, matter, enterprise, path: body.path, commitment: body.commitment, licenseNo, materials, creditClass, limits: limitsOf(matter) },
    now,
    calendar,
  );
  const view = await runCommand({ stream: applicationStream(id), decide: () => decision, view: viewOf }, { principal, at: now });
  return { body: view, headers: { location: `/v1/applications/${id}` } };
};
