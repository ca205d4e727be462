import { streamAudit } from '../platform/audit';
import type { EventsOf } from '../events';
import { shanghaiDate } from '../platform/calendar';
import { assertInScope, type Holder, inScope, outOfScope, type Principal } from '../platform/auth';
import { runCommand } from '../platform/command';
import { accessLog, eventStore, signer } from '../platform/deps';
import type { Decision } from '../platform/aggregate';
import { DomainError } from '../platform/errors';
import type { Operation } from '../platform/http/route';

import type { Routes } from '../routes';
import { type License, licenseStream, reinstate, revoke, suspend } from '../licensing/domain/license';
import { enterpriseLicensesKey } from '../licensing/indexes';
import { effectiveStatus, verifySealed } from './domain/verification';
import { exchangeDocument } from './domain/exchange';
import { verificationUrl } from './domain/qr-token';
import { publicBaseUrl } from './public-site';
import { agencyById } from '../platform/regions';
import { guideConfig } from '../licensing/domain/guide';
import { notificationsAbout } from '../enterprises/notifications';

const licenseNotFound = (licenseNo: string) => new DomainError('LICENSE.NOT_FOUND', `No license ${licenseNo}.`);

export async function loadLicense(licenseNo: string): Promise<License> {
  const s = await eventStore().load<License>(licenseStream(licenseNo));
  if (!s) throw licenseNotFound(licenseNo);
  return s.state;
}

/** A license belongs to its holder and to the agency that issued it. */
const licenseHolder = (l: License): Holder => ({ what: `License ${l.licenseNo}`, uscc: l.holder.uscc, agencyIds: [l.agencyId] });

/** E5: every display, download and verification is logged (and sealed daily with the events). */
export const logAccess = (licenseNo: string, action: string, actor: string, requestId: string, now: Date, detail?: Record<string, unknown>) =>
  accessLog().record(licenseStream(licenseNo), { action, actor, at: now.toISOString(), requestId, ...(detail ? { detail } : {}) });

export const assertHolderOrStaff = (principal: Principal, l: License): void => assertInScope(principal, licenseHolder(l));

const VERSION_EVENTS = new Set([
  'LicenseIssued',
  'LicenseImported',
  'LicenseRenewed',
  'LicenseChanged',
  'LicenseCancelled',
  'LicenseSuspended',
  'LicenseRevoked',
  'LicenseExpired',
]);

/** GET /v1/licenses/{licenseNo} — the holder's license: data, status and its version history (E2). */
export const getLicense: Operation<Routes['getLicense']> = async ({ params, principal, now, requestId }) => {
  const l = await loadLicense(params.licenseNo);
  assertHolderOrStaff(principal, l);
  const [events, notifications] = await Promise.all([
    eventStore().readStream(licenseStream(params.licenseNo)),
    notificationsAbout({ kind: 'license', id: l.licenseNo }),
  ]);
  const history = events
    .filter((e) => VERSION_EVENTS.has(e.type))
    .map((e) => ({ event: e.type, at: e.at, version: (e.data.version as number | undefined) ?? 1, data: e.data, seq: e.seq, hash: e.hash }));
  await logAccess(l.licenseNo, 'display', principal.sub, requestId, now);
  return { body: { ...l, status: effectiveStatus(l, shanghaiDate(now)), history, notifications } };
};

