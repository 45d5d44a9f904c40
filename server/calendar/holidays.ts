import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { isoWeekday, yearOf } from './time';

/**
 * Statutory holidays and make-up workdays (调休) of mainland China, behind a small interface so the
 * calendar can be tested with a table and a newer data source can replace chinese-days.
 *
 * A source states which years it covers and answers 'unknown' outside them: chinese-days itself
 * answers a year it has no data for from weekdays alone (2027-01-01 would be a plain Friday).
 */

/** What the holiday data says about one date. */
export interface HolidayDay {
  date: string;
  /** `workday`: people work (ordinary weekday or 调休上班); `weekend`: an ordinary Saturday/Sunday off; `holiday`: a statutory day off (incl. weekdays given off in lieu). */
  kind: 'workday' | 'weekend' | 'holiday';
  /** A Saturday or Sunday worked in exchange for a holiday (调休上班). */
  makeUpWorkday: boolean;
  /** Chinese name of the holiday the day belongs to (春节, 国庆节 ...); null for ordinary days. */
  holidayName: string | null;
}

/** A source of holiday data that knows its own coverage. */
export interface HolidaySource {
  /** Shown in logs, e.g. `chinese-days`. */
  readonly label: string;
  /** Whether the source has the State Council's arrangement for this year. */
  covers(year: number): boolean;
  /** The day, or 'unknown' when the year is not covered. */
  day(date: string): HolidayDay | 'unknown';
}

/** The arrangement of one or more years as data: a JSON import of next year's notice, or a test. */
export interface HolidayTable {
  years: number[];
  /** Days off: date → holiday name. */
  holidays: Record<string, string>;
  /** Make-up workdays (调休上班): date → holiday name. */
  workdays: Record<string, string>;
}

/** A source answering from a table; dates not in it follow the weekday rule within the covered years. */
export function createTableHolidaySource(table: HolidayTable, label = 'table'): HolidaySource {
  const years = new Set(table.years);
  return {
    label,
    covers: (year) => years.has(year),
    day(date) {
      if (!years.has(yearOf(date))) return 'unknown';
      const weekend = isoWeekday(date) >= 6;
      const off = table.holidays[date];
      if (off !== undefined) return { date, kind: 'holiday', makeUpWorkday: false, holidayName: off };
      const work = table.workdays[date];
      if (work !== undefined) return { date, kind: 'workday', makeUpWorkday: weekend, holidayName: work };
      return { date, kind: weekend ? 'weekend' : 'workday', makeUpWorkday: false, holidayName: null };
    },
  };
}

/**
 * chinese-days (vsme/chinese-days; data 2004-2026 in 1.5.7), read from the data file it ships rather
 * than through its functions: those parse a `YYYY-MM-DD` string as UTC midnight and read it back with
 * local getters, so west of Greenwich every answer (and the tables it builds on import) is one day early.
 * The data file is keyed by date and does not depend on the machine's time zone.
 *
 * A year counts as covered when the data lists at least one holiday in it.
 */
export function createChineseDaysSource(): HolidaySource {
  return createTableHolidaySource(chineseDaysTable(chineseDaysData), 'chinese-days');
}

/** Converts the library's `{ holidays, workdays }` ("English,中文,days" names) into a table. */
export function chineseDaysTable(data: { holidays: Record<string, string>; workdays: Record<string, string> }): HolidayTable {
  const chineseName = (name: string) => name.split(',')[1] ?? name;
  const mapNames = (m: Record<string, string>) =>
    Object.fromEntries(Object.entries(m).map(([date, name]) => [date, chineseName(name)]));
  const years = [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  return { years, holidays: mapNames(data.holidays), workdays: mapNames(data.workdays) };
}
