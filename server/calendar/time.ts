import { parseHhmm } from '../../protocol/calendar';

/**
 * Wall-clock arithmetic for a hall in mainland China. China has kept one fixed offset (UTC+08:00, no
 * daylight saving) since 1991, so the calendar computes with that offset and never asks the machine's
 * time zone: a hall server whose TZ is UTC (or anything else) gives the same answers.
 */

import { DAY_MS, isIsoDate, MINUTE_MS, SHANGHAI_OFFSET_MS } from '../../protocol/business-date';

// The business date itself is computed in protocol/ (the renderer and the district receiver need it too).
export { addDays, businessDateOf, DAY_MS, isIsoDate, MINUTE_MS } from '../../protocol/business-date';

// The date and time checks live with the calendar's wire schemas, where the admin console uses them too.
export { parseHhmm };

function assertDate(date: string): void {
  if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
}

function assertInstant(atMs: number): void {
  if (!Number.isFinite(atMs)) throw new RangeError(`not an instant (epoch milliseconds): ${atMs}`);
}

/** UTC midnight of a `YYYY-MM-DD` date; the base of the date arithmetic below. */
function utcMidnight(date: string): number {
  assertDate(date);
  return Date.parse(`${date}T00:00:00Z`);
}

/** Minutes since Shanghai midnight at an instant (0..1439). */
export function minuteOfDay(atMs: number): number {
  assertInstant(atMs);
  const local = atMs + SHANGHAI_OFFSET_MS;
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/** The instant at `minutes` past Shanghai midnight of `date` (minutes may be 1440 for end of day). */
export function instantAt(date: string, minutes: number): number {
  return utcMidnight(date) - SHANGHAI_OFFSET_MS + minutes * MINUTE_MS;
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(utcMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The year of a `YYYY-MM-DD` date. */
export function yearOf(date: string): number {
  assertDate(date);
  return Number(date.slice(0, 4));
}

/** `H:MM` as the hall writes times on screens and tickets ("9:00", "18:30"). */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h}:${String(m).padStart(2, '0')}`;
}

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** 周一 ... 周日 for an ISO weekday. */
export function weekdayName(isoDay: number): string {
  return WEEKDAY_NAMES[isoDay] ?? '';
}
