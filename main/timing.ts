/**
 * Time for the shell's loops: a scheduler and a backoff rule, injected so tests drive them by hand
 * instead of waiting.
 */

/** setTimeout / clearTimeout behind an interface; {@link systemScheduler} is the real one. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** The process's own timers and clock. */
export const systemScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Exponential backoff with a ceiling. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Spread as a fraction of the delay (0.2 = ±20%), so a hall of terminals does not retry in lockstep. */
  jitter: number;
}

/**
 * The delay before attempt `n` (1-based): initial × factor^(n-1), capped, then spread by the jitter.
 * `random` returns [0, 1); 0.5 means no spread.
 */
export function backoffDelay(n: number, b: Backoff, random: () => number = Math.random): number {
  const raw = Math.min(b.maxMs, b.initialMs * b.factor ** Math.max(0, n - 1));
  const spread = raw * b.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(b.maxMs, raw + spread)));
}
