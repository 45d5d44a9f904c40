/** The small statistics the benches print their figures with. */

/** `x` rounded to `d` decimals. */
export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** The `q` quantile of `xs` by nearest rank (the sample at ⌊q·n⌋ of the sorted values); NaN when empty. */
export function nearestRank(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

/** The 90th percentile (nearest rank) of `xs`, 0 when empty. */
export function p90(xs: number[]): number {
  return xs.length === 0 ? 0 : nearestRank(xs, 0.9);
}
