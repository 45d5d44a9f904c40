import type { Queryable } from './db/database';

/**
 * The per-hall-per-day rollup (hall_day_rollup, hall_day_tickets) that the district summary reads
 * instead of every case: kept in the same transaction that stores a batch, so it never disagrees with
 * `cases`. Counts and sums only, so a change is a delta; averages are sums over cases at read time.
 */

/** What one case adds to its day (or takes away, negated). */
export interface DayDelta {
  cases: number;
  waitSum: number;
  handlingSum: number;
  rated: number;
  defaultRated: number;
  satisfied: number;
}

/** An evaluation as the rollup counts it. */
export interface CountedEvaluation {
  level: number | null;
  isDefault: boolean;
}

const zero = (): DayDelta => ({ cases: 0, waitSum: 0, handlingSum: 0, rated: 0, defaultRated: 0, satisfied: 0 });

/** The rated / default / satisfied counts one evaluation (or none) contributes. */
function evaluationCounts(ev: CountedEvaluation | null): Pick<DayDelta, 'rated' | 'defaultRated' | 'satisfied'> {
  if (!ev) return { rated: 0, defaultRated: 0, satisfied: 0 };
  return {
    rated: ev.level === null ? 0 : 1,
    defaultRated: ev.isDefault ? 1 : 0,
    satisfied: ev.level !== null && ev.level >= 3 ? 1 : 0,
  };
}

/** Collects the deltas of one batch per business date, then writes them in one statement. */
export class RollupDeltas {
  private readonly days = new Map<string, DayDelta>();
  private readonly tickets = new Map<string, Set<string>>();

  private day(date: string): DayDelta {
    let d = this.days.get(date);
    if (!d) this.days.set(date, (d = zero()));
    return d;
  }

  /** A case stored for the first time (with the evaluation it was stored with). */
  addCase(date: string, ticketId: string, wait: number, handling: number, ev: CountedEvaluation | null): void {
    const d = this.day(date);
    const c = evaluationCounts(ev);
    d.cases += 1;
    d.waitSum += wait;
    d.handlingSum += handling;
    d.rated += c.rated;
    d.defaultRated += c.defaultRated;
    d.satisfied += c.satisfied;
    let set = this.tickets.get(date);
    if (!set) this.tickets.set(date, (set = new Set()));
    set.add(ticketId);
  }

  /** A stored case whose evaluation changed: its counts move from the old one to the new one. */
  moveEvaluation(date: string, from: CountedEvaluation | null, to: CountedEvaluation): void {
    const d = this.day(date);
    const a = evaluationCounts(from);
    const b = evaluationCounts(to);
    d.rated += b.rated - a.rated;
    d.defaultRated += b.defaultRated - a.defaultRated;
    d.satisfied += b.satisfied - a.satisfied;
  }

  /**
   * Writes the batch's deltas: first the tickets (a ticket already seen that day counts nothing), then
   * one upsert per day. Rows go in key order so that two batches of one hall on PostgreSQL take the
   * row locks in the same order and cannot deadlock.
   */
  async write(tx: Queryable, hallId: string): Promise<void> {
    const newTickets = new Map<string, number>();
    const pairs = [...this.tickets].flatMap(([date, set]) => [...set].map((t) => [date, t] as const)).sort(byKey);
    for (const chunk of chunks(pairs, 1000)) {
      const values = chunk.map((_, i) => `($1, $${2 * i + 2}, $${2 * i + 3})`).join(', ');
      const res = await tx.query<{ business_date: string }>(
        `INSERT INTO hall_day_tickets (hall_id, business_date, ticket_id) VALUES ${values}
         ON CONFLICT (hall_id, business_date, ticket_id) DO NOTHING RETURNING business_date`,
        [hallId, ...chunk.flat()],
      );
      for (const r of res.rows) newTickets.set(r.business_date, (newTickets.get(r.business_date) ?? 0) + 1);
    }
    const days = [...this.days].filter(([date, d]) => !isEmpty(d) || newTickets.has(date)).sort(byKey);
    if (days.length === 0) return;
    const params: unknown[] = [hallId];
    const values = days.map(([date, d]) => {
      const at = params.length;
      params.push(date, newTickets.get(date) ?? 0, d.cases, d.waitSum, d.handlingSum, d.rated, d.defaultRated, d.satisfied);
      return `($1, ${Array.from({ length: 8 }, (_, k) => `$${at + k + 1}`).join(', ')})`;
    });
    // The day's row is created by its first case, then only moves by deltas.
    await tx.query(
      `INSERT INTO hall_day_rollup
         (hall_id, business_date, tickets, cases, wait_sum, handling_sum, rated, default_rated, satisfied)
       VALUES ${values}
       ON CONFLICT (business_date, hall_id) DO UPDATE SET
         tickets = hall_day_rollup.tickets + excluded.tickets,
         cases = hall_day_rollup.cases + excluded.cases,
         wait_sum = hall_day_rollup.wait_sum + excluded.wait_sum,
         handling_sum = hall_day_rollup.handling_sum + excluded.handling_sum,
         rated = hall_day_rollup.rated + excluded.rated,
         default_rated = hall_day_rollup.default_rated + excluded.default_rated,
         satisfied = hall_day_rollup.satisfied + excluded.satisfied`,
      params,
    );
  }
}

const isEmpty = (d: DayDelta): boolean =>
  d.cases === 0 && d.waitSum === 0 && d.handlingSum === 0 && d.rated === 0 && d.defaultRated === 0 && d.satisfied === 0;

function byKey(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  const x = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  if (x !== 0 || typeof a[1] !== 'string' || typeof b[1] !== 'string') return x;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Splits `xs` into runs of at most `n` (multi-row statements stay under both drivers' parameter limits). */
export function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
