import type { EventsOf } from '../../events';
import * as z from 'zod';
import type { Decision } from '../../platform/aggregate';
import { addCalendarDays } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import { allowedActions, guard, lifecycle } from '../../platform/domain/lifecycle';
import type { Snapshot } from '../../platform/event-store';
import type { Application } from './application';
import { addMonths, licensingConfig } from './application';
import { guideConfig, kindRules, type Matter, type MatterKind, officialScope } from './guide';

/**
 * The license aggregate as licensing creates and changes it (DOMAIN E2's data; the e-license
 * issue adds the seal and renderings). Numbers: `<class>-<agency>-<year>-<serial><check>`, the
 * check character ISO/IEC 7064 MOD 37,36 over the rest, e.g. `FI3-FJ-2026-000017Y`.
 */
export const LicenseStatus = z.enum(['valid', 'suspended', 'revoked', 'cancelled', 'expired']);
export type LicenseStatus = z.infer<typeof LicenseStatus>;

export const License = z.object({
  licenseNo: z.string(),
  version: z.number().int(),
  status: LicenseStatus,
  holder: z.object({
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    /** 法定代表人 and 住所 as on the official licence (cases submitted before they were kept have neither). */
    legalRepresentative: z.string().optional(),
    address: z.string().optional(),
  }),
  agencyId: z.string(),
  licenseClass: z.string(),
  level: z.number().int().optional(),
  scope: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  issuedAt: z.string(),
  caseIds: z.array(z.string()),
  /** How it came to be: a licensing case on either path, or the register the regulator kept before (register-import.ts). */
  path: z.enum(['standard', 'commitment', 'imported']),
  imported: z.object({ importId: z.string(), register: z.string(), row: z.number().int(), formerNo: z.string() }).optional(),
  /** The validUntil the holder was last reminded to renew before (a renewal's new validUntil arms the reminder again). */
  renewalRemindedFor: z.string().optional(),
  /** The seal of the current version (E3); earlier versions' seals stay in the LicenseSealed events. */
  seal: z.object({ version: z.number().int(), kid: z.string(), jws: z.string(), qr: z.string(), payloadDigest: z.string() }).optional(),
});
export type License = z.infer<typeof License>;

/** Adds the seal of the version a decision produced (E3): the electronic license and the QR token. */
export function withSeal(decision: Decision<License, EventsOf<'license'>>, seal: NonNullable<License['seal']>): Decision<License, EventsOf<'license'>> {
  return { ...decision, events: [...decision.events, { type: 'LicenseSealed', data: { ...seal } }], state: { ...decision.state, seal } };
}

export const licenseStream = (licenseNo: string): string => `LICENSE#${licenseNo}`;

const CLASS_CODE: Record<string, string> = {
  'power-generation': 'G',
  'power-transmission': 'T',
  'power-supply': 'S',
  'facility-install': 'FI',
  'facility-repair': 'FR',
  'facility-test': 'FT',
};

/** How the numbers of a class begin (`FI3-`, `G-`…): a listing by number reads one class, or one class and level, at a time. */
export const licenseNoPrefixes = (licenseClass: string): string[] => {
  const code = CLASS_CODE[licenseClass] ?? 'X';
  const levels = guideConfig.licenseClasses[licenseClass]?.levels;
  return levels ? levels.map((l) => `${code}${l}-`) : [`${code}-`];
};

/** ISO/IEC 7064 MOD 37,36 (hybrid system): the check character over digits and letters. */
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export function mod3736Check(input: string): string {
  let p = 36;
  for (const ch of input) {
    const v = ALNUM.indexOf(ch);
    if (v < 0) continue; // separators do not count
    let s = (p % 37) + v;
    s = s % 36 || 36;
    p = (s * 2) % 37;
  }
  return ALNUM[(37 - p) % 36]!;
}

export function licenseNumber(licenseClass: string, level: number | undefined, agencyCode: string, year: number, serial: number): string {
  const body = `${CLASS_CODE[licenseClass] ?? 'X'}${level ?? ''}-${agencyCode}-${year}-${String(serial).padStart(6, '0')}`;
  return body + mod3736Check(body);
}

/** A license number in a path: a mistyped one is a 400 that says so, not a 404. */
export const LicenseNo = z
  .string()
  .regex(/^[A-Z]{1,2}\d?-[A-Z]{2}-\d{4}-\d{6}[0-9A-Z]$/, 'a license number looks like FI3-FJ-2026-0000177')
  .refine(
    (no) => mod3736Check(no.slice(0, -1)) === no.slice(-1),
    'the check character of this license number does not match (ISO/IEC 7064 MOD 37,36): it is mistyped',
  );

export const isValidLicenseNumber = (no: string): boolean => LicenseNo.safeParse(no).success;

