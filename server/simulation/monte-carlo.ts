import type { HallState } from '../domain/types';
import { Run, type Probe, type SimulationPlan } from './engine';
import type { HallModel } from './model';

/**
 * Repeated forward runs (Monte Carlo) and what they say about each ticket's wait: the median as the
 * central estimate (it is the figure that minimises the mean absolute error) and the 10th and 90th
 * percentiles as the range. One batch of runs answers for every waiting ticket at once.
 */

export interface Budget {
  /** Runs at least this many, whatever the time (the range needs a few). */
  minRuns: number;
  maxRuns: number;
  /** Stops starting new runs once this much time has gone (ms); omitted = runs only by count. */
  timeMs?: number;
  /**
   * Stops even below `minRuns` once this much time has gone (ms): on a queue so long that one run costs
   * more than this, the caller is answered from the runs made rather than held up (the take path).
   */
  capMs?: number;
  /** The clock the time budget is read from (ms); performance.now by default. */
  clock?: () => number;
}

export interface WaitEstimate {
  /** Minutes from the estimate's instant to the first call: median, 10th and 90th percentile. */
  medianMin: number;
  lowMin: number;
  /** null: in more than one run in ten the ticket was not called before closing. */
  highMin: number | null;
  /** Share of runs in which the ticket was called before closing. */
  calledShare: number;
  runs: number;
}

export interface BatchResult {
  samples: Samples;
  runs: number;
  elapsedMs: number;
}

/**
 * Per tracked ticket and per probe: the instant of its first call in each run (Infinity: not called).
 * Those no run called share one frozen array (on a queue of thousands, most of them): a batch's answer
 * for 20,000 waiting is its index of them and the few hundred columns some run called, not a map of
 * 20,000 arrays built in one step.
 */
export class Samples {
  constructor(
    private readonly place: ReadonlyMap<string, number>,
    private readonly columns: ReadonlyMap<number, readonly number[]>,
    private readonly never: readonly number[],
  ) {}

  /** The call instants of a tracked ticket or probe, one per run; undefined if the batch did not track it. */
  get(id: string): readonly number[] | undefined {
    const i = this.place.get(id);
    return i === undefined ? undefined : (this.columns.get(i) ?? this.never);
  }

  has(id: string): boolean {
    return this.place.has(id);
  }
}

/** The seed of run `i` of a batch: spread so that neighbouring batches share no runs. */
export function runSeed(seed: number, i: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(i + 1, 0x85ebca6b)) >>> 0;
}

/**
 * Estimates the waits of `ticketIds` (waiting in `state`) from repeated runs, within the budget. Each run
 * stops once every tracked ticket is called, so the cost follows the queue in front of them, not the day.
 */
export function estimateWaits(
  state: HallState,
  now: number,
  plan: SimulationPlan,
  model: HallModel,
  ticketIds: readonly string[],
  seed: number,
  budget: Budget,
  probes: readonly Probe[] = [],
): BatchResult {
  const clock = budget.clock ?? (() => performance.now());
  const t0 = clock();
  const batch = new Batch(state, now, plan, model, ticketIds, seed, probes);
  while (batch.runs < budget.maxRuns) {
    if (batch.runs > 0 && (budget.timeMs !== undefined || budget.capMs !== undefined)) {
      const spent = clock() - t0;
      if (batch.runs >= budget.minRuns && budget.timeMs !== undefined && spent >= budget.timeMs) break;
      if (budget.capMs !== undefined && spent >= budget.capMs) break;
    }
    if (ticketIds.length === 0 && probes.length === 0) break;
    batch.runOne();
  }
  return { ...batch.result(), elapsedMs: clock() - t0 };
}

/** One frozen array of Infinity per number of runs: the samples of every ticket no run called. */
const neverCalled = new Map<number, readonly number[]>();

function neverCalledIn(runs: number): readonly number[] {
  let shared = neverCalled.get(runs);
  if (!shared) {
    shared = Object.freeze(Array.from({ length: runs }, () => Infinity));
    neverCalled.set(runs, shared);
  }
  return shared;
}

/**
 * A batch of runs that can be advanced one run at a time (the estimate service spreads it over ticks). A
 * run's calls are kept as the places it called and when (a ticket's place in the batch → its call
 * instant): a run calls a few hundred of a queue of thousands, so it keeps those, not a row of thousands.
 */
