import type { EventsOf } from '../../events';
import * as z from 'zod';
import { Quantity } from '../../platform/quantity';
import supervisionJson from '../../../config/supervision.json';
import type { Decision } from '../../platform/aggregate';
import { DomainError } from '../../platform/errors';
import type { Snapshot } from '../../platform/event-store';
import { CreditClassName } from './draw';

/**
 * Inspection plans (S1, S2): who is in the population, the sampling ratio per credit class, the
 * exclusion window, the team size, on-site or off-site, and whether the plan draws by itself each
 * quarter. Defaults live in config/supervision.json.
 */
const Ratios = z.record(CreditClassName, z.number().min(0).max(1));
export const SupervisionConfig = z.object({
  ratios: Ratios,
  exclusionMonths: z.number().int().min(0),
  inspectorsPerInspection: z.number().int().min(2),
  entropyWindowMinutes: z.number().int().min(0),
  /** Public entropy strings one client address may add to one draw, so that no client fills the draw's 50 (S3). */
  entropyStringsPerClient: z.number().int().min(1).max(50),
  rectificationMaxDays: z.number().int().positive(),
  personnelRectificationDays: z.number().int().positive(),
  outcomeSeverity: z.object({
    rectification: z.enum(['minor', 'serious', 'severe']),
    penalty: z.enum(['minor', 'serious', 'severe']),
    'revocation-referral': z.enum(['minor', 'serious', 'severe']),
  }),
  renewalReminderDays: z.number().int().positive(),
  designLifeWarningYears: z.number().int().min(0),
  personnelConditions: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.number().int().min(0))])),
});
export const supervisionConfig = SupervisionConfig.parse(supervisionJson);

export const PlanId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,39}$/, 'lowercase letters, digits and dashes, e.g. fj-facility-2026');
export const Period = z.string().regex(/^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))$/, 'a quarter such as 2026Q4 or a month such as 2026-10');

export const DefinePlan = z.object({
  planId: PlanId,
  name: z.string().trim().min(2).max(200),
  /** License classes in the population (all when empty). */
  licenseClasses: z.array(z.string().min(1).max(40)).max(20).default([]),
  /** Province codes (two digits) in the population (all of the agency's when empty). */
  provinces: z
    .array(z.string().regex(/^\d{2}$/))
    .max(40)
    .default([]),
  ratios: z.partialRecord(CreditClassName, Quantity(0, 1, 4)).optional(),
  exclusionMonths: z.number().int().min(0).max(36).optional(),
  inspectorsPerInspection: z.number().int().min(2, 'at least 2 inspectors per inspection (Administrative Penalty Law Art. 42)').max(6).optional(),
  mode: z.enum(['on-site', 'off-site']).default('on-site'),
  schedule: z.enum(['quarterly', 'none']).default('none'),
  entropyWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
});
export type DefinePlan = z.infer<typeof DefinePlan>;

export interface Plan {
  planId: string;
  agencyId: string;
  name: string;
  licenseClasses: string[];
  provinces: string[];
  ratios: Record<CreditClassName, number>;
  exclusionMonths: number;
  inspectorsPerInspection: number;
  mode: 'on-site' | 'off-site';
  schedule: 'quarterly' | 'none';
  entropyWindowMinutes: number;
  definedBy: string;
  definedAt: string;
}

export const planStream = (planId: string): string => `PLAN#${planId}`;

/** Defining a plan again replaces it (a new event); draws already made keep the parameters they published. */
export function definePlan(current: Snapshot<Plan> | undefined, cmd: DefinePlan, agencyId: string, by: string, at: Date): Decision<Plan, EventsOf<'plan'>> {
  if (current && current.state.agencyId !== agencyId) throw new DomainError('PLAN.OTHER_AGENCY', `Plan ${cmd.planId} belongs to another agency.`);
  const plan: Plan = {
    planId: cmd.planId,
    agencyId,
    name: cmd.name,
    licenseClasses: [...new Set(cmd.licenseClasses)].sort(),
    provinces: [...new Set(cmd.provinces)].sort(),
    ratios: { ...supervisionConfig.ratios, ...cmd.ratios } as Record<CreditClassName, number>,
    exclusionMonths: cmd.exclusionMonths ?? supervisionConfig.exclusionMonths,
    inspectorsPerInspection: cmd.inspectorsPerInspection ?? supervisionConfig.inspectorsPerInspection,
    mode: cmd.mode,
    schedule: cmd.schedule,
    entropyWindowMinutes: cmd.entropyWindowMinutes ?? supervisionConfig.entropyWindowMinutes,
    definedBy: by,
    definedAt: at.toISOString(),
  };
  return {
    events: [{ type: current ? 'InspectionPlanRedefined' : 'InspectionPlanDefined', data: { ...plan } }],
    state: plan,
  };
}

/** The quarter (Asia/Shanghai date) a scheduled draw belongs to: 2026-10-01 → 2026Q4. */
export const quarterOf = (date: string): string => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
