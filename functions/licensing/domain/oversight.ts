import { shanghaiDate } from '../../platform/calendar';
import { keptInTime, onTime, ratio } from '../../platform/rates';
import { type Application, type CaseDeadline, licensingConfig } from './application';
import { matterById } from './guide';
import type { Review } from './review';

/**
 * Oversight of the licensing work (DOMAIN L10): one agency's quarter — the cases submitted in it
 * by matter and outcome, how every statutory limit was kept, the overdue cases, in-person visits,
 * publication delays, fees, correction notices and bad reviews. Pure: the handler feeds it the
 * agency's cases and reviews.
 */
export const quarterBounds = (quarter: string): { from: string; to: string } => {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  const start = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  const end = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  return { from: start, to: end };
};

const within = (iso: string, b: { from: string; to: string }) => {
  const d = shanghaiDate(new Date(iso));
  return d >= b.from && d < b.to;
};

type Outcome = 'granted' | 'denied' | 'not-accepted' | 'withdrawn' | 'pending';
const outcomeOf = (a: Application): Outcome =>
  a.decision ? (a.decision.outcome === 'grant' ? 'granted' : 'denied') : a.refusal ? 'not-accepted' : a.withdrawnAt ? 'withdrawn' : 'pending';

export function oversightReport(agencyId: string, quarter: string, cases: readonly Application[], reviews: readonly Review[], today: string) {
  const bounds = quarterBounds(quarter);
  const inQuarter = cases.filter((a) => within(a.submittedAt, bounds));
  const byMatter: Record<string, Record<Outcome | 'submitted', number>> = {};
  const limits: Record<string, CaseDeadline[]> = {};
  const overdue: { caseId: string; matterId: string; kind: string; dueDate: string; breachedOn?: string; metAt?: string; open: boolean }[] = [];
  const publicationDelays: { caseId: string; dueDate: string; publishedOn?: string }[] = [];
  let visits = 0;
  let casesWithVisits = 0;
  /** L1: "run at most once" — the cases that took more in-person visits than the rule allows. */
  const visitViolations: { caseId: string; visits: number }[] = [];
  let corrections = 0;
  let deficiencies = 0;
  let fees = 0;
  for (const a of inQuarter) {
    const m = (byMatter[a.matterId] ??= { submitted: 0, granted: 0, denied: 0, 'not-accepted': 0, withdrawn: 0, pending: 0 });
    m.submitted++;
    m[outcomeOf(a)]++;
    for (const d of a.deadlines) {
      (limits[d.kind] ??= []).push(d);
      const k = keptInTime(d);
      // Missed (met late, or flagged), or still open past its last day.
      const late = k === false || (!d.metAt && !d.paused && d.dueDate < today);
      if (late)
        overdue.push({
          caseId: a.id,
          matterId: a.matterId,
          kind: d.kind,
          dueDate: d.dueDate,
          ...(d.breachedOn ? { breachedOn: d.breachedOn } : {}),
          ...(d.metAt ? { metAt: d.metAt } : {}),
          open: !d.metAt,
        });
      if (d.kind === 'publication' && k === false)
        publicationDelays.push({ caseId: a.id, dueDate: d.dueDate, ...(a.publishedAt ? { publishedOn: shanghaiDate(new Date(a.publishedAt)) } : {}) });
    }
    visits += a.visits.length;
    if (a.visits.length) casesWithVisits++;
    if (a.visits.length > licensingConfig.visits.allowed) visitViolations.push({ caseId: a.id, visits: a.visits.length });
    if (a.correctionNotice) {
      corrections++;
      deficiencies += a.correctionNotice.deficiencies.length;
    }
    fees += matterById(a.matterId)?.feeCny ?? 0;
  }
  const quarterReviews = reviews.filter((r) => within(r.submittedAt, bounds));
  const bad = quarterReviews.filter((r) => r.bad);
  const callbacks = bad.flatMap((r) => r.deadlines.filter((d) => d.kind === 'callback'));
  return {
    agencyId,
    quarter,
    asOf: today,
    notes: [
      'A case deemed accepted (L4: no answer within 5 working days) counts as a missed acceptance limit: the agency did not act in time.',
      'Overdue lists every limit met late, flagged as breached, or still open past its last day.',
    ],
    cases: { submitted: inQuarter.length, byMatter },
    onTime: Object.fromEntries(Object.entries(limits).map(([kind, ds]) => [kind, onTime(ds)])),
    overdue,
    visits: {
      total: visits,
      casesWithVisits,
      zeroVisitRate: ratio(inQuarter.length - casesWithVisits, inQuarter.length),
      allowedPerCase: licensingConfig.visits.allowed,
      violations: visitViolations.length,
      violatingCases: visitViolations,
    },
    publicationDelays,
    feesChargedCny: fees,
    correctionNotices: { cases: corrections, perCase: ratio(corrections, inQuarter.length), deficiencies },
    reviews: {
      total: quarterReviews.length,
      bad: bad.length,
      badRealName: bad.filter((r) => r.realName).length,
      callbacksOnTime: onTime(callbacks),
      rectified: bad.filter((r) => r.rectification).length,
    },
  };
}
