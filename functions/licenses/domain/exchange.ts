import type { StoredEvent } from '../../platform/event-store';
import { agencyById } from '../../platform/regions';
import type { License } from '../../licensing/domain/license';
import { nationalRecord } from './national';
import { effectiveStatus } from './verification';

/**
 * The exchange format for other departments (mutual recognition, DOMAIN E4): the current sealed
 * payload exactly as signed, the status today, every version with its seal, and where the keys are.
 * Documented in docs/e-license-format.md ("Exchange").
 */
export const EXCHANGE_FORMAT = 'powerpermit.exchange/1';

export function exchangeDocument(l: License, events: readonly StoredEvent[], today: string) {
  const seals = events.filter((e) => e.type === 'LicenseSealed').map((e) => e.data as { version: number; kid: string; jws: string; qr: string });
  return {
    format: EXCHANGE_FORMAT,
    licenseNo: l.licenseNo,
    status: effectiveStatus(l, today),
    statusAsOf: today,
    currentVersion: l.version,
    issuer: { agencyId: l.agencyId, name: agencyById(l.agencyId)?.name ?? l.agencyId, nameEn: agencyById(l.agencyId)?.nameEn ?? l.agencyId },
    license: l.seal ? (JSON.parse(Buffer.from(l.seal.jws.split('.')[1]!, 'base64url').toString('utf8')) as unknown) : null,
    versions: seals.map((s) => ({ version: s.version, kid: s.kid, jws: s.jws })),
    statusEvents: events
      .filter((e) => ['LicenseSuspended', 'LicenseReinstated', 'LicenseRevoked', 'LicenseCancelled', 'LicenseExpired'].includes(e.type))
      .map((e) => ({ event: e.type, at: e.at, ...(e.data.groundsRef ? { groundsRef: e.data.groundsRef } : {}) })),
    keys: '/v1/public/keys',
    /** The same licence as the national standards describe it: GB/T 36903 metadata, GB/T 36904 identifier (national.ts). */
    national: nationalRecord(l),
  };
}