/** GET /v1/enterprises/{uscc}/licenses — the holder's licences (the portal's list); an applicant asking for another's learns nothing. */
export const listEnterpriseLicenses: Operation<Routes['listEnterpriseLicenses']> = async ({ params, query, principal, now }) => {
  if (principal.role === 'applicant' && principal.enterpriseId !== params.uscc) throw outOfScope(`Enterprise ${params.uscc}`);
  const page = await eventStore().list<License>('gsi1', enterpriseLicensesKey(params.uscc), { limit: query.limit, cursor: query.cursor });
  const today = shanghaiDate(now);
  return {
    body: {
      items: page.items.filter((s) => inScope(principal, licenseHolder(s.state))).map((s) => ({ ...s.state, status: effectiveStatus(s.state, today) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    },
  };
};

/** GET /v1/licenses/{licenseNo}/audit — every event of the license (issued, amended, suspended, revoked…) and whether its chain holds (X1). */
export const getLicenseAudit: Operation<Routes['getLicenseAudit']> = async ({ params, principal }) => {
  assertHolderOrStaff(principal, await loadLicense(params.licenseNo));
  return { body: await streamAudit(licenseStream(params.licenseNo)) };
};

/** GET /v1/licenses/{licenseNo}/electronic — the signed electronic license of the current version (E1, E3). */
export const getElectronicLicense: Operation<Routes['getElectronicLicense']> = async ({ params, principal, now, requestId }) => {
  const l = await loadLicense(params.licenseNo);
  assertHolderOrStaff(principal, l);
  if (!l.seal) throw new DomainError('LICENSE.NOT_SEALED', 'This license has no sealed version.');
  await logAccess(l.licenseNo, 'download-electronic', principal.sub, requestId, now, { version: l.seal.version });
  const payload = JSON.parse(Buffer.from(l.seal.jws.split('.')[1]!, 'base64url').toString('utf8')) as unknown;
  return {
    body: {
      licenseNo: l.licenseNo,
      version: l.seal.version,
      kid: l.seal.kid,
      payload,
      jws: l.seal.jws,
      qr: l.seal.qr,
      verificationUrl: verificationUrl(publicBaseUrl(), l.seal.qr),
    },
    headers: { 'cache-control': 'private, no-store' },
  };
};

/** What anyone may see of a licence (the public register's columns), with its class and issuer named in both languages. */
function publicView(l: License) {
  const cls = guideConfig.licenseClasses[l.licenseClass];
  const agency = agencyById(l.agencyId);
  return {
    licenseClass: l.licenseClass,
    className: { zh: cls?.name ?? l.licenseClass, en: cls?.nameEn ?? l.licenseClass },
    ...(l.level ? { level: l.level } : {}),
    scope: l.scope,
    holder: { name: l.holder.name, uscc: l.holder.uscc },
    issuer: { agencyId: l.agencyId, name: agency?.fullName ?? l.agencyId, nameEn: agency?.nameEn ?? l.agencyId },
    validFrom: l.validFrom,
    validUntil: l.validUntil,
  };
}

/** GET /v1/public/licenses/{licenseNo} — public display data, current status, and whether the seal verifies (E3). */
export const getPublicLicense: Operation<Routes['getPublicLicense']> = async ({ params, now, requestId }) => {
  const l = await loadLicense(params.licenseNo);
  await logAccess(l.licenseNo, 'public-display', 'public', requestId, now);
  const sealVerifies = l.seal ? (await verifySealed(l.seal.jws, await signer().publicKeys())).authentic : false;
  return {
    body: {
      licenseNo: l.licenseNo,
      version: l.version,
      status: effectiveStatus(l, shanghaiDate(now)),
      ...publicView(l),
      sealVerifies,
    },
  };
};

/** POST /v1/public/verifications — is this QR (or electronic license) authentic, which license and version, and its status now (E3). */
export const verifyLicenseToken: Operation<Routes['verifyLicenseToken']> = async ({ body, now, requestId }) => {
  const v = await verifySealed(body.token.trim(), await signer().publicKeys());
  if (!v.authentic) return { body: v };
  const current = (await eventStore().load<License>(licenseStream(v.licenseNo)))?.state;
  if (current) await logAccess(v.licenseNo, 'verification', 'public', requestId, now, { kind: v.kind, version: v.version });
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
      ...(current ? { license: publicView(current) } : {}),
    },
  };
};

/** GET /v1/public/keys — the issuing keys as a JWKS, so anyone can verify a QR offline (E3). */
export const getKeys: Operation<Routes['getKeys']> = async () => ({
  body: { keys: await signer().publicKeys() },
});

/** Regulator actions on a license, by staff of its issuing agency (E2). */
async function regulate(principal: Principal, licenseNo: string, now: Date, decide: (l: License) => Decision<License, EventsOf<'license'>>) {
  const license = await runCommand(
    {
      stream: licenseStream(licenseNo),
      missing: () => licenseNotFound(licenseNo),
      holder: licenseHolder,
      decide,
      view: (l: License) => ({ ...l, status: effectiveStatus(l, shanghaiDate(now)) }),
    },
    { principal, at: now },
  );
  return { body: license };
}

/** POST /v1/licenses/{licenseNo}/suspension — a penalty suspends the license (its QR stays authentic; its status says suspended). */
export const suspendLicense: Operation<Routes['suspendLicense']> = async ({ params, body, principal, now }) =>
  regulate(principal, params.licenseNo, now, (l) => suspend(l, body, principal.sub));

/** POST /v1/licenses/{licenseNo}/reinstatement — the suspension ends. */
export const reinstateLicense: Operation<Routes['reinstateLicense']> = async ({ params, body, principal, now }) =>
  regulate(principal, params.licenseNo, now, (l) => reinstate(l, body.reason, principal.sub));

/** POST /v1/licenses/{licenseNo}/revocation — revocation (撤销, Art. 69) with the case or decision that grounds it. */
export const revokeLicense: Operation<Routes['revokeLicense']> = async ({ params, body, principal, now }) =>
  regulate(principal, params.licenseNo, now, (l) => revoke(l, body, principal.sub));

/** GET /v1/licenses/{licenseNo}/access-log — who displayed, downloaded or verified it (E5). */
export const getLicenseAccessLog: Operation<Routes['getLicenseAccessLog']> = async ({ params, principal }) => {
  const l = await loadLicense(params.licenseNo);
  assertHolderOrStaff(principal, l);
  return { body: { items: await accessLog().list(licenseStream(params.licenseNo)) } };
};

/** GET /v1/exchange/licenses/{licenseNo} — powerpermit.exchange/1 for other departments (E4). */
export const exchangeLicense: Operation<Routes['exchangeLicense']> = async ({ params, principal, now, requestId }) => {
  const l = await loadLicense(params.licenseNo);
  const events = await eventStore().readStream(licenseStream(params.licenseNo));
  await logAccess(l.licenseNo, 'exchange', principal.sub, requestId, now, { role: principal.role });
  return { body: exchangeDocument(l, events, shanghaiDate(now)) };
};