/** The day before the same date `years` later: a 20-year license from 2026-11-22 runs to 2046-11-21. */
export const validUntilFor = (from: string, years: number): string => addCalendarDays(addMonths(from, years * 12), -1);

export function issueLicense(app: Application, licenseNo: string, validityYears: number, on: string, at: Date): Decision<License, EventsOf<'license'>> {
  const license: License = {
    licenseNo,
    version: 1,
    status: 'valid',
    holder: holderOf(app),
    agencyId: app.agencyId,
    licenseClass: app.licenseClass,
    ...(app.level ? { level: app.level } : {}),
    scope: app.decision?.scope ?? defaultScope(app),
    validFrom: on,
    validUntil: validUntilFor(on, validityYears),
    issuedAt: at.toISOString(),
    caseIds: [app.id],
    path: app.path,
  };
  return { events: [{ type: 'LicenseIssued', data: { ...license } }], state: license };
}

const holderOf = (app: Application): License['holder'] => ({
  uscc: app.uscc,
  name: app.enterpriseName,
  regionCode: app.regionCode,
  ...(app.legalRepresentative ? { legalRepresentative: app.legalRepresentative } : {}),
  ...(app.address ? { address: app.address } : {}),
});

/** Renewal, change and cancellation act on the existing license and keep its earlier versions as events (E2). */
export function amendLicense(current: Snapshot<License> | undefined, app: Application, validityYears: number): Decision<License, EventsOf<'license'>> {
  if (!current) throw new DomainError('LICENSE.NOT_FOUND', `License ${app.licenseNo} does not exist.`);
  const l = current.state;
  if (l.caseIds.includes(app.id)) return { events: [], state: l };
  const base = { ...l, version: l.version + 1, caseIds: [...l.caseIds, app.id] };
  const action = kindRules(app.matterKind).licenseAction;
  if (!action) throw new Error('a new application issues a license; it does not amend one');
  guardLicense(l, action);
  switch (app.matterKind) {
    case 'renewal': {
      const validFrom = addCalendarDays(l.validUntil, 1);
      const next = { ...base, validFrom, validUntil: validUntilFor(validFrom, validityYears) };
      return {
        events: [{ type: 'LicenseRenewed', data: { caseId: app.id, version: next.version, validFrom, validUntil: next.validUntil } }],
        state: next,
      };
    }
    case 'change': {
      // A change takes the holder's particulars as the register has them now (a new legal representative, say).
      const holder = app.legalRepresentative || app.address ? holderOf(app) : l.holder;
      const next = { ...base, holder, scope: app.decision?.scope ?? l.scope };
      return {
        events: [{ type: 'LicenseChanged', data: { caseId: app.id, version: next.version, scope: next.scope, holder } }],
        state: next,
      };
    }
    case 'cancellation': {
      const next: License = { ...base, status: 'cancelled' };
      return { events: [{ type: 'LicenseCancelled', data: { caseId: app.id, version: next.version } }], state: next };
    }
    case 'new':
      throw new Error('unreachable: a new application has no license action');
  }
}

/** At submission: a change, renewal or cancellation names a valid license of the same holder and class (renewal ≥ 30 days ahead, Art. 50). */
/**
 * The license number an application names: none when its kind issues a new license, a number
 * with a valid check character when it acts on one (MATTER_KINDS).
 */
export function licenseNamed(matter: Matter, licenseNo: string | undefined): string | undefined {
  if (!kindRules(matter.kind).licenseAction) {
    if (licenseNo) throw new DomainError('APPLICATION.LICENSE_NO_UNEXPECTED', 'A new application names no existing license.');
    return undefined;
  }
  if (!licenseNo) throw new DomainError('APPLICATION.LICENSE_NO_REQUIRED', `A ${matter.kind} names the license it acts on (licenseNo).`);
  if (!isValidLicenseNumber(licenseNo))
    throw new DomainError('APPLICATION.BAD_LICENSE_NO', `${licenseNo} is not a valid license number (its check character does not match).`);
  return licenseNo;
}

/** The license a renewal, change or cancellation acts on must be the enterprise's, of the matter's class and level, and valid (E2). */
export function checkExistingLicense(
  license: License | undefined,
  app: { uscc: string; licenseClass: string; level?: number; matterKind: MatterKind },
  today: string,
  renewalLeadDays: number,
): void {
  if (!license) throw new DomainError('APPLICATION.LICENSE_NOT_FOUND', 'The license named by licenseNo does not exist.');
  if (license.holder.uscc !== app.uscc) throw new DomainError('APPLICATION.LICENSE_NOT_HELD', 'That license is held by another enterprise.');
  if (license.licenseClass !== app.licenseClass || (license.level ?? null) !== (app.level ?? null)) {
    throw new DomainError(
      'APPLICATION.LICENSE_CLASS_MISMATCH',
      `That license is ${license.licenseClass}${license.level ? ` level ${license.level}` : ''}; the matter is for another class or level.`,
    );
  }
  if (license.status !== 'valid') throw new DomainError('APPLICATION.LICENSE_NOT_VALID', `That license is ${license.status}.`);
  if (kindRules(app.matterKind).renewalLead && addCalendarDays(today, renewalLeadDays) > license.validUntil) {
    throw new DomainError(
      'APPLICATION.RENEWAL_TOO_LATE',
      `A renewal must be applied for at least ${renewalLeadDays} days before the license expires (${license.validUntil}; Art. 50).`,
    );
  }
}

