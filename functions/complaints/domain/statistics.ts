import { agencyForRegion } from '../../platform/regions';
import { keptInTime, ratio } from '../../platform/rates';
import { type Complaint, type DeadlineKind, type Outcome } from './complaint';

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

/** What one work order adds to its month's counters (the report sums them; the store keeps the sums, functions/tallies.ts). */
export function contributionOf(c: Complaint): Record<string, number> {
  const counts: Record<string, number> = {
    total: 1,
    [`type:${c.type}`]: 1,
    [`area:${c.businessArea}`]: 1,
    [`province:${c.regionCode.slice(0, 2)}`]: 1,
    [`channel:${c.channel}`]: 1,
    [`outcome:${c.outcome ?? 'open'}`]: 1,
  };
  for (const d of c.deadlines) {
    const kept = keptInTime(d);
    if (kept === undefined) continue;
    counts[`ended:${d.kind}`] = (counts[`ended:${d.kind}`] ?? 0) + 1;
    if (kept) counts[`kept:${d.kind}`] = (counts[`kept:${d.kind}`] ?? 0) + 1;
  }
  return counts;
}

const group = (counts: Readonly<Record<string, number>>, prefix: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(counts)
      .filter(([k, n]) => k.startsWith(`${prefix}:`) && n !== 0)
      .map(([k, n]) => [k.slice(prefix.length + 1), n]),
  );
const rate = (counts: Readonly<Record<string, number>>, kind: DeadlineKind) => {
  const ended = counts[`ended:${kind}`] ?? 0;
  const kept = counts[`kept:${kind}`] ?? 0;
  return { ended, kept, rate: ratio(kept, ended) };
};

/** The month's statistics from its counters: O(groups), however many work orders the month had. */
export function statisticsOfCounts(month: string, counts: Readonly<Record<string, number>>): MonthlyStatistics {
  const byOutcome: Record<Outcome | 'open', number> = {
    refused: 0,
    substantiated: 0,
    'not-substantiated': 0,
    answered: 0,
    open: 0,
    ...group(counts, 'outcome'),
  };
  return {
    month,
    total: counts.total ?? 0,
    byType: group(counts, 'type'),
    byBusinessArea: group(counts, 'area'),
    byRegion: Object.entries(group(counts, 'province'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([provinceCode, n]) => ({ provinceCode, agencyId: agencyForRegion(provinceCode)?.id, count: n })),
    byChannel: group(counts, 'channel'),
    byOutcome,
    onTime: { acceptance: rate(counts, 'acceptance'), handling: rate(counts, 'handling'), answer: rate(counts, 'answer') },
  };
}

/** The month's statistics from its work orders (a rebuild; the same sums as the counters). */
export function monthlyStatistics(month: string, complaints: Iterable<Complaint>): MonthlyStatistics {
  const counts: Record<string, number> = {};
  for (const c of complaints) for (const [k, n] of Object.entries(contributionOf(c))) counts[k] = (counts[k] ?? 0) + n;
  return statisticsOfCounts(month, counts);
}
