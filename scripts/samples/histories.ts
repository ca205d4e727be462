import type { Decision } from '../../functions/platform/aggregate';
import { addCalendarDays, shanghaiDate, type WorkingDayCalendar } from '../../functions/platform/calendar';
import type { SeedHistory } from '../../functions/platform/event-store';
import { sha256Hex } from '../../functions/platform/hash';
import { agencyById } from '../../functions/platform/regions';
import { usccCheckCharacter } from '../../functions/enterprises/domain/uscc';
import * as application from '../../functions/licensing/domain/application';
import { type Matter, matters } from '../../functions/licensing/domain/guide';
import * as complaint from '../../functions/complaints/domain/complaint';
import { receive, WorkOrder } from '../../functions/complaints/domain/work-order';
import * as connection from '../../functions/connections/domain/connection';
import { seededRandom } from './random';

/**
 * Realistic histories for `npm run seed` and the benches: each aggregate made by the same domain
 * functions the commands call, step by step with its own time, as its staff, applicant, hotline
 * or grid company would have driven it. Reproducible: the same seed gives the same histories.
 * A history stops at the first step that would lie after `until` (the seeding's now), so a
 * current period holds open cases too.
 */
export interface SeedScope {
  /** The agency whose applications these are (its provinces give the regions), e.g. nea-fujian. */
  agencyId: string;
  /** Distinguishes one seeding's ids from another's (case ids, work order and grid case numbers). */
  run: string;
  seed: number;
  until: Date;
  calendar: WorkingDayCalendar;
}

/** Days [from, to) in Asia/Shanghai: a quarter, a month or a half-year. */
export interface Period {
  from: string;
  to: string;
}

/** `2026Q4`, `2026-11` or `2026H1` → its days. */
export function periodOf(text: string): Period {
  const q = /^(\d{4})Q([1-4])$/.exec(text);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  const h = /^(\d{4})H([12])$/.exec(text);
  const [year, first, months] = q ? [q[1]!, (Number(q[2]) - 1) * 3 + 1, 3] : m ? [m[1]!, Number(m[2]), 1] : h ? [h[1]!, h[2] === '1' ? 1 : 7, 6] : ['', 0, 0];
  if (!year) throw new Error(`not a period: ${text} (2026Q4, 2026-11 or 2026H1)`);
  const start = (y: number, mo: number) => (mo > 12 ? `${y + 1}-${String(mo - 12).padStart(2, '0')}-01` : `${y}-${String(mo).padStart(2, '0')}-01`);
  return { from: start(Number(year), first), to: start(Number(year), first + months) };
}

/** Applies decisions in order to one new stream, each at its moment; stops for good at the first one after `until`. */
class History<S> {
  readonly steps: { events: SeedHistory['steps'][number]['events']; state: unknown; actor: string; at: Date }[] = [];
  state: S | undefined;
  private stopped = false;
  constructor(
    readonly stream: string,
    private readonly until: Date,
  ) {}

  step(at: Date, actor: string, decide: (s: S) => Decision<S>): void {
    if (at > this.until) this.stopped = true;
    if (this.stopped) return;
    const d = decide(this.state as S);
    this.steps.push({ events: d.events, state: d.state, actor, at });
    this.state = d.state;
  }

  get history(): SeedHistory {
    return { stream: this.stream, steps: this.steps };
  }
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** A working moment of a day: 09:00–17:00 Asia/Shanghai. */
const at = (day: string, rnd: () => number): Date => new Date(Date.parse(`${day}T09:00:00+08:00`) + Math.floor(rnd() * 8 * HOUR));
const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)]!;
/** The days of the period up to the seeding's now: every history starts on one of them. */
const daysIn = (period: Period, until: Date): string[] => {
  const days: string[] = [];
  const last = shanghaiDate(until);
  for (let d = period.from; d < period.to && d < last; d = addCalendarDays(d, 1)) days.push(d);
  if (!days.length) throw new Error(`${period.from}…${period.to} has not begun before ${last}`);
  return days;
};

/** Of those, the working days by the platform's calendar (at least one day). */
function workingDaysIn(period: Period, until: Date, cal: WorkingDayCalendar): string[] {
  const days = daysIn(period, until);
  const working = days.filter((d) => cal.isWorkingDay(d).value);
  return working.length ? working : days;
}

const NEW_MATTERS: readonly Matter[] = matters.filter((m) => m.kind === 'new');

/**
 * Licence applications submitted in the period to the scope's agency: about 65 % accepted and
 * decided (1 in 14 of them denied), 10 % through one correction notice, 5 % not accepted, 5 %
 * withdrawn, the rest still waiting for acceptance or a decision. Some steps come late, so the
 * oversight report has overdue cases to show.
 */
export function* applicationHistories(n: number, period: Period, s: SeedScope): Generator<SeedHistory> {
  const rnd = seededRandom(s.seed);
  const agency = agencyById(s.agencyId);
  if (!agency) throw new Error(`no agency ${s.agencyId}`);
  const days = workingDaysIn(period, s.until, s.calendar);
  for (let i = 0; i < n; i++) yield applicationHistory(i, days[Math.floor((i / n) * days.length)]!, agency, rnd, s).history;
}