/** A licence's scope where the decision or the imported register named none: the official wording of its class and level. */
export const defaultScope = (l: { licenseClass: string; level?: number | undefined }): string => officialScope(l.licenseClass, l.level);

// ---------------------------------------------------------------- regulator actions and expiry (E2)

export type LicenseAction = 'suspend' | 'reinstate' | 'revoke' | 'expire' | 'renew' | 'change' | 'cancel';

/** THE table of a license's lifecycle (E2): renewal and change keep it valid, as new versions. */
export const LICENSE_LIFECYCLE = lifecycle<LicenseStatus, LicenseAction>({
  name: 'license',
  refusal: 'LICENSE.ACTION_NOT_ALLOWED',
  creation: { action: 'issue', to: 'valid' },
  finals: ['revoked', 'cancelled', 'expired'],
  actions: {
    valid: ['suspend', 'revoke', 'expire', 'renew', 'change', 'cancel'],
    suspended: ['reinstate', 'revoke', 'expire'],
    revoked: [],
    cancelled: [],
    expired: [],
  },
  targets: { suspend: ['suspended'], reinstate: ['valid'], revoke: ['revoked'], expire: ['expired'], renew: [], change: [], cancel: ['cancelled'] },
});

const guardLicense = (l: License, action: LicenseAction): void =>
  guard(LICENSE_LIFECYCLE, l.status, action, `A license that is ${l.status} cannot be ${action}d.`);

export interface Grounds {
  reason: string;
  /** The case or decision that grounds the action, e.g. a penalty decision number. */
  groundsRef: string;
}

export function suspend(l: License, g: Grounds & { until?: string }, by: string): Decision<License, EventsOf<'license'>> {
  guardLicense(l, 'suspend');
  const next: License = { ...l, status: 'suspended' };
  return { events: [{ type: 'LicenseSuspended', data: { ...g, by } }], state: next };
}

export function reinstate(l: License, reason: string, by: string): Decision<License, EventsOf<'license'>> {
  guardLicense(l, 'reinstate');
  const next: License = { ...l, status: 'valid' };
  return { events: [{ type: 'LicenseReinstated', data: { reason, by } }], state: next };
}

export function revoke(l: License, g: Grounds, by: string): Decision<License, EventsOf<'license'>> {
  guardLicense(l, 'revoke');
  const next: License = { ...l, status: 'revoked' };
  return { events: [{ type: 'LicenseRevoked', data: { ...g, by } }], state: next };
}

/** The day after its last day of validity a license expires by itself (the daily sweep). */
export function expire(l: License, today: string): Decision<License, EventsOf<'license'>> {
  if (l.validUntil >= today || !allowedActions(LICENSE_LIFECYCLE, l.status).includes('expire')) return { events: [], state: l };
  const next: License = { ...l, status: 'expired' };
  return { events: [{ type: 'LicenseExpired', data: { validUntil: l.validUntil, on: today } }], state: next };
}

/** The first day the holder is reminded to renew (config/licensing.json renewalReminderDays before its last day). */
export const renewalReminderDay = (l: Pick<License, 'validUntil'>): string => addCalendarDays(l.validUntil, -licensingConfig.renewalReminderDays);

/** A valid licence not yet reminded for its current validity, from its reminder day on (the same daily sweep). */
export function remindRenewal(l: License, today: string): Decision<License, EventsOf<'license'>> {
  if (l.status !== 'valid' || l.renewalRemindedFor === l.validUntil || today < renewalReminderDay(l) || today > l.validUntil) return { events: [], state: l };
  const renewBy = addCalendarDays(l.validUntil, -guideConfig.timeLimits.renewalLeadDays.value);
  return {
    events: [{ type: 'LicenseRenewalReminderDue', data: { validUntil: l.validUntil, renewBy, on: today } }],
    state: { ...l, renewalRemindedFor: l.validUntil },
  };
}

/** The licence's daily sweep: it expires, or its holder is reminded to renew. */
export function sweepLicense(l: License, today: string): Decision<License, EventsOf<'license'>> {
  const expired = expire(l, today);
  return expired.events.length ? expired : remindRenewal(l, today);
}
