import type { WorkingDayCalendar } from '../../platform/calendar';
import type { Connection } from './connection';
import { type CustomerCategory, CustomerCategory as Categories, reliabilityVerdict, rulesFor, totalWorkingDays } from './rules';
import { shanghaiDate } from '../../platform/calendar';

/**
 * The half-yearly getting-electricity report of a grid company (DOMAIN G7, 004 §(六)): for the
 * cases powered on in the half, per customer category and for small and micro businesses — count,
 * average and p90 working days, average steps, materials and cost — the violations by rule, and
 * the reliability of the year (G8). Pure: the figures are recomputable from the cases.
 */
export interface Figures {
  count: number;
  avgWorkingDays: number | null;
  p90WorkingDays: number | null;
  avgSteps: number | null;
  avgMaterials: number | null;
  avgCostCny: number | null;
  /** The distribution of working days (how many cases took each number of days), for the chart: O(distinct values), not O(cases). */
  histogram: { workingDays: number; cases: number }[];
  limit?: number;
}

export interface ReliabilityRecord {
  year: number;
  areaType: 'urban' | 'town' | 'rural';
  avgOutageHours: number;
  previousYearHours?: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const per = (sum: number, n: number) => (n ? round(sum / n) : null);

/** The groups a case is counted in: its category, high voltage, small and micro businesses. */
const groupsOf = (c: Connection): string[] => [
  c.customerCategory,
  ...(c.customerCategory.startsWith('high-voltage') ? ['high-voltage'] : []),
  ...(c.smallMicro ? ['small-micro'] : []),
];

/**
 * What one powered-on case adds to its company's half (the store keeps the sums, functions/tallies.ts):
 * per group a count, sums (cost in fen, so that averages are exact) and the histogram of working
 * days — a distribution of small whole numbers, from which the p90 and the chart are exact.
 */
export function connectionContribution(c: Connection, cal: WorkingDayCalendar): Record<string, number> {
  const counts: Record<string, number> = { cases: 1 };
  const add = (name: string, n: number) => {
    if (n) counts[name] = (counts[name] ?? 0) + n;
  };
  const wd = c.workingDays ?? totalWorkingDays({ ...c, category: c.customerCategory }, cal) ?? 0;
  const steps = c.milestones.filter((m) => m.step !== 'power-on').length;
  const materials = c.milestones.reduce((n, m) => n + m.materialsRequested.length, 0);
  const costFen = Math.round(c.milestones.flatMap((m) => m.charges).reduce((x, ch) => x + ch.amountCny, 0) * 100);
  for (const g of groupsOf(c)) {
    add(`n:${g}`, 1);
    add(`wd:${g}`, wd);
    add(`steps:${g}`, steps);
    add(`materials:${g}`, materials);
    add(`costFen:${g}`, costFen);
    add(`hist:${g}:${wd}`, 1);
  }
  for (const v of c.violations) add(`violation:${v.rule}`, 1);
  if (c.violations.length) add('casesWithViolations', 1);
  return counts;
}

function figuresOf(counts: Readonly<Record<string, number>>, group: string, limit?: number): Figures {
  const n = counts[`n:${group}`] ?? 0;
  const histogram = Object.entries(counts)
    .filter(([k, v]) => k.startsWith(`hist:${group}:`) && v > 0)
    .map(([k, v]) => ({ workingDays: Number(k.slice(`hist:${group}:`.length)), cases: v }))
    .sort((a, b) => a.workingDays - b.workingDays);
  // Nearest rank: the smallest number of days that at least 90 % of the cases took or fewer.
  const rank = Math.ceil(0.9 * n);
  let seen = 0;
  const p90 = histogram.find((h) => (seen += h.cases) >= rank)?.workingDays ?? null;
  return {
    count: n,
    avgWorkingDays: per(counts[`wd:${group}`] ?? 0, n),
    p90WorkingDays: n ? p90 : null,
    avgSteps: per(counts[`steps:${group}`] ?? 0, n),
    avgMaterials: per(counts[`materials:${group}`] ?? 0, n),
    avgCostCny: n ? round((counts[`costFen:${group}`] ?? 0) / 100 / n) : null,
    histogram,
    ...(limit ? { limit } : {}),
  };
}

const halfBounds = (half: string) => ({
  from: `${half.slice(0, 4)}-${half.endsWith('1') ? '01-01' : '07-01'}`,
  to: `${half.slice(0, 4)}-${half.endsWith('1') ? '06-30' : '12-31'}`,
});

/** The half's report from its counters: O(groups and distinct working days), however many cases it had. */
export function connectionReportOfCounts(
  companyId: string,
  half: string,
  counts: Readonly<Record<string, number>>,
  reliability: readonly ReliabilityRecord[],
  regionCode: string,
) {
  const { from, to } = halfBounds(half);
  const limits = rulesFor(to, regionCode).totalWorkingDays;
  const year = Number(half.slice(0, 4));
  const violations = Object.fromEntries(
    Object.entries(counts)
      .filter(([k, v]) => k.startsWith('violation:') && v > 0)
      .map(([k, v]) => [k.slice('violation:'.length), v]),
  );
  return {
    companyId,
    half,
    generatedFor: { from, to },
    cases: counts.cases ?? 0,
    byCategory: Object.fromEntries(Categories.options.map((cat: CustomerCategory) => [cat, figuresOf(counts, cat, limits[cat])])) as Record<
      CustomerCategory,
      Figures
    >,
    highVoltage: figuresOf(counts, 'high-voltage'),
    smallMicro: figuresOf(counts, 'small-micro'),
    violations,
    casesWithViolations: counts.casesWithViolations ?? 0,
    reliability: reliability
      .filter((r) => r.year === year)
      .map((r) => ({ year: r.year, ...reliabilityVerdict(r.areaType, r.avgOutageHours, r.previousYearHours) })),
    rulesInForce: shanghaiDate(new Date(`${to}T12:00:00+08:00`)),
  };
}

/** The report from the half's cases themselves (a rebuild; the same sums as the counters). */
export function connectionReport(
  companyId: string,
  half: string,
  cases: readonly Connection[],
  reliability: readonly ReliabilityRecord[],
  cal: WorkingDayCalendar,
  regionCode = cases[0]?.regionCode ?? '110000',
) {
  const counts: Record<string, number> = {};
  for (const c of cases) for (const [k, v] of Object.entries(connectionContribution(c, cal))) counts[k] = (counts[k] ?? 0) + v;
  return connectionReportOfCounts(companyId, half, counts, reliability, regionCode);
}

export type ConnectionReport = ReturnType<typeof connectionReport>;

const CSV_COLUMNS = ['group', 'count', 'avgWorkingDays', 'p90WorkingDays', 'avgSteps', 'avgMaterials', 'avgCostCny', 'limitWorkingDays'] as const;

/** The report's figures as CSV (RFC 4180), one row per group, then the violations by rule. */
export function reportCsv(r: ConnectionReport): string {
  const row = (group: string, f: Figures) =>
    [group, f.count, f.avgWorkingDays ?? '', f.p90WorkingDays ?? '', f.avgSteps ?? '', f.avgMaterials ?? '', f.avgCostCny ?? '', f.limit ?? ''].join(',');
  const lines = [
    CSV_COLUMNS.join(','),
    ...Object.entries(r.byCategory).map(([cat, f]) => row(cat, f)),
    row('high-voltage', r.highVoltage),
    row('small-micro', r.smallMicro),
    '',
    'rule,violations',
    ...['G1', 'G2', 'G3', 'G4', 'G5', 'G6'].map((g) => `${g},${r.violations[g] ?? 0}`),
  ];
  return lines.join('\r\n') + '\r\n';
}
