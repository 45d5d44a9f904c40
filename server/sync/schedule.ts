/**
 * When to send, and how long to wait after a failure. Pure functions of the numbers the service reads,
 * so the timing rules are tested without timers.
 */

/** What the sender sees when it wakes up. */
export interface ScheduleInput {
  now: number;
  backlog: number;
  /** created_at of the oldest outbox row, or null when the outbox is empty. */
  oldestCreatedAt: number | null;
  /** A batch is pinned in flight (a previous send got no usable answer). */
  pinned: boolean;
  /** Not before this instant (backoff after a failure), or null. */
  nextAttemptAt: number | null;
  batchSize: number;
  intervalMs: number;
  pollMs: number;
}

/** Send now, or look again in `waitMs`. */
export type ScheduleDecision = { send: true } | { send: false; waitMs: number };

/**
 * A batch goes out when N records wait or the oldest has waited T, whichever first; a pinned batch goes
 * again as soon as the backoff allows; nothing goes before the backoff is over.
 */
export function decideSend(s: ScheduleInput): ScheduleDecision {
  if (s.nextAttemptAt !== null && s.nextAttemptAt > s.now) {
    return { send: false, waitMs: s.nextAttemptAt - s.now };
  }
  if (s.pinned) return { send: true };
  if (s.backlog === 0 || s.oldestCreatedAt === null) return { send: false, waitMs: s.pollMs };
  if (s.backlog >= s.batchSize) return { send: true };
  const due = s.oldestCreatedAt + s.intervalMs;
  if (due <= s.now) return { send: true };
  return { send: false, waitMs: Math.min(s.pollMs, due - s.now) };
}

/**
 * The delay before retry number `failures` (1 = after the first failure): base·2^(failures−1), capped,
 * with "equal jitter" (half fixed, half random) so that many halls coming back after an outage do not
 * all knock at once, yet none retries sooner than half its step.
 */
export function backoffDelay(failures: number, baseMs: number, capMs: number, random: () => number): number {
  const n = Math.max(1, Math.floor(failures));
  // 2^30 already exceeds any sensible cap; stop the exponent there to stay finite.
  const step = Math.min(capMs, baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}
