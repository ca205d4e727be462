import { stringify } from 'csv-stringify/sync';
import { shanghaiDate } from '../../platform/calendar';
import { addEntry, listed } from '../../platform/domain/listed';
import { keptInTime, ratio } from '../../platform/rates';
import { type Application, DeadlineKind, licensingConfig } from './application';
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

/** The quarter a moment falls in, in Asia/Shanghai: `2026Q4`. */
export const quarterOf = (iso: string): string => {
  const d = shanghaiDate(new Date(iso));
  return `${d.slice(0, 4)}Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`;
};

type Outcome = 'granted' | 'denied' | 'not-accepted' | 'withdrawn' | 'pending';
const OUTCOMES: readonly Outcome[] = ['granted', 'denied', 'not-accepted', 'withdrawn', 'pending'];
const outcomeOf = (a: Application): Outcome =>
  a.decision ? (a.decision.outcome === 'grant' ? 'granted' : 'denied') : a.refusal ? 'not-accepted' : a.withdrawnAt ? 'withdrawn' : 'pending';

interface Overdue {
  caseId: string;
  matterId: string;
  kind: string;
  dueDate: string;
  breachedOn?: string;
  metAt?: string;
  open: boolean;
}
const add = (into: Record<string, number>, name: string, n = 1) => {
  if (n) into[name] = (into[name] ?? 0) + n;
};

/** What one case adds to its agency's quarter (the quarter it was submitted in): counts, and the lists it is on. */
export function caseContribution(a: Application): Record<string, number> {
  const c: Record<string, number> = {};
  add(c, 'submitted');
  add(c, `matter:${a.matterId}:submitted`);
  add(c, `matter:${a.matterId}:${outcomeOf(a)}`);
  for (const d of a.deadlines) {
    const k = keptInTime(d);
    if (k === undefined) continue;
    add(c, `ended:${d.kind}`);
    if (k) {
      add(c, `kept:${d.kind}`);
      continue;
    }
    const overdue: Overdue = {
      caseId: a.id,
      matterId: a.matterId,
      kind: d.kind,
      dueDate: d.dueDate,
      ...(d.breachedOn ? { breachedOn: d.breachedOn } : {}),
      ...(d.metAt ? { metAt: d.metAt } : {}),
      open: !d.metAt,
    };
    addEntry(c, 'overdue', overdue);
    if (d.kind === 'publication')
      addEntry(c, 'publicationDelay', { caseId: a.id, dueDate: d.dueDate, ...(a.publishedAt ? { publishedOn: shanghaiDate(new Date(a.publishedAt)) } : {}) });
  }
  add(c, 'visits', a.visits.length);
  if (a.visits.length) add(c, 'casesWithVisits');
  if (a.visits.length > licensingConfig.visits.allowed) addEntry(c, 'visitViolation', { caseId: a.id, visits: a.visits.length });
  if (a.correctionNotice) {
    add(c, 'corrections');
    add(c, 'deficiencies', a.correctionNotice.deficiencies.length);
  }
  add(c, 'feesCny', matterById(a.matterId)?.feeCny ?? 0);
  return c;
}

/** What one service review adds to its agency's quarter (the quarter it was submitted in). */
export function reviewContribution(r: Review): Record<string, number> {
  const c: Record<string, number> = {};
  add(c, 'reviews');
  if (!r.bad) return c;
  add(c, 'reviews:bad');
  if (r.realName) add(c, 'reviews:badRealName');
  if (r.rectification) add(c, 'reviews:rectified');
  for (const d of r.deadlines.filter((x) => x.kind === 'callback')) {
    const k = keptInTime(d);
    if (k === undefined) continue;
    add(c, 'ended:callback');
    if (k) add(c, 'kept:callback');
  }
  return c;
}

const rate = (counts: Readonly<Record<string, number>>, kind: string) => {
  const ended = counts[`ended:${kind}`] ?? 0;
  const kept = counts[`kept:${kind}`] ?? 0;
  return { ended, kept, rate: ratio(kept, ended) };
};

/** How many entries of each list a report shows (the store reads as many: EventStore.readTally). */
export const LIST_SHOWN = 100;