function applicationHistory(i: number, day: string, agency: { id: string; provinces: readonly string[] }, rnd: () => number, s: SeedScope) {
  const reviewer = `reviewer:${agency.id}`;
  const decider = `decision-maker:${agency.id}`;
  const matter = pick(NEW_MATTERS, rnd);
  const limits = application.limitsOf(matter);
  const regionCode = `${pick(agency.provinces, rnd)}0100`;
  const first17 = `91${regionCode}${String(i).padStart(9, '0')}`;
  const uscc = first17 + usccCheckCharacter(first17);
  const applicant = `applicant:${uscc}`;
  const submittedAt = at(day, rnd);
  const id = `AP${day.replaceAll('-', '')}${s.run}${String(i).padStart(6, '0')}`;
  const h = new History<application.Application>(application.applicationStream(id), s.until);
  const document = (materialType: string, source: 'vault' | 'submitted') => ({
    materialType,
    documentId: sha256Hex(`seed:${uscc}:${materialType}:${source}`),
    source,
  });
  // One case in 25 lacks a material: the correction notice names it.
  const materials = matter.materials.filter(() => rnd() > 0.04).map((m) => document(m.materialType, 'vault'));
  const enterprise = { uscc, name: `种子数据电力工程有限公司${String(i).padStart(6, '0')}`, regionCode, agencyId: agency.id };
  h.step(submittedAt, applicant, () =>
    application.submit({ id, matter, enterprise, path: 'standard', materials, creditClass: rnd() < 0.8 ? 'good' : 'normal', limits }, submittedAt, s.calendar),
  );
  let t = new Date(submittedAt.getTime() + 60_000);
  h.step(t, 'system:licensing-intake', (a) => application.recordIntake(a, undefined));
  const later = (maxDays: number) => (t = new Date(t.getTime() + (0.2 + rnd() * maxDays) * DAY));
  const r = rnd();
  if (h.state!.missing.length || (r >= 0.65 && r < 0.75)) {
    const named = h.state!.missing.length ? [] : [{ condition: matter.conditions[0]!, problem: '技术负责人的职称证明不清晰，请补正' }];
    h.step(later(4), reviewer, (a) => application.issueCorrectionNotice(a, matter, named, t));
    if (rnd() < 0.3) return h; // still awaiting the supplement
    const added = [...h.state!.missing, ...(named.length ? [matter.materials[0]!.materialType] : [])].map((m) => document(m, 'submitted'));
    h.step(later(8), applicant, (a) => application.supplement(a, matter, added, t, s.calendar, limits));
  }
  if (r >= 0.75 && r < 0.8) {
    h.step(later(5), reviewer, (a) => application.refuse(a, '申请事项不属于本机关职权范围', t));
    return h;
  }
  if (r >= 0.8 && r < 0.85) {
    h.step(later(3), applicant, (a) => application.withdraw(a, t));
    return h;
  }
  if (r >= 0.85 && r < 0.9) return h; // awaiting acceptance
  // One acceptance in ten comes after its 5 working days, one decision in twelve after its 20.
  h.step(later(rnd() < 0.1 ? 12 : 5), reviewer, (a) => application.accept(a, reviewer, t, s.calendar, limits));
  if (r >= 0.9) return h; // under review
  const outcome = rnd() < 1 / 14 ? 'deny' : 'grant';
  const reasons = outcome === 'grant' ? '符合条件' : '不符合《承装（修、试）电力设施许可证管理办法》规定的条件';
  h.step(later(rnd() < 0.08 ? 40 : 20), decider, (a) => application.decide(a, { outcome, reasons }, decider, t, s.calendar, limits));
  return h;
}

const ORDER_TYPES = ['complaint', 'complaint', 'report', 'consultation', 'other'] as const;
const CHANNELS = ['phone', 'phone', 'wechat', 'app', 'email'] as const;
const AREAS = ['connection', 'connection', 'supply-service', 'fees-and-prices', 'power-safety', 'renewables-grid-connection', 'other'] as const;

/**
 * 12398 work orders received in the period from every province: complaints and reports go accept →
 * assign → findings → reply → callback (5 % refused, some still open), consultations are answered.
 */
