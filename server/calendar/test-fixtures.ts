import { readFileSync } from 'node:fs';
import { createCalendar, type HallCalendar } from './calendar';
import { createChineseDaysSource, type HolidaySource } from './holidays';
import { calendarConfigSchema, calendarOverridesSchema, type CalendarConfig, type CalendarConfigInput, type CalendarOverrideInput } from './schema';
import { instantAt, parseHhmm } from './time';

/** Shared by the calendar's tests: the demo seed, the real holiday data, Shanghai wall-clock instants. */

export const seedConfig: CalendarConfig = calendarConfigSchema.parse(
  JSON.parse(readFileSync(new URL('../../seeds/calendar.json', import.meta.url), 'utf8')),
);

export const chineseDays: HolidaySource = createChineseDaysSource();

/** The instant of a Shanghai wall-clock time: `at('2026-10-10 09:30')`, seconds allowed (`09:29:59`). */
export function at(local: string): number {
  const [date, time = '00:00'] = local.split(' ') as [string, string?];
  const [hm, sec = '0'] = [time.slice(0, 5), time.slice(6) || '0'];
  return instantAt(date, parseHhmm(hm)) + Number(sec) * 1000;
}

/** A calendar over the seed (or a variant of it) with the real holiday data. */
export function calendarOf(
  overrides: CalendarOverrideInput[] = [],
  config: CalendarConfigInput | CalendarConfig = seedConfig,
  holidays: HolidaySource = chineseDays,
): HallCalendar {
  return createCalendar(calendarConfigSchema.parse(config), calendarOverridesSchema.parse(overrides), holidays);
}
