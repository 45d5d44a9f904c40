/**
 * The hall's calendar date and wall clock at an instant: the one place the hall's offset is applied.
 * Environment-neutral (no imports), so the hall server, the district receiver and the renderer all use
 * this one function rather than each adding eight hours on its own.
 *
 * A hall in mainland China keeps Asia/Shanghai time, which has had one fixed offset (UTC+08:00, no
 * daylight saving) since 1991; computing with the offset never asks the machine's time zone, so a server
 * or browser set to UTC gives the same answers (see docs/calendar.md).
 */

/** Asia/Shanghai's offset from UTC. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function assertInstant(atMs: number): void {
  if (!Number.isFinite(atMs)) throw new RangeError(`not an instant (epoch milliseconds): ${atMs}`);
}

/** True when `date` is a real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isIsoDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The business date (营业日, `YYYY-MM-DD` in the hall's time) at an instant. */
export function businessDateOf(atMs: number): string {
  return hallWallClock(atMs).slice(0, 10);
}

/**
 * The hall's wall clock at an instant, `YYYY-MM-DDTHH:mm:ss.sss` without an offset: slice it for a
 * date, a month (`0, 7`) or a time of day (`11, 16`) as the hall reads them.
 */
export function hallWallClock(atMs: number): string {
  assertInstant(atMs);
  return new Date(atMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23);
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