export class Batch {
  runs = 0;
  /** Tracked tickets, then probes: their place in a row. */
  private readonly place = new Map<string, number>();
  /** Per run: the places it called, and when. */
  private readonly rows: { places: Int32Array; at: Float64Array }[] = [];
  private readonly track: ReadonlySet<string>;
  private current: Run | null = null;
  private finishedUnits = 0;

  constructor(
    private readonly state: HallState,
    readonly now: number,
    private readonly plan: SimulationPlan,
    private readonly model: HallModel,
    ticketIds: readonly string[],
    private readonly seed: number,
    private readonly probes: readonly Probe[] = [],
  ) {
    for (const id of ticketIds) if (!this.place.has(id)) this.place.set(id, this.place.size);
    for (const p of probes) if (!this.place.has(p.id)) this.place.set(p.id, this.place.size);
    this.track = new Set(ticketIds);
  }

  /** Units of work done so far (events played): what bounds a slice. */
  get units(): number {
    return this.finishedUnits + (this.current?.units ?? 0);
  }

  runOne(): void {
    while (!this.work(Infinity));
  }

  /**
   * Plays the batch for about `timeMs` (read from `clock`), in slices of a few hundred events; true when a
   * run finished in it. The estimate service calls it once per event-loop turn.
   */
  work(timeMs: number, clock: () => number = () => performance.now()): boolean {
    const t0 = clock();
    for (;;) {
      this.current ??= new Run(this.state, this.now, this.plan, this.model, {
        seed: runSeed(this.seed, this.runs),
        track: this.track,
        stopWhenTrackedCalled: true,
        probes: this.probes,
      });
      if (this.current.advance(timeMs === Infinity ? Infinity : 200)) {
        const r = this.current.result();
        this.finishedUnits += this.current.units;
        this.current = null;
        const size = r.firstCall.size + r.probeCall.size;
        const row = { places: new Int32Array(size).fill(-1), at: new Float64Array(size) };
        let k = 0;
        for (const calls of [r.firstCall, r.probeCall]) {
          for (const [id, at] of calls) {
            const i = this.place.get(id);
            if (i === undefined) continue;
            row.places[k] = i;
            row.at[k++] = at;
          }
        }
        this.rows.push(row);
        this.runs++;
        return true;
      }
      if (clock() - t0 >= timeMs) return false;
    }
  }

  result(): { samples: Samples; runs: number } {
    const columns = new Map<number, number[]>();
    this.rows.forEach((row, run) => {
      for (let k = 0; k < row.places.length; k++) {
        const i = row.places[k]!;
        if (i < 0) continue;
        let column = columns.get(i);
        if (!column) {
          column = Array.from({ length: this.runs }, () => Infinity);
          columns.set(i, column);
        }
        column[run] = row.at[k]!;
      }
    });
    return { samples: new Samples(this.place, columns, neverCalledIn(this.runs)), runs: this.runs };
  }
}

/** The estimate at `at` from call instants of the runs: minutes from `at` (a call already past counts as 0). */
export function waitsFrom(callInstants: readonly number[], at: number): WaitEstimate {
  // The wait is monotone in the instant: the instants sorted once give the waits sorted at any `at` (a
  // batch's instants answer every take and status page until the next batch).
  let sorted = sortedInstants.get(callInstants);
  if (!sorted) {
    sorted = [...callInstants].sort((a, b) => a - b);
    sortedInstants.set(callInstants, sorted);
  }
  return summariseSorted(sorted.map((x) => (Number.isFinite(x) ? Math.max(0, x - at) / 60_000 : Infinity)));
}

/** Call instants (never changed once a run's result) → the same sorted. */
const sortedInstants = new WeakMap<readonly number[], number[]>();

/** Median and 10–90 % range of sorted samples in minutes (Infinity = not called before closing). */
function summariseSorted(s: readonly number[]): WaitEstimate {
  let called = 0;
  for (const x of s) if (Number.isFinite(x)) called++;
  const high = quantile(s, 0.9);
  return {
    medianMin: Number.isFinite(quantile(s, 0.5)) ? quantile(s, 0.5) : (s[called - 1] ?? 0),
    lowMin: Number.isFinite(quantile(s, 0.1)) ? quantile(s, 0.1) : (s[called - 1] ?? 0),
    highMin: Number.isFinite(high) ? high : null,
    calledShare: called / s.length,
    runs: s.length,
  };
}

/** Linear interpolation between order statistics (type 7), on sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return lo === hi ? a : Number.isFinite(a) && h - lo === 0 ? a : Infinity;
  return a + (b - a) * (h - lo);
}
