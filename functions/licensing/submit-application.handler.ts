import { appendDecision } from '../platform/aggregate';
import { calendar } from '../platform/config';
import { shanghaiDate } from '../platform/calendar';
import { eventStore } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Routes } from '../routes';
import { loadEnterpriseInScope } from '../enterprises/load-enterprise';
import { type Application, applicationStream, limitsOf, submit } from './domain/application';
import { matterById } from './domain/guide';
import { checkExistingLicense, isValidLicenseNumber, type License, licenseStream } from './domain/license';
import { viewOf } from './case-command';
import { attachMaterials, newCaseId } from './materials';
import { creditPort } from './deps';

/** POST /v1/applications — apply online, zero visits (L1, L2, L7, L8). */
export const submitApplication: Operation<Routes['submitApplication']> = async ({ body, principal, now }) => {
  const matter = matterById(body.matterId);
  if (!matter) throw new DomainError('APPLICATION.UNKNOWN_MATTER', `No licensing matter ${body.matterId}; see GET /v1/guide/matters.`);
  const enterprise = (await loadEnterpriseInScope(principal, principal.enterpriseId)).state;
  const today = shanghaiDate(now);

  if (matter.kind === 'new' && body.licenseNo) throw new DomainError('APPLICATION.LICENSE_NO_UNEXPECTED', 'A new application names no existing license.');
  if (matter.kind !== 'new') {
    if (!body.licenseNo) throw new DomainError('APPLICATION.LICENSE_NO_REQUIRED', `A ${matter.kind} names the license it acts on (licenseNo).`);
    if (!isValidLicenseNumber(body.licenseNo))
      throw new DomainError('APPLICATION.BAD_LICENSE_NO', `${body.licenseNo} is not a valid license number (its check character does not match).`);
    const license = (await eventStore().load<License>(licenseStream(body.licenseNo)))?.state;
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
    { id, matter, enterprise, path: body.path, commitment: body.commitment, licenseNo: body.licenseNo, materials, creditClass, limits: limitsOf(matter) },
    now,
    calendar,
  );
  const result = await appendDecision<Application>(eventStore(), applicationStream(id), undefined, decision, { actor: principal.sub, at: now });
  return { body: await viewOf(result.state, result.version), headers: { location: `/v1/applications/${id}` } };
};
