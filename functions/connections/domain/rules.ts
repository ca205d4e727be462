import * as z from 'zod';
import { Quantity } from '../../platform/quantity';
import rulesJson from '../../../config/connection-rules.json';
import { IsoDate, shanghaiDate, type WorkingDayCalendar } from '../../platform/calendar';

/**
 * The getting-electricity rules (DOMAIN G1–G6, G8) as pure functions over a connection case, with
 * the figures from config/connection-rules.json in the version in force on the day the case was
 * applied for (so a 2021 case is judged by the 2021 targets and a 2022 case by the 2022 ones).
 */
export const CustomerCategory = z.enum(['residential', 'low-voltage-non-residential', 'high-voltage-single', 'high-voltage-dual']);
export type CustomerCategory = z.infer<typeof CustomerCategory>;
export const Step = z.enum(['application', 'design-review', 'mid-inspection', 'completion-inspection', 'power-on']);
export type Step = z.infer<typeof Step>;

const Limits = z.record(z.string(), z.number().int().positive());
export const RulesVersion = z.object({
  effectiveFrom: IsoDate,
  regionPrefix: z
    .string()
    .regex(/^\d{2,6}$/)
    .optional(),
  basis: z.string(),
  totalWorkingDays: Limits,
  maxSteps: Limits,
  forbiddenSteps: z.record(z.string(), z.array(Step)),
  allowedMaterials: z.object({ 'low-voltage': z.record(z.string(), z.array(z.string())), 'high-voltage': z.record(z.string(), z.array(z.string())) }),
  smallMicroMaxKw: z.number().positive(),
  externalLine: z.object({
    highVoltagePlanningExempt: z.object({ maxLengthM: z.number(), maxRoadDigM: z.number() }),
    lowVoltagePlanningExempt: z.object({ maxLengthM: z.number(), maxRoadDigM: z.number() }),
    constructionExemptBelowCny: z.number(),
    permitAnswerWorkingDays: z.number().int().positive(),
  }),
  backfillToleranceWorkingDays: z.number().int().nonnegative(),
});
export type RulesVersion = z.infer<typeof RulesVersion>;
export const ReliabilityTargets = z.object({ urban: z.number(), town: z.number(), rural: z.number(), yearOnYearCut: z.number() });

const parsed = z.object({ versions: z.array(RulesVersion).min(1), reliabilityTargets: ReliabilityTargets }).parse(rulesJson);
export const RULE_VERSIONS: readonly RulesVersion[] = parsed.versions;
export const RELIABILITY_TARGETS = parsed.reliabilityTargets;

/** The version in force on `date` for `regionCode`: the latest effective one, a regional one winning over a national one of the same date. */
export function rulesFor(date: string, regionCode: string, versions: readonly RulesVersion[] = RULE_VERSIONS): RulesVersion {
  const applicable = versions.filter((v) => v.effectiveFrom <= date && (!v.regionPrefix || regionCode.startsWith(v.regionPrefix)));
  const best = applicable
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || (a.regionPrefix?.length ?? 0) - (b.regionPrefix?.length ?? 0))
    .at(-1);
  if (!best) throw new Error(`no getting-electricity rules in force on ${date}`);
  return best;
}

export const Permit = z.object({
  type: z.string().min(1).max(40),
  appliedAt: z.iso.datetime({ offset: true }),
  answeredAt: z.iso.datetime({ offset: true }).optional(),
});
export const ExternalLine = z.object({
  voltage: z.enum(['low', 'high']),
  lengthM: Quantity(0, 1_000_000, 2),
  roadDigM: Quantity(0, 1_000_000, 2),
  investmentCny: Quantity(0, 1e11, 2),
  permits: z.array(Permit).max(10),
});
export type ExternalLine = z.infer<typeof ExternalLine>;

export const Milestone = z.object({
  step: Step,
  at: z.iso.datetime({ offset: true }),
  recordedAt: z.string(),
  materialsRequested: z.array(z.string()),
  charges: z.array(z.object({ item: z.string(), amountCny: z.number().nonnegative() })),
  externalLine: ExternalLine.optional(),
});
export type Milestone = z.infer<typeof Milestone>;

export interface CaseFacts {
  category: CustomerCategory;
  threeZeros: boolean;
  smallMicro: boolean;
  capacityKw: number;
  regionCode: string;
  appliedAt: string;
  milestones: readonly Milestone[];
  powerOnAt?: string;
}

export interface Violation {
  rule: 'G1' | 'G2' | 'G3' | 'G4' | 'G5' | 'G6';
  what: string;
  figure: number | string;
  limit: number | string;
}

export const isLowVoltage = (c: CustomerCategory): boolean => c === 'residential' || c === 'low-voltage-non-residential';
const limitKey = (f: CaseFacts) => (f.category === 'low-voltage-non-residential' && f.threeZeros ? 'low-voltage-non-residential-three-zeros' : f.category);

/** Working days from the application day to the power-on day (the application day not counted). */
export function totalWorkingDays(f: CaseFacts, cal: WorkingDayCalendar): number | undefined {
  if (!f.powerOnAt) return undefined;
  return cal.workingDaysBetween(shanghaiDate(new Date(f.appliedAt)), shanghaiDate(new Date(f.powerOnAt))).value;
}