export function* complaintHistories(n: number, period: Period, s: SeedScope): Generator<SeedHistory> {
  const rnd = seededRandom(s.seed + 1);
  // The confidential fields' salts from a stream of their own, so a seed replays the same events (and the other draws are unchanged).
  const saltRnd = seededRandom(s.seed + 101);
  const salt = () =>
    Array.from({ length: 4 }, () =>
      Math.floor(saltRnd() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
  const days = daysIn(period, s.until);
  const provinces = ['11', '31', '35', '44', '51', '33', '32', '42'];
  for (let i = 0; i < n; i++) {
    const orderNo = `SEED${s.run}${String(i).padStart(7, '0')}`;
    const receivedAt = new Date(Date.parse(`${days[Math.floor((i / n) * days.length)]}T00:00:00+08:00`) + Math.floor(rnd() * DAY));
    const order = WorkOrder.parse({
      orderNo,
      receivedAt: receivedAt.toISOString(),
      channel: pick(CHANNELS, rnd),
      type: pick(ORDER_TYPES, rnd),
      businessArea: pick(AREAS, rnd),
      regionCode: `${pick(provinces, rnd)}0102`,
      facts: '报装后超过十个工作日未接电',
      request: '尽快接电',
      complainant: { anonymous: true },
    });
    const h = new History<complaint.Complaint>(complaint.complaintStream(orderNo), s.until);
    h.step(receivedAt, 'system:hotline-12398', () => receive(order, `msg_seed_${s.run}_${i}`, undefined, [], receivedAt, s.calendar, salt));
    const agent = `supervisor:${h.state!.agencyId}`;
    let t = receivedAt;
    const later = (maxDays: number) => (t = new Date(t.getTime() + (0.1 + rnd() * maxDays) * DAY));
    if (!complaint.isComplaintPath(order)) {
      h.step(later(rnd() < 0.1 ? 9 : 4), agent, (c) => complaint.reply(c, '已按政策解答', agent, t));
      yield h.history;
      continue;
    }
    if (rnd() < 0.05) {
      h.step(later(4), agent, (c) =>
        complaint.decideAcceptance(c, { decision: 'refuse', ground: complaint.REFUSAL_GROUNDS[0]!, reasons: '不属于受理范围' }, agent, t, s.calendar),
      );
      yield h.history;
      continue;
    }
    h.step(later(rnd() < 0.1 ? 9 : 4), agent, (c) => complaint.decideAcceptance(c, { decision: 'accept' }, agent, t, s.calendar));
    h.step(later(1), agent, (c) => complaint.assign(c, `${agent}-${i % 7}`, agent, t));
    const substantiated = rnd() < 0.4;
    h.step(later(rnd() < 0.1 ? 70 : 40), agent, (c) =>
      complaint.recordFindings(
        c,
        { substantiated, facts: substantiated ? '经核查，反映情况属实' : '经核查，反映情况不属实', targetedInspection: false },
        agent,
        t,
      ),
    );
    h.step(later(3), agent, (c) => complaint.reply(c, '已将处理结果告知', agent, t));
    h.step(later(5), agent, (c) =>
      complaint.recordCallback(c, { reached: true, satisfaction: pick(['satisfied', 'basically-satisfied', 'dissatisfied'] as const, rnd) }, agent, t),
    );
    yield h.history;
  }
}

const CATEGORIES = ['residential', 'low-voltage-non-residential', 'high-voltage-single', 'high-voltage-dual'] as const;

/**
 * Getting-electricity cases of one grid company powered on in the period: applied for, a
 * milestone or two, power on after 1–40 days (the late ones break G-rules the report counts).
 */
export function* connectionHistories(n: number, period: Period, companyId: string, s: SeedScope): Generator<SeedHistory> {
  const rnd = seededRandom(s.seed + 2);
  const company = connection.companyById(companyId);
  if (!company) throw new Error(`no grid company ${companyId}`);
  const days = daysIn(period, s.until);
  for (let i = 0; i < n; i++) {
    const category = pick(CATEGORIES, rnd);
    const poweredOn = at(days[Math.floor((i / n) * days.length)]!, rnd);
    const appliedAt = new Date(poweredOn.getTime() - (1 + rnd() * (category.startsWith('high') ? 40 : 12)) * DAY);
    const gridCaseNo = `SEED${s.run}${String(i).padStart(7, '0')}`;
    const h = new History<connection.Connection>(connection.connectionStream(connection.connectionId(companyId, gridCaseNo)), s.until);
    const reported = new Date(appliedAt.getTime() + HOUR);
    const grid = `grid:${companyId}`;
    h.step(reported, grid, () =>
      connection.openConnection(
        undefined,
        companyId,
        {
          gridCaseNo,
          customerCategory: category,
          threeZeros: category !== 'high-voltage-dual' && rnd() < 0.6,
          smallMicro: rnd() < 0.5,
          capacityKw: category === 'residential' ? 8 : Math.round(50 + rnd() * 400),
          regionCode: `${pick(company.provinces, rnd)}0102`,
          areaType: rnd() < 0.7 ? 'urban' : 'rural',
          appliedAt: appliedAt.toISOString(),
        },
        reported,
        s.calendar,
      ),
    );
    h.step(reported, grid, (c) =>
      connection.recordMilestone(
        c,
        {
          step: 'application',
          at: appliedAt.toISOString(),
          materialsRequested: rnd() < 0.9 ? ['user-id', 'property-document'] : ['user-id', 'property-document', 'other'],
          charges: [],
        },
        reported,
        s.calendar,
      ),
    );
    const recorded = new Date(poweredOn.getTime() + HOUR);
    h.step(recorded, grid, (c) => connection.powerOn(c, poweredOn.toISOString(), recorded, s.calendar));
    yield h.history;
  }
}
