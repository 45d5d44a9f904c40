import type { CalendarOverride, HolidaySource } from '../calendar';
import { addDays, isoWeekday } from '../calendar/time';

/** Whether a date is a statutory working day. */
export type WorkingDayCheck = (date: string) => boolean;

/**
 * Statutory working days: the hall's holiday/workday overrides first, then the holiday data, and for a
 * year the data does not cover, Monday to Friday. (A hall shut for a day — an override `closed` — still
 * counts the day: deadlines run on the State Council's calendar, not the hall's.)
 */
export function workingDays(holidays: HolidaySource, overrides: readonly CalendarOverride[]): WorkingDayCheck {
  const byDate = new Map(overrides.map((o) => [o.date, o.kind]));
  return (date) => {
    const o = byDate.get(date);
    if (o === 'holiday') return false;
    if (o === 'workday') return true;
    const d = holidays.day(date);
    if (d === 'unknown') return isoWeekday(date) <= 5;
    return d.kind === 'workday';
  };
}

/** The n-th working day after `date` (the day itself does not count): the deadline of a follow-up. */
export function addWorkingDays(date: string, n: number, isWorkingDay: WorkingDayCheck): string {
  let d = date;
  let left = n;
  // A year holds ~250 working days; a bound keeps a broken check from looping forever.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
