import { CalendarYear, endOfDay, shanghaiDate, WorkingDayCalendar } from '../../functions/platform/calendar';
import { calendar } from '../../functions/platform/config';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { calendarOverrides } from '../../config/calendar';

describe('working-day calendar (DOMAIN Time, Art. 82)', () => {
  const cal = new WorkingDayCalendar();

  it('X2: the 2026 National Day holiday (1–7 Oct) is not working days', () => {
    for (const d of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-07']) expect(cal.isWorkingDay(d)).toEqual({ value: false, calendarProvisional: false });
  });

  it('X2: the make-up Saturday 10 Oct 2026 and Sunday 20 Sep 2026 are working days', () => {
    expect(cal.isWorkingDay('2026-10-10').value).toBe(true);
    expect(cal.isWorkingDay('2026-09-20').value).toBe(true);
    expect(cal.isWorkingDay('2026-10-11').value).toBe(false);
  });

  it('X2: 5 WD from 30 Sep 2026 skips the National Day week and counts the make-up Saturday', () => {
    // 8 Oct (Thu) = 1, 9 Oct (Fri) = 2, 10 Oct (make-up Sat) = 3, 12 Oct (Mon) = 4, 13 Oct (Tue) = 5.
    expect(cal.addWorkingDays('2026-09-30', 5)).toEqual({ value: '2026-10-13', calendarProvisional: false });
  });

  it('X2: 20 WD across the 2026 Spring Festival', () => {
    // From Fri 13 Feb 2026: Sat 14 Feb (make-up) = 1; 15–23 Feb holidays; 24–27 Feb = 2–5; Sat 28 Feb (make-up) = 6;
    // 2–6 Mar = 7–11; 9–13 Mar = 12–16; 16–19 Mar = 17–20.
    const due = cal.addWorkingDays('2026-02-13', 20);
    expect(due.value).toBe('2026-03-19');
    expect(cal.workingDaysBetween('2026-02-13', due.value).value).toBe(20);
  });

  it('X2: the starting day is not counted and a deadline ends at 23:59:59.999 in Asia/Shanghai', () => {
    const d = cal.deadline(new Date('2026-11-23T01:00:00Z'), 1); // Monday 09:00 in Shanghai
    expect(d).toEqual({ dueDate: '2026-11-24', dueAt: '2026-11-24T15:59:59.999Z', workingDays: 1, calendarProvisional: false });
    expect(endOfDay('2026-11-24').toISOString()).toBe('2026-11-24T15:59:59.999Z');
  });

  it('X2: the Shanghai date of an instant late in the UTC day is the next day', () => {
    expect(shanghaiDate(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
  });

  it('X2: a year with no official schedule falls back to weekends-only and says provisional', () => {
    expect(cal.hasOfficialSchedule(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toEqual({ value: true, calendarProvisional: true });
    const d = cal.deadline('2026-12-28', 5);
    expect(d.dueDate).toBe('2027-01-04');
    expect(d.calendarProvisional).toBe(true);
    expect(cal.deadline('2026-12-01', 5).calendarProvisional).toBe(false);
  });

  it('X2: a year added in config replaces the fallback and is no longer provisional', () => {
    const withSchedule = new WorkingDayCalendar([{ year: 2027, source: 'test notice', holidays: ['2027-01-01'], makeUpWorkdays: ['2027-01-09'] }]);
    expect(withSchedule.isWorkingDay('2027-01-01')).toEqual({ value: false, calendarProvisional: false });
    expect(withSchedule.isWorkingDay('2027-01-09')).toEqual({ value: true, calendarProvisional: false });
    expect(withSchedule.deadline('2026-12-31', 1)).toMatchObject({ dueDate: '2027-01-04', calendarProvisional: false });
  });

  it('counts backwards as negative working days and rejects negative additions', () => {
    expect(cal.workingDaysBetween('2026-11-27', '2026-11-23').value).toBe(-4);
    expect(() => cal.addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
  });

  it('every file in config/calendar is listed and well-formed', () => {
    const files = readdirSync(join(__dirname, '../../config/calendar')).filter((f) => f.endsWith('.json'));
    expect(calendarOverrides).toHaveLength(files.length);
    for (const o of calendarOverrides) expect(CalendarYear.safeParse(o).success).toBe(true);
    expect(calendar.hasOfficialSchedule(2026)).toBe(true);
  });
});
