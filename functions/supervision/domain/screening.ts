import type { EventsOf } from '../../events';
import * as z from 'zod';
import { Quantity } from '../../platform/quantity';
import type { Decision } from '../../platform/aggregate';
import { breachDayOf, addCalendarDays, IsoDate, shanghaiDate } from '../../platform/calendar';
import type { Sealed } from '../../platform/envelope';
import type { Snapshot } from '../../platform/event-store';
import type { License } from '../../licensing/domain/license';
import { supervisionConfig } from './plan';

/**
 * License-condition screening (许可条件保持, S6): each month every licensee's register — its
 * personnel, and for generators its units — is held against the conditions of its licences
 * (config/supervision.json). A personnel shortfall is a rectification order with a deadline; a
 * licence expiring within 90 days a renewal reminder; a unit near the end of its design life a
 * safety-assessment reminder. Reminders are kept once per subject and month; a rectification
 * order stays open until a screening finds the conditions met, and the daily sweep flags it late.
 */
export const Person = z.object({
  name: z.string().trim().min(1).max(50),
  post: z.string().regex(/^[a-z-]{2,40}$/, 'a post such as technical-lead, engineer, electrician, test-technician'),
  qualification: z.string().trim().min(1).max(100),
  certificateNo: z.string().trim().min(4).max(40),
  certificateValidUntil: IsoDate.optional(),
});
export type Person = z.infer<typeof Person>;
export const GeneratingUnit = z.object({
  unitId: z.string().trim().min(1).max(40),
  capacityMw: Quantity(0.001, 10_000, 3),
  commissionedOn: IsoDate,
  designLifeYears: z.number().int().min(1).max(80),
});
export type GeneratingUnit = z.infer<typeof GeneratingUnit>;

/**
 * The register at rest: what screening needs (posts, qualifications, certificate validity) and the
 * masked name and certificate number in clear; the people's names and certificate numbers sealed
 * (P4's rule for personal data, held to for the personnel too), opened only for the holder and its agency.
 */
export type RegisteredPerson = Person;
export interface ConditionRegister {
  uscc: string;
  agencyId: string;
  /** Masked names and certificate numbers. */
  personnel: RegisteredPerson[];
  /** `[{name, certificateNo}]` in the order of `personnel`, sealed (platform/envelope.ts) under `{register: uscc}`. */
  identities?: Sealed;
  units: GeneratingUnit[];
  updatedAt: string;
}
export type Identity = Pick<Person, 'name' | 'certificateNo'>;
export const identitiesContext = (uscc: string): Record<string, string> => ({ register: uscc });

/** The register's people whole: the sealed identities, opened, over the masked list. */
export const withIdentities = (personnel: readonly RegisteredPerson[], identities: readonly Identity[]): Person[] =>
  personnel.map((p, i) => ({ ...p, ...identities[i]! }));
export const registerStream = (uscc: string): string => `CONDITIONS#${uscc}`;

/** `personnel` as given (the holder's whole register) is stored masked; its identities arrive sealed by the caller. */
export function updateRegister(
  current: Snapshot<ConditionRegister> | undefined,
  uscc: string,
  agencyId: string,
  change: { personnel: Person[]; identities: Sealed } | { units: GeneratingUnit[] },
  at: Date,
): Decision<ConditionRegister, EventsOf<'condition register'>> {
  const base: ConditionRegister = current?.state ?? { uscc, agencyId, personnel: [], units: [], updatedAt: at.toISOString() };
  const next: ConditionRegister =
    'personnel' in change
      ? { ...base, personnel: change.personnel.map(maskPerson), identities: change.identities, updatedAt: at.toISOString() }
      : { ...base, units: change.units, updatedAt: at.toISOString() };
  const type = 'personnel' in change ? 'PersonnelRegisterUpdated' : 'GeneratingUnitsUpdated';
  // The event records counts by post, not the people: the register itself is the personal data.
  const data = 'personnel' in change ? { byPost: countBy(change.personnel.map((p) => p.post)) } : { units: change.units.map((u) => u.unitId) };
  return { events: [{ type, data }], state: next };
}

