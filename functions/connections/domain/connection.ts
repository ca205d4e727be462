import * as z from 'zod';
import type { EventsOf } from '../../events';
import { guard, lifecycle } from '../../platform/domain/lifecycle';
import { Quantity } from '../../platform/quantity';
import type { Holder } from '../../platform/auth';
import { agencies } from '../../platform/config';
import companiesJson from '../../../config/grid-companies.json';
import type { Decision } from '../../platform/aggregate';
import { shanghaiDate, type WorkingDayCalendar } from '../../platform/calendar';
import { DomainError } from '../../platform/errors';
import type { Snapshot } from '../../platform/event-store';
import { agencyForRegion, RegionCode } from '../../platform/regions';
import { CustomerCategory, ExternalLine, type Milestone, Step, totalWorkingDays, type Violation, violationsOf } from './rules';

/**
 * A getting-electricity connection case as a grid company reports it (DOMAIN G1–G7): opened at the
 * application, milestones recorded as they happen, closed at power-on. The violations are
 * recomputed from the facts on every change, so they always name the rule, the figure and the limit.
 */
export const GridCompany = z.object({ id: z.string(), name: z.string(), provinces: z.array(z.string()) });
export const gridCompanies = z.object({ companies: z.array(GridCompany) }).parse(companiesJson).companies;
export const companyById = (id: string) => gridCompanies.find((c) => c.id === id);

/** A grid company's cases belong to the company and to the agencies of the provinces it serves. */
export const companyHolder = (companyId: string): Holder => {
  const provinces = companyById(companyId)?.provinces ?? [];
  return {
    what: `Grid company ${companyId}`,
    companyId,
    agencyIds: agencies.filter((a) => a.provinces.some((p) => provinces.includes(p))).map((a) => a.id),
  };
};

export const GridCaseNo = z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'a grid case number of letters, digits and hyphens');
export const AreaType = z.enum(['urban', 'town', 'rural']);

export const OpenConnection = z.object({
  gridCaseNo: GridCaseNo,
  customerCategory: CustomerCategory,
  threeZeros: z.boolean(),
  smallMicro: z.boolean(),
  capacityKw: Quantity(0.001, 1_000_000, 3),
  regionCode: RegionCode,
  areaType: AreaType,
  appliedAt: z.iso.datetime({ offset: true }),
});
export type OpenConnection = z.infer<typeof OpenConnection>;

export const RecordMilestone = z.object({
  step: Step.exclude(['power-on']),
  at: z.iso.datetime({ offset: true }),
  materialsRequested: z.array(z.string().min(1).max(60)).max(30).default([]),
  charges: z
    .array(z.object({ item: z.string().min(1).max(100), amountCny: Quantity(0, 1e10, 2) }))
    .max(30)
    .default([]),
  externalLine: ExternalLine.optional(),
});
export type RecordMilestone = z.infer<typeof RecordMilestone>;

export interface Connection extends OpenConnection {
  id: string;
  companyId: string;
  agencyId: string;
  status: 'open' | 'powered';
  milestones: Milestone[];
  powerOnAt?: string;
  /** The half-year of power-on, e.g. 2026H1: the report this case counts in (G7). */
  half?: string;
  /** Working days from application to power-on (G1), fixed at power-on. */
  workingDays?: number;
  violations: Violation[];
  openedAt: string;
}

