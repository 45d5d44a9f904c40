/** Small, exact statistics the reports use, with the rounding the console shows. */

/** Arithmetic mean, or null for no values. */
export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * The 90th percentile by the nearest-rank method: the smallest value with at least 90 % of the values at
 * or below it (sorted ascending, the ⌈0.9·n⌉-th). No interpolation, so it is always a wait someone had.
 */
export function p90(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}

/** Milliseconds → minutes, one decimal. */
export function toMinutes(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms / 6_000) / 10;
}

/** A share as a percentage with one decimal, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

const HOUR_MS = 3_600_000;
const SHANGHAI_MS = 8 * HOUR_MS;

/** Hour of the day (0-23) in the hall's time (UTC+08:00, no daylight saving). */
export function hourOf(ms: number): number {
  return Math.floor((((ms + SHANGHAI_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS) / HOUR_MS);
}
