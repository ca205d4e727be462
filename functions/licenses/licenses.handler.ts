import { shanghaiDate } from '../platform/calendar';
import { outOfScope } from '../platform/auth';
import { eventStore, signer } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';
import type { Principal } from '../platform/auth';
import type { Routes } from '../routes';
import { type License, licenseStream } from '../licensing/domain/license';
import { effectiveStatus, verifySealed } from './domain/verification';

async function loadLicense(licenseNo: string): Promise<License> {
  const s = await eventStore().load<License>(licenseStream(licenseNo));
  if (!s) throw new DomainError('LICENSE.NOT_FOUND', 'not-found', `No license ${licenseNo}.`);
  return s.state;
}

function assertHolderOrStaff(principal: Principal, l: License): void {
  const ok = principal.role === 'admin' || (principal.role === 'applicant' && principal.enterpriseId === l.holder.uscc) || ('agencyId' in principal && principal.agencyId === l.agencyId);
  if (!ok) throw outOfScope();
}

const VERSION_EVENTS = new Set(['LicenseIssued', 'LicenseRenewed', 'LicenseChanged', 'LicenseCancelled', 'LicenseSuspended', 'LicenseRevoked', 'LicenseExpired']);

/** GET /v1/licenses/{licenseNo} — the holder's license: data, status and its version history (E2). */
export const getLicense: Operation<Routes['getLicense']> = async ({ params, principal, now }) => {
  const l = await loadLicense(params.licenseNo);
  assertHolderOrStaff(principal, l);
  const events = await eventStore().readStream(licenseStream(params.licenseNo));
  const history = events.filter((e) => VERSION_EVENTS.has(e.type)).map((e) => ({ event: e.type, at: e.at, version: (e.data.version as number | undefined) ?? 1, data: e.data }));
  return { body: { ...l, status: effectiveStatus(l, shanghaiDate(now)), history } };
};

/** GET /v1/licenses/{licenseNo}/electronic — the signed electronic license of the current version (E1, E3). */
export const getElectronicLicense: Operation<Routes['getElectronicLicense']> = async ({ params, principal }) => {
  const l = await loadLicense(params.licenseNo);
  assertHolderOrStaff(principal, l);
  if (!l.seal) throw new DomainError('LICENSE.NOT_SEALED', 'conflict', 'This license has no sealed version.');
  const payload = JSON.parse(Buffer.from(l.seal.jws.split('.')[1]!, 'base64url').toString('utf8')) as unknown;
  return { body: { licenseNo: l.licenseNo, version: l.seal.version, kid: l.seal.kid, payload, jws: l.seal.jws, qr: l.seal.qr }, headers: { 'cache-control': 'private, no-store' } };
};

/** GET /v1/public/licenses/{licenseNo} — public display data, current status, and whether the seal verifies (E3). */
export const getPublicLicense: Operation<Routes['getPublicLicense']> = async ({ params, now }) => {
  const l = await loadLicense(params.licenseNo);
  const sealVerifies = l.seal ? (await verifySealed(l.seal.jws, await signer().publicKeys())).authentic : false;
  return {
    body: {
      licenseNo: l.licenseNo,
      version: l.version,
      status: effectiveStatus(l, shanghaiDate(now)),
      licenseClass: l.licenseClass,
      ...(l.level ? { level: l.level } : {}),
      scope: l.scope,
      holder: { name: l.holder.name, uscc: l.holder.uscc },
      issuer: { agencyId: l.agencyId },
      validFrom: l.validFrom,
      validUntil: l.validUntil,
      sealVerifies,
    },
  };
};

/** POST /v1/public/verifications — is this QR (or electronic license) authentic, which license and version, and its status now (E3). */
export const verifyLicenseToken: Operation<Routes['verifyLicenseToken']> = async ({ body, now }) => {
  const v = await verifySealed(body.token.trim(), await signer().publicKeys());
  if (!v.authentic) return { body: v };
  const current = (await eventStore().load<License>(licenseStream(v.licenseNo)))?.state;
  return {
    body: {
      authentic: true,
      kind: v.kind,
      licenseNo: v.licenseNo,
      version: v.version,
      kid: v.kid,
      currentVersion: current?.version ?? null,
      superseded: current ? v.version < current.version : null,
      status: current ? effectiveStatus(current, shanghaiDate(now)) : 'unknown',
      claims: v.claims,
    },
  };
};

/** GET /v1/public/keys — the issuing keys as a JWKS, so anyone can verify a QR offline (E3). */
export const getKeys: Operation<Routes['getKeys']> = async () => ({ body: { keys: await signer().publicKeys() }, headers: { 'cache-control': 'public, max-age=3600' } });