const countBy = (xs: readonly string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

/** What anyone but the holder and its agency sees of a person: the post and qualification, the rest masked. */
export const maskPerson = (p: Person): Person => ({
  ...p,
  name: `${[...p.name][0] ?? ''}${'*'.repeat(Math.max(1, [...p.name].length - 1))}`,
  certificateNo: `****${p.certificateNo.slice(-4)}`,
});

export type WarningKind = 'personnel-shortfall' | 'renewal-reminder' | 'safety-assessment-reminder';
export interface ConditionWarning {
  warningId: string;
  kind: WarningKind;
  subject: string;
  month: string;
  detail: Record<string, unknown>;
  /** A rectification order's deadline (personnel shortfall). */
  deadline?: string;
  raisedOn: string;
  /** Personnel shortfall: the screening that found the conditions met again. */
  resolvedOn?: string;
  /** X2: the day after the deadline, and the day the sweep noticed it. */
  overdueOn?: string;
  detectedOn?: string;
}

/** The conditions of a licence: by class and level, else by class; none → not screened for personnel. */
function conditionsOf(l: Pick<License, 'licenseClass' | 'level'>): Record<string, number> | undefined {
  const c = supervisionConfig.personnelConditions[`${l.licenseClass}:${l.level}`] ?? supervisionConfig.personnelConditions[l.licenseClass];
  return typeof c === 'object' ? c : undefined;
}

/** S6, pure: the warnings one licensee's licences and register give on `today`. */
export function screen(licenses: readonly License[], register: ConditionRegister | undefined, today: string): ConditionWarning[] {
  const month = today.slice(0, 7);
  const out: ConditionWarning[] = [];
  const live = licenses.filter((l) => l.status === 'valid' || l.status === 'suspended');
  const qualified = countBy((register?.personnel ?? []).filter((p) => !p.certificateValidUntil || p.certificateValidUntil >= today).map((p) => p.post));
  for (const l of live) {
    const needed = conditionsOf(l);
    if (needed) {
      const shortfall = Object.fromEntries(
        Object.entries(needed)
          .filter(([post, n]) => (qualified[post] ?? 0) < n)
          .map(([post, n]) => [post, { required: n, qualified: qualified[post] ?? 0 }]),
      );
      if (Object.keys(shortfall).length)
        out.push({
          warningId: `personnel-shortfall:${l.licenseNo}:${month}`,
          kind: 'personnel-shortfall',
          subject: l.licenseNo,
          month,
          detail: { licenseClass: l.licenseClass, level: l.level, shortfall },
          deadline: addCalendarDays(today, supervisionConfig.personnelRectificationDays),
          raisedOn: today,
        });
    }
    if (l.validUntil >= today && l.validUntil <= addCalendarDays(today, supervisionConfig.renewalReminderDays))
      out.push({
        warningId: `renewal-reminder:${l.licenseNo}:${month}`,
        kind: 'renewal-reminder',
        subject: l.licenseNo,
        month,
        detail: { validUntil: l.validUntil },
        raisedOn: today,
      });
  }
  if (live.some((l) => l.licenseClass === 'power-generation')) {
    for (const u of register?.units ?? []) {
      const endOfLife = addYears(u.commissionedOn, u.designLifeYears);
      if (addYears(today, supervisionConfig.designLifeWarningYears) >= endOfLife)
        out.push({
          warningId: `safety-assessment-reminder:${u.unitId}:${month}`,
          kind: 'safety-assessment-reminder',
          subject: u.unitId,
          month,
          detail: { commissionedOn: u.commissionedOn, designLifeYears: u.designLifeYears, endOfDesignLife: endOfLife },
          raisedOn: today,
        });
    }
  }
  return out;
}

const addYears = (date: string, years: number) => `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;

export interface Warnings {
  uscc: string;
  agencyId: string;
  warnings: ConditionWarning[];
}
export const warningsStream = (uscc: string): string => `WARNINGS#${uscc}`;

const openOrders = (w: Warnings) => w.warnings.filter((x) => x.kind === 'personnel-shortfall' && !x.resolvedOn);
/** The earliest deadline of an open rectification order for personnel (S6): the sweep's next look. */
export const nextDue = (w: Warnings): string | undefined =>
  openOrders(w)
    .filter((x) => !x.overdueOn)
    .map((x) => x.deadline!)
    .sort()[0];

/**
 * Records a screening's findings: reminders once per subject and month; a personnel shortfall is
 * one rectification order per licence while it stays open, resolved by the first screening that
 * no longer finds it.
 */
export function raise(
  current: Snapshot<Warnings> | undefined,
  uscc: string,
  agencyId: string,
  found: readonly ConditionWarning[],
  today: string,
): Decision<Warnings, EventsOf<'warnings'>> {
  const w: Warnings = current?.state ?? { uscc, agencyId, warnings: [] };
  const known = new Set(w.warnings.map((x) => x.warningId));
  const ordered = new Set(openOrders(w).map((x) => x.subject));
  const fresh = found.filter((x) => !known.has(x.warningId) && !(x.kind === 'personnel-shortfall' && ordered.has(x.subject)));
  const stillShort = new Set(found.filter((x) => x.kind === 'personnel-shortfall').map((x) => x.subject));
  const resolved = openOrders(w).filter((x) => !stillShort.has(x.subject));
  if (!fresh.length && !resolved.length) return { events: [], state: w };
  const warnings = [...w.warnings.map((x) => (resolved.includes(x) ? { ...x, resolvedOn: today } : x)), ...fresh];
  const next = { ...w, warnings };
  return {
    events: [
      ...fresh.map((x) => ({ type: 'ConditionWarningRaised' as const, data: { ...x } })),
      ...resolved.map((x) => ({ type: 'PersonnelShortfallResolved' as const, data: { warningId: x.warningId, on: today } })),
    ],
    state: next,
  };
}

/** X2: a personnel rectification order still open after its deadline is flagged the day after. */
export function sweepWarnings(w: Warnings, now: Date): Decision<Warnings, EventsOf<'warnings'>> {
  const today = shanghaiDate(now);
  const late = openOrders(w).filter((x) => !x.overdueOn && x.deadline! < today);
  if (!late.length) return { events: [], state: w };
  const next = { ...w, warnings: w.warnings.map((x) => (late.includes(x) ? { ...x, overdueOn: breachDayOf(x.deadline!), detectedOn: today } : x)) };
  return {
    events: late.map((x) => ({
      type: 'RectificationOverdue',
      data: { warningId: x.warningId, deadline: x.deadline, breachedOn: breachDayOf(x.deadline!), flaggedOn: today },
    })),
    state: next,
  };
}
