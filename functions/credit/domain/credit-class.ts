import * as z from 'zod';
import creditJson from '../../../config/credit.json';

/**
 * Credit classes (DOMAIN C2), derived from an enterprise's live credit records and the date:
 * a pure function, so that the class an application saw can be recomputed and explained.
 * Thresholds live in config/credit.json.
 */
export const CreditClass = z.enum(['good', 'normal', 'dishonest', 'severely-dishonest']);
export type CreditClass = z.infer<typeof CreditClass>;

export const Severity = z.enum(['minor', 'serious', 'severe']);
export type Severity = z.infer<typeof Severity>;

export const CreditRecord = z.object({
  recordId: z.string(),
  severity: Severity,
  decidedAt: z.string(),
  /** Repaired records no longer count (C4); corrected-away records neither (C5, X3). */
  status: z.enum(['live', 'repaired', 'withdrawn']),
});
export type CreditRecord = z.infer<typeof CreditRecord>;

export const CreditThresholds = z.object({
  seriousLookbackYears: z.number().int().positive(),
  minorLookbackYears: z.number().int().positive(),
  dishonestAtSeriousRecords: z.number().int().positive(),
  normalAtMinorRecords: z.number().int().positive(),
});
export type CreditThresholds = z.infer<typeof CreditThresholds>;
export const creditThresholds = CreditThresholds.parse(creditJson);

const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4, 10)}`;

/** One live severe record → severely dishonest; serious records in the lookback → dishonest; minor ones → normal; none → good. */
export function creditClassOf(records: readonly CreditRecord[], onDate: string, t: CreditThresholds = creditThresholds): CreditClass {
  const live = records.filter((r) => r.status === 'live' && r.decidedAt.slice(0, 10) <= onDate);
  if (live.some((r) => r.severity === 'severe')) return 'severely-dishonest';
  const serious = live.filter((r) => r.severity === 'serious' && r.decidedAt.slice(0, 10) > yearsBefore(onDate, t.seriousLookbackYears));
  if (serious.length >= t.dishonestAtSeriousRecords) return 'dishonest';
  const minor = live.filter((r) => r.severity === 'minor' && r.decidedAt.slice(0, 10) > yearsBefore(onDate, t.minorLookbackYears));
  if (minor.length >= t.normalAtMinorRecords) return 'normal';
  return 'good';
}

/** The stream of an enterprise's credit (the credit context owns it). */
export const creditStream = (uscc: string): string => `CREDIT#${uscc}`;

/** The shape of the credit projection this read needs: its records. */
export interface CreditState {
  records: CreditRecord[];
}
