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
  /** Each case's working days, for the distribution chart. */
  workingDays: number[];
  limit?: number;
}

export interface ReliabilityRecord {
  year: number;
  areaType: 'urban' | 'town' | 'rural';
  avgOutageHours: number;
  previousYearHours?: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const avg = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
/** Nearest-rank p90. */
const p90 = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1]! : null);

function figures(cases: readonly Connection[], cal: WorkingDayCalendar, limit?: number): Figures {
  const wd = cases.map((c) => c.workingDays ?? totalWorkingDays({ ...c, category: c.customerCategory }, cal) ?? 0);
  const steps = cases.map((c) => c.milestones.filter((m) => m.step !== 'power-on').length);
  const materials = cases.map((c) => c.milestones.reduce((n, m) => n + m.materialsRequested.length, 0));
  const cost = cases.map((c) => c.milestones.flatMap((m) => m.charges).reduce((s, x) => s + x.amountCny, 0));
  return {
    count: cases.length,
    avgWorkingDays: avg(wd),
    p90WorkingDays: p90(wd),
    avgSteps: avg(steps),
    avgMaterials: avg(materials),
    avgCostCny: avg(cost),
    workingDays: wd,
    ...(limit ? { limit } : {}),
  };
}

export function connectionReport(
  companyId: string,
  half: string,
  cases: readonly Connection[],
  reliability: readonly ReliabilityRecord[],
  cal: WorkingDayCalendar,
) {
  const halfEnd = `${half.slice(0, 4)}-${half.endsWith('1') ? '06-30' : '12-31'}`;
  const limits = rulesFor(halfEnd, cases[0]?.regionCode ?? '110000').totalWorkingDays;
  const byCategory = Object.fromEntries(
    Categories.options.map((cat: CustomerCategory) => [
      cat,
      figures(
        cases.filter((c) => c.customerCategory === cat),
        cal,
        limits[cat],
      ),
    ]),
  ) as Record<CustomerCategory, Figures>;
  const violations: Record<string, number> = {};
  for (const c of cases) for (const v of c.violations) violations[v.rule] = (violations[v.rule] ?? 0) + 1;
  const year = Number(half.slice(0, 4));
  return {
    companyId,
    half,
    generatedFor: { from: `${half.slice(0, 4)}-${half.endsWith('1') ? '01-01' : '07-01'}`, to: halfEnd },
    cases: cases.length,
    byCategory,
    highVoltage: figures(
      cases.filter((c) => c.customerCategory.startsWith('high-voltage')),
      cal,
    ),
    smallMicro: figures(
      cases.filter((c) => c.smallMicro),
      cal,
    ),
    violations,
    casesWithViolations: cases.filter((c) => c.violations.length).length,
    reliability: reliability
      .filter((r) => r.year === year)
      .map((r) => ({ year: r.year, ...reliabilityVerdict(r.areaType, r.avgOutageHours, r.previousYearHours) })),
    rulesInForce: shanghaiDate(new Date(`${halfEnd}T12:00:00+08:00`)),
  };
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