/** Every violation of G1–G6 a case shows, each naming the rule, the figure and the limit. */
export function violationsOf(f: CaseFacts, cal: WorkingDayCalendar): Violation[] {
  const r = rulesFor(shanghaiDate(new Date(f.appliedAt)), f.regionCode);
  const out: Violation[] = [];
  const steps = f.milestones.filter((m) => m.step !== 'power-on');

  // G1: total time.
  const wd = totalWorkingDays(f, cal);
  const limit = r.totalWorkingDays[limitKey(f)]!;
  if (wd !== undefined && wd > limit)
    out.push({ rule: 'G1', what: `application to power-on took ${wd} WD (${limitKey(f)}, rules of ${r.effectiveFrom})`, figure: wd, limit });

  // G2: steps, and no design review / mid-inspection for high-voltage single supply.
  const maxSteps = r.maxSteps[f.category]!;
  if (steps.length > maxSteps) out.push({ rule: 'G2', what: `${steps.length} steps`, figure: steps.length, limit: maxSteps });
  for (const s of steps)
    if ((r.forbiddenSteps[f.category] ?? []).includes(s.step))
      out.push({ rule: 'G2', what: `${s.step} is not a step of ${f.category}`, figure: s.step, limit: 'none' });

  // G3: materials only from the list of each step.
  const allowed = r.allowedMaterials[isLowVoltage(f.category) ? 'low-voltage' : 'high-voltage'];
  for (const s of steps) {
    const ok = new Set(allowed[s.step] ?? []);
    for (const m of s.materialsRequested)
      if (!ok.has(m)) out.push({ rule: 'G3', what: `${m} asked at ${s.step}`, figure: m, limit: [...ok].join(', ') || 'none' });
  }

  // G4: small and micro businesses ≤ 160 kW connect at low voltage and pay nothing.
  if (f.smallMicro && f.capacityKw <= r.smallMicroMaxKw) {
    if (!isLowVoltage(f.category))
      out.push({ rule: 'G4', what: `${f.capacityKw} kW small/micro business connected at high voltage`, figure: f.category, limit: 'low voltage' });
    const charged = f.milestones.flatMap((m) => m.charges).reduce((s, c) => s + c.amountCny, 0);
    if (charged > 0) out.push({ rule: 'G4', what: `${charged} CNY charged to a small/micro business`, figure: charged, limit: 0 });
  }

  // G5: external-line permits.
  for (const line of f.milestones.flatMap((m) => (m.externalLine ? [m.externalLine] : []))) {
    const ex = line.voltage === 'high' ? r.externalLine.highVoltagePlanningExempt : r.externalLine.lowVoltagePlanningExempt;
    const planningExempt = line.lengthM <= ex.maxLengthM && line.roadDigM <= ex.maxRoadDigM;
    if (planningExempt && line.permits.some((p) => p.type === 'planning'))
      out.push({
        rule: 'G5',
        what: `planning permit required for a ${line.lengthM} m line with ${line.roadDigM} m of road digging`,
        figure: `${line.lengthM} m / ${line.roadDigM} m`,
        limit: `exempt up to ${ex.maxLengthM} m / ${ex.maxRoadDigM} m`,
      });
    if (line.investmentCny < r.externalLine.constructionExemptBelowCny && line.permits.some((p) => p.type === 'construction')) {
      out.push({
        rule: 'G5',
        what: `construction permit required for ${line.investmentCny} CNY of investment`,
        figure: line.investmentCny,
        limit: `exempt below ${r.externalLine.constructionExemptBelowCny}`,
      });
    }
    for (const p of line.permits.filter((x) => x.answeredAt)) {
      const days = cal.workingDaysBetween(shanghaiDate(new Date(p.appliedAt)), shanghaiDate(new Date(p.answeredAt!))).value;
      if (days > r.externalLine.permitAnswerWorkingDays)
        out.push({ rule: 'G5', what: `${p.type} permit answered in ${days} WD`, figure: days, limit: r.externalLine.permitAnswerWorkingDays });
    }
  }

  // G6: recorded as they happen: late or out of order is back-filling.
  let previous: Milestone | undefined;
  for (const m of f.milestones) {
    const late = cal.workingDaysBetween(shanghaiDate(new Date(m.at)), shanghaiDate(new Date(m.recordedAt))).value;
    if (late > r.backfillToleranceWorkingDays)
      out.push({ rule: 'G6', what: `${m.step} recorded ${late} WD after it happened`, figure: late, limit: r.backfillToleranceWorkingDays });
    if (previous && Date.parse(m.at) < Date.parse(previous.at))
      out.push({ rule: 'G6', what: `${m.step} happened before ${previous.step}, which was recorded earlier`, figure: m.at, limit: `after ${previous.at}` });
    previous = m;
  }
  return out;
}

/** G8: yearly average outage hours per user against the area's target, or an 8% cut on the year before. */
export function reliabilityVerdict(areaType: 'urban' | 'town' | 'rural', hours: number, previousYearHours?: number) {
  const target = RELIABILITY_TARGETS[areaType];
  const cut = previousYearHours && previousYearHours > 0 ? (previousYearHours - hours) / previousYearHours : undefined;
  const meets = hours <= target || (cut !== undefined && cut >= RELIABILITY_TARGETS.yearOnYearCut);
  return { areaType, hours, target, ...(cut !== undefined ? { yearOnYearCut: Math.round(cut * 1000) / 1000 } : {}), meets };
}
