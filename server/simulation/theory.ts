/**
 * Closed forms the simulator is checked against (`theory.test.ts`), where one exists: one pooled queue,
 * `c` identical windows, Poisson arrivals and exponential handling (M/M/c).
 */

/** Erlang C: the probability that an arrival waits, at `c` windows and utilisation `rho` (< 1). */
export function erlangCWaitProbability(c: number, rho: number): number {
  const a = c * rho;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho);
  return last / (sum + last);
}

/** Mean wait before service in M/M/c, in units of the mean handling time. */
export function erlangCMeanWait(c: number, rho: number): number {
  return erlangCWaitProbability(c, rho) / (c * (1 - rho));
}