/** The quarter's report from its counters: O(groups and listed cases), however many cases the agency has had. */
export function oversightReportOfCounts(agencyId: string, quarter: string, counts: Readonly<Record<string, number>>, today: string) {
  const n = (name: string) => counts[name] ?? 0;
  const byMatter: Record<string, Record<Outcome | 'submitted', number>> = {};
  for (const [name, v] of Object.entries(counts)) {
    const m = /^matter:(.+):submitted$/.exec(name);
    if (m && v > 0)
      byMatter[m[1]!] = Object.fromEntries([['submitted', v], ...OUTCOMES.map((o) => [o, n(`matter:${m[1]!}:${o}`)])]) as Record<Outcome | 'submitted', number>;
  }
  const submitted = n('submitted');
  const violatingCases = listed<{ caseId: string; visits: number }>(counts, 'visitViolation').sort((a, b) => a.caseId.localeCompare(b.caseId));
  return {
    agencyId,
    quarter,
    asOf: today,
    notes: [
      'A case deemed accepted (L4: no answer within 5 working days) counts as a missed acceptance limit: the agency did not act in time.',
      'Overdue lists every limit met late, or flagged as breached by the daily sweep (the day after its last day), still open or not.',
      `Each list shows its first ${LIST_SHOWN} entries by case id; its count is complete.`,
    ],
    cases: { submitted, byMatter },
    onTime: Object.fromEntries(DeadlineKind.options.map((kind) => [kind, rate(counts, kind)])),
    overdueCount: n('count:overdue'),
    overdue: listed<Overdue>(counts, 'overdue')
      .sort((a, b) => a.caseId.localeCompare(b.caseId) || a.dueDate.localeCompare(b.dueDate))
      .slice(0, LIST_SHOWN),
    visits: {
      total: n('visits'),
      casesWithVisits: n('casesWithVisits'),
      zeroVisitRate: ratio(submitted - n('casesWithVisits'), submitted),
      allowedPerCase: licensingConfig.visits.allowed,
      violations: n('count:visitViolation'),
      violatingCases: violatingCases.slice(0, LIST_SHOWN),
    },
    publicationDelayCount: n('count:publicationDelay'),
    publicationDelays: listed<{ caseId: string; dueDate: string; publishedOn?: string }>(counts, 'publicationDelay')
      .sort((a, b) => a.caseId.localeCompare(b.caseId))
      .slice(0, LIST_SHOWN),
    feesChargedCny: n('feesCny'),
    correctionNotices: { cases: n('corrections'), perCase: ratio(n('corrections'), submitted), deficiencies: n('deficiencies') },
    reviews: {
      total: n('reviews'),
      bad: n('reviews:bad'),
      badRealName: n('reviews:badRealName'),
      callbacksOnTime: rate(counts, 'callback'),
      rectified: n('reviews:rectified'),
    },
  };
}

/** The report from the agency's cases and reviews themselves (a rebuild; the same sums as the counters). */
export function oversightReport(agencyId: string, quarter: string, cases: readonly Application[], reviews: readonly Review[], today: string) {
  const counts: Record<string, number> = {};
  for (const a of cases) if (quarterOf(a.submittedAt) === quarter) for (const [k, v] of Object.entries(caseContribution(a))) add(counts, k, v);
  for (const r of reviews) if (quarterOf(r.submittedAt) === quarter) for (const [k, v] of Object.entries(reviewContribution(r))) add(counts, k, v);
  return oversightReportOfCounts(agencyId, quarter, counts, today);
}

type OversightReportView = ReturnType<typeof oversightReportOfCounts>;

/**
 * The report as a spreadsheet reads it (the workbench's download): one figure a row — the quarter's counts, each
 * limit's on-time rate, then every overdue case listed — Chinese names, a BOM, CRLF, formula-like cells defused.
 */
export function oversightCsv(r: OversightReportView): string {
  const pct = (x: number | null) => (x === null ? '' : (Math.round(x * 1000) / 10).toFixed(1));
  const rows: (string | number)[][] = [
    ['项目 figure', '数值 value', '说明 detail'],
    ['机构 agency', r.agencyId, r.quarter],
    ['受理申请 cases submitted', r.cases.submitted, ''],
    ...Object.entries(r.onTime).map(([kind, o]): (string | number)[] => [`按时率 on time · ${kind}`, pct(o.rate), `${o.kept}/${o.ended}`]),
    ['超期 overdue', r.overdueCount, ''],
    ['零跑腿率 zero-visit rate %', pct(r.visits.zeroVisitRate), `${r.visits.violations} 件超过 ${r.visits.allowedPerCase} 次`],
    ['公示延迟 publication delays', r.publicationDelayCount, ''],
    ['收费 fees charged (CNY)', r.feesChargedCny, ''],
    ['补正告知 correction notices', r.correctionNotices.cases, ''],
    ['差评 bad reviews', r.reviews.bad, `${r.reviews.total} 条评价，已整改 ${r.reviews.rectified}`],
    ...r.overdue.map((o): (string | number)[] => [`超期案件 overdue case · ${o.kind}`, o.caseId, `${o.dueDate}${o.open ? ' 未完成' : ''}`]),
  ];
  return `\ufeff${stringify(rows, { record_delimiter: '\r\n', escape_formulas: true })}`;
}