export const connectionId = (companyId: string, gridCaseNo: string): string => `${companyId}.${gridCaseNo}`;
export const connectionStream = (id: string): string => `CONNECTION#${id}`;
export const halfOf = (date: string): string => `${date.slice(0, 4)}H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;

// Instants arrive with their offsets (+08:00 or Z): always compare them as instants, never as strings.
const facts = (c: Connection) => ({
  category: c.customerCategory,
  threeZeros: c.threeZeros,
  smallMicro: c.smallMicro,
  capacityKw: c.capacityKw,
  regionCode: c.regionCode,
  appliedAt: c.appliedAt,
  milestones: c.milestones,
  ...(c.powerOnAt ? { powerOnAt: c.powerOnAt } : {}),
});

/** THE table of a connection case's lifecycle (G6): milestones as they happen, until power is on. */
export const CONNECTION_LIFECYCLE = lifecycle<Connection['status'], 'record-milestone' | 'power-on'>({
  name: 'connection case',
  refusal: 'CONNECTION.POWERED',
  creation: { action: 'open', to: 'open' },
  finals: ['powered'],
  actions: { open: ['record-milestone', 'power-on'], powered: [] },
  targets: { 'record-milestone': [], 'power-on': ['powered'] },
});

function decided(
  c: Connection,
  type: EventsOf<'connection'>,
  data: Record<string, unknown>,
  cal: WorkingDayCalendar,
): Decision<Connection, EventsOf<'connection'>> {
  const next = { ...c, violations: violationsOf(facts(c), cal) };
  return {
    events: [{ type, data: { ...data, violations: next.violations.map((v) => v.rule) } }],
    state: next,
  };
}

export function openConnection(
  current: Snapshot<Connection> | undefined,
  companyId: string,
  cmd: OpenConnection,
  at: Date,
  cal: WorkingDayCalendar,
): Decision<Connection, EventsOf<'connection'>> {
  if (current) throw new DomainError('CONNECTION.EXISTS', `Grid case ${cmd.gridCaseNo} is already reported.`);
  const company = companyById(companyId);
  if (!company) throw new DomainError('CONNECTION.COMPANY_NOT_REGISTERED', `Grid company ${companyId} is not registered.`);
  if (!company.provinces.includes(cmd.regionCode.slice(0, 2))) {
    throw new DomainError('CONNECTION.OUTSIDE_SERVICE_AREA', `Region ${cmd.regionCode} is outside ${company.name}'s service area.`);
  }
  if (Date.parse(cmd.appliedAt) > at.getTime()) throw new DomainError('CONNECTION.IN_FUTURE', 'A case is reported after it was applied for.');
  const c: Connection = {
    ...cmd,
    id: connectionId(companyId, cmd.gridCaseNo),
    companyId,
    agencyId: agencyForRegion(cmd.regionCode)!.id,
    status: 'open',
    milestones: [],
    violations: [],
    openedAt: at.toISOString(),
  };
  return decided(c, 'ConnectionOpened', { ...cmd }, cal);
}

export function recordMilestone(c: Connection, cmd: RecordMilestone, at: Date, cal: WorkingDayCalendar): Decision<Connection, EventsOf<'connection'>> {
  guard(CONNECTION_LIFECYCLE, c.status, 'record-milestone', 'The case is closed: power is on.');
  if (Date.parse(cmd.at) > at.getTime()) throw new DomainError('CONNECTION.IN_FUTURE', 'A milestone is recorded after it happens.');
  const m: Milestone = { ...cmd, recordedAt: at.toISOString() };
  return decided({ ...c, milestones: [...c.milestones, m] }, 'MilestoneRecorded', { ...m }, cal);
}

export function powerOn(c: Connection, powerOnAt: string, at: Date, cal: WorkingDayCalendar): Decision<Connection, EventsOf<'connection'>> {
  guard(CONNECTION_LIFECYCLE, c.status, 'power-on', 'The case is closed: power is on.');
  if (Date.parse(powerOnAt) > at.getTime()) throw new DomainError('CONNECTION.IN_FUTURE', 'Power-on is recorded after it happens.');
  if (Date.parse(powerOnAt) < Date.parse(c.appliedAt)) throw new DomainError('CONNECTION.BEFORE_APPLICATION', 'Power-on cannot precede the application.');
  const m: Milestone = { step: 'power-on', at: powerOnAt, recordedAt: at.toISOString(), materialsRequested: [], charges: [] };
  const half = halfOf(shanghaiDate(new Date(powerOnAt)));
  const powered: Connection = { ...c, status: 'powered', powerOnAt, half, milestones: [...c.milestones, m] };
  powered.workingDays = totalWorkingDays({ ...facts(powered), category: c.customerCategory }, cal);
  return decided(powered, 'PowerOn', { at: powerOnAt, half, workingDays: powered.workingDays }, cal);
}
