import { agencyForRegion } from '../../platform/regions';
import { onTime } from '../../platform/rates';
import { type Complaint, type ComplaintDeadline, type DeadlineKind, type Outcome } from './complaint';

/**
 * P5: the monthly public notice of 12398 work orders — counts by type, business area, region
 * (province), channel and outcome, and how many periods were kept. Aggregates only: no party,
 * no complainant, no facts.
 */
export interface MonthlyStatistics {
  month: string;
  total: number;
  byType: Record<string, number>;
  byBusinessArea: Record<string, number>;
  byRegion: { provinceCode: string; agencyId?: string; count: number }[];
  byChannel: Record<string, number>;
  byOutcome: Record<Outcome | 'open', number>;
  /** Of the periods that ended (kept or missed), how many were kept; open ones are not counted yet. */
  onTime: Record<DeadlineKind, { ended: number; kept: number; rate: number | null }>;
}

const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

export function monthlyStatistics(month: string, complaints: Iterable<Complaint>): MonthlyStatistics {
  const byType: Record<string, number> = {};
  const byBusinessArea: Record<string, number> = {};
  const byProvince: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const byOutcome: Record<Outcome | 'open', number> = { refused: 0, substantiated: 0, 'not-substantiated': 0, answered: 0, open: 0 };
  const periods: Record<DeadlineKind, ComplaintDeadline[]> = { acceptance: [], handling: [], answer: [] };
  let total = 0;
  for (const c of complaints) {
    total++;
    count(byType, c.type);
    count(byBusinessArea, c.businessArea);
    count(byProvince, c.regionCode.slice(0, 2));
    count(byChannel, c.channel);
    byOutcome[c.outcome ?? 'open']++;
    for (const d of c.deadlines) periods[d.kind].push(d);
  }
  return {
    month,
    total,
    byType,
    byBusinessArea,
    byRegion: Object.entries(byProvince)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([provinceCode, n]) => ({ provinceCode, agencyId: agencyForRegion(provinceCode)?.id, count: n })),
    byChannel,
    byOutcome,
    onTime: { acceptance: onTime(periods.acceptance), handling: onTime(periods.handling), answer: onTime(periods.answer) },
  };
}
