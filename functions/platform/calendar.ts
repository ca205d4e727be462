import officialDays from 'chinese-days/dist/chinese-days.json';
import * as z from 'zod';

/**
 * Working days of the Chinese official calendar (DOMAIN.md, Time; Admin. Licensing Law Art. 82).
 * Weekends and statutory holidays are not working days; adjusted make-up days (调休上班日) on a
 * weekend are. The official schedule comes from `chinese-days`; a year the regulator adds under
 * config/calendar/ replaces the package's data for that year. A year known to neither falls back
 * to weekends-only, and every answer computed across it is marked provisional.
 */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'not a calendar date');
export type IsoDate = z.infer<typeof IsoDate>;

export const CalendarYear = z.object({
  year: z.number().int().min(2000).max(2100),
  source: z.string().min(1),
  holidays: z.array(IsoDate),
  makeUpWorkdays: z.array(IsoDate),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const SHANGHAI = 'Asia/Shanghai';
const DAY_MS = 86_400_000;

// One formatter for the process: constructing an Intl.DateTimeFormat costs far more than formatting.
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The civil date in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return SHANGHAI_DATE.format(instant);
}

/** The last millisecond of a civil date in Asia/Shanghai (a deadline is the end of its last day). */
export function endOfDay(date: IsoDate): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * X2: the day a deadline is breached — the day after its last day — however late the sweep
 * notices it (after an outage or a clock jump); when it was noticed is recorded beside it.
 */
export const breachDayOf = (dueDate: IsoDate): IsoDate => addCalendarDays(dueDate, 1);

/** A deadline flagged by a sweep that runs on `today`: breached the day after its last day, noticed today. */
export const markBreached = <D extends { dueDate: IsoDate }>(d: D, today: IsoDate): D & { breachedOn: IsoDate; detectedOn: IsoDate } => ({
  ...d,
  breachedOn: breachDayOf(d.dueDate),
  detectedOn: today,
});

const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
const isWeekend = (date: IsoDate): boolean => {
  const dow = new Date(date + 'T00:00:00Z').getUTCDay();
  return dow === 0 || dow === 6;
};

interface YearSchedule {
  holidays: Set<string>;
  makeUpWorkdays: Set<string>;
  source: string;
}

function packageSchedules(): Map<number, YearSchedule> {
  const byYear = new Map<number, YearSchedule>();
  const get = (y: number) => {
    let s = byYear.get(y);
    if (!s) byYear.set(y, (s = { holidays: new Set(), makeUpWorkdays: new Set(), source: 'chinese-days' }));
    return s;
  };
  for (const d of Object.keys(officialDays.holidays)) get(yearOf(d)).holidays.add(d);
  for (const d of Object.keys(officialDays.workdays)) get(yearOf(d)).makeUpWorkdays.add(d);
  return byYear;
}

export interface Dated<T> {
  value: T;
  /** True when a year without an official holiday schedule was involved (weekends-only fallback). */
  calendarProvisional: boolean;
}

export interface Deadline {
  /** The last day, a civil date in Asia/Shanghai. */
  dueDate: IsoDate;
  /** The end of that day as an instant. */
  dueAt: string;
  workingDays: number;
  calendarProvisional: boolean;
}

export class WorkingDayCalendar {
  private readonly schedules: Map<number, YearSchedule>;

  constructor(overrides: readonly CalendarYear[] = []) {
    this.schedules = packageSchedules();
    for (const o of overrides) {
      this.schedules.set(o.year, { holidays: new Set(o.holidays), makeUpWorkdays: new Set(o.makeUpWorkdays), source: o.source });
    }
  }

  /** Whether the official schedule of a year is known (from the package or config). */
  hasOfficialSchedule(year: number): boolean {
    return this.schedules.has(year);
  }

  isWorkingDay(date: IsoDate): Dated<boolean> {
    const schedule = this.schedules.get(yearOf(date));
    if (!schedule) return { value: !isWeekend(date), calendarProvisional: true };
    if (schedule.makeUpWorkdays.has(date)) return { value: true, calendarProvisional: false };
    if (schedule.holidays.has(date)) return { value: false, calendarProvisional: false };
    return { value: !isWeekend(date), calendarProvisional: false };
  }

  /**
   * The date `n` working days after `from`. The starting day itself is not counted
   * (the period begins the day after the triggering event), so n = 1 is the next working day.
   */
  addWorkingDays(from: IsoDate, n: number): Dated<IsoDate> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
    let date = from;
    let provisional = false;
    for (let counted = 0; counted < n;) {
      date = addCalendarDays(date, 1);
      const day = this.isWorkingDay(date);
      provisional ||= day.calendarProvisional;
      if (day.value) counted++;
    }
    return { value: date, calendarProvisional: provisional };
  }

  /** Working days in the interval (from, to]: how many working days have elapsed since `from` by the end of `to`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): Dated<number> {
    const sign = to >= from ? 1 : -1;
    const [a, b] = sign > 0 ? [from, to] : [to, from];
    let count = 0;
    let provisional = false;
    for (let d = addCalendarDays(a, 1); d <= b; d = addCalendarDays(d, 1)) {
      const day = this.isWorkingDay(d);
      provisional ||= day.calendarProvisional;
      if (day.value) count++;
    }
    return { value: sign * count, calendarProvisional: provisional };
  }

  /** A statutory deadline: `workingDays` WD after the day of `from`, due at the end of its last day in Asia/Shanghai. */
  deadline(from: Date | IsoDate, workingDays: number): Deadline {
    const start = typeof from === 'string' ? from : shanghaiDate(from);
    const due = this.addWorkingDays(start, workingDays);
    return { dueDate: due.value, dueAt: endOfDay(due.value).toISOString(), workingDays, calendarProvisional: due.calendarProvisional };
  }

  /**
   * A period counted in calendar days (e.g. 60 days to handle a complaint): `days` after the day of
   * `from`; a last day that is not a working day rolls to the next working day (期间届满的最后一日是
   * 法定节假日的，以节假日后的第一日为期间届满的日期).
   */
  calendarDayDeadline(from: Date | IsoDate, days: number): Omit<Deadline, 'workingDays'> & { days: number } {
    let due = addCalendarDays(typeof from === 'string' ? from : shanghaiDate(from), days);
    let provisional = false;
    for (let day = this.isWorkingDay(due); !day.value; day = this.isWorkingDay(due)) {
      provisional ||= day.calendarProvisional;
      due = addCalendarDays(due, 1);
    }
    provisional ||= this.isWorkingDay(due).calendarProvisional;
    return { dueDate: due, dueAt: endOfDay(due).toISOString(), days, calendarProvisional: provisional };
  }
}
