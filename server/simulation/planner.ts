import { decide } from '../domain/decide';
import { evolve } from '../domain/evolve';
import { initialState } from '../domain/state';
import type { Catalog, HallState, ScheduleCheck } from '../domain/types';
import { Run, type WindowPlan } from './engine';
import type { HallModel } from './model';
import type { PlannerHour, PlannerHourGroup } from '../../protocol/planner';
import { runSeed, quantile } from './monte-carlo';

/**
 * The staffing planner's question (排班测算), answered by the same engine: this roster, this arrival
 * forecast × scale, N replications → per clock hour and queue group the wait p50/p90, per hour the
 * windows' utilisation, and the tickets not served by closing. The admin console's planner builds on it.
 */

export interface PlannerInput {
  /** The hall at the start of the day: the business day open, nobody waiting, every window closed. */
  state: HallState;
  /** When the day's run starts (usually the first opening). */
  from: number;
  /** Local (Asia/Shanghai) midnight of the day. */
  dayStart: number;
  /** The roster: when each window serves. */
  windows: WindowPlan[];
  closesAt: number;
  issueUntil: number;
  schedule?: ScheduleCheck;
  /** The forecast: the model of the kind of day (its arrivals per hour and group, handling times). */
  model: HallModel;
  /** Arrivals × this (1.3 = "+30 %"). */
  scale: number;
  replications: number;
  seed: number;
}

export interface PlanFigures {
  replications: number;
  byHourAndGroup: PlannerHourGroup[];
  byHour: PlannerHour[];
  /** Tickets still waiting at closing per group, mean over replications. */
  unservedAtClose: Record<string, number>;
}

const HOUR = 3_600_000;

/** Runs the day `replications` times and reads the planner's figures off the runs. */
export function planDay(input: PlannerInput): PlanFigures {
  const planner = new DayPlanner(input);
  while (!planner.work(Infinity));
  return planner.result();
}

/**
 * The planner's replications, playable in slices (`work`) so a manager's run never holds the event loop
 * for more than a few milliseconds: the same runs, in the same order, as `planDay`, whatever the slicing.
 */
export class DayPlanner {
  private readonly waits = new Map<string, number[]>();
  private readonly taken = new Map<string, number>();
  private readonly notCalled = new Map<string, number>();
  private readonly busy = new Map<number, number>();
  private readonly open = new Map<number, number>();
  private readonly unserved: Record<string, number> = {};
  private readonly takenHour = new Map<string, number>();
  private readonly called = new Set<string>();
  private current: Run | null = null;
  runs = 0;

  constructor(private readonly input: PlannerInput) {}

  /** Plays for about `timeMs`; true once every replication has run. */
  work(timeMs: number, clock: () => number = () => performance.now()): boolean {
    const t0 = clock();
    while (this.runs < this.input.replications) {
      this.current ??= this.startRun();
      if (this.current.advance(timeMs === Infinity ? Infinity : 200)) {
        this.current.result();
        this.current = null;
        this.runs++;
      } else if (clock() - t0 >= timeMs) return false;
    }
    return true;
  }

  private startRun(): Run {
    const { input } = this;
    this.takenHour.clear();
    this.called.clear();
    const hourOf = (at: number) => Math.floor((at - input.dayStart) / HOUR);
    const plan = { windows: input.windows, closesAt: input.closesAt, issueUntil: input.issueUntil, dayStart: input.dayStart, schedule: input.schedule, arrivalScale: input.scale };
    return new Run(input.state, input.from, plan, input.model, {
      seed: runSeed(input.seed, this.runs),
      observer: {
        taken: (t, at) => {
          const k = key(hourOf(at), t.groupId);
          this.takenHour.set(t.id, hourOf(at));
          this.taken.set(k, (this.taken.get(k) ?? 0) + 1);
        },
        firstCall: (t, at) => {
          const hour = this.takenHour.get(t.id);
          if (hour === undefined) return;
          this.called.add(t.id);
          push(this.waits, key(hour, t.groupId), (at - t.takenAt) / 60_000);
        },
        busy: (_w, from, to) => spread(this.busy, from, to, input.dayStart),
        open: (_w, from, to) => spread(this.open, from, to, input.dayStart),
        end: (state) => {
          for (const t of state.tickets.values()) if (t.state === 'waiting') this.unserved[t.groupId] = (this.unserved[t.groupId] ?? 0) + 1;
          // A ticket never called by closing waits "forever": it counts in its hour's percentiles as such.
          for (const [id, hour] of this.takenHour) {
            if (this.called.has(id)) continue;
            const t = state.tickets.get(id);
            const groupId = t?.groupId;
            if (!groupId) continue;
            push(this.waits, key(hour, groupId), Infinity);
            this.notCalled.set(key(hour, groupId), (this.notCalled.get(key(hour, groupId)) ?? 0) + 1);
          }
        },
      },
    });
  }

  /** The figures of the replications played so far. */
  result(): PlanFigures {
    const n = Math.max(1, this.runs);
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const byHourAndGroup = [...this.taken.entries()]
      .map(([k, count]) => {
        const [hour, groupId] = k.split('|') as [string, string];
        const sorted = [...(this.waits.get(k) ?? [])].sort((a, b) => a - b);
        return {
          hour: Number(hour),
          groupId,
          taken: count / n,
          notCalled: (this.notCalled.get(k) ?? 0) / n,
          waitP50Min: sorted.length ? finite(quantile(sorted, 0.5)) : null,
          waitP90Min: sorted.length ? finite(quantile(sorted, 0.9)) : null,
        };
      })
      .sort((a, b) => a.hour - b.hour || a.groupId.localeCompare(b.groupId));
    const hours = [...new Set([...this.open.keys(), ...this.busy.keys()])].sort((a, b) => a - b);
    const byHour = hours.map((hour) => {
      const o = this.open.get(hour) ?? 0;
      return { hour, utilisation: o > 0 ? Math.min(1, (this.busy.get(hour) ?? 0) / o) : 0, openWindowHours: o / HOUR / n };
    });
    const unservedAtClose: Record<string, number> = {};
    for (const [g, v] of Object.entries(this.unserved)) unservedAtClose[g] = v / n;
    return { replications: this.runs, byHourAndGroup, byHour, unservedAtClose };
  }
}

const key = (hour: number, groupId: string) => `${hour}|${groupId}`;

function push(into: Map<string, number[]>, k: string, v: number): void {
  const list = into.get(k);
  if (list) list.push(v);
  else into.set(k, [v]);
}

/** Adds a span's time to the clock hours it covers. */
function spread(into: Map<number, number>, from: number, to: number, dayStart: number): void {
  for (let t = from; t < to; ) {
    const hour = Math.floor((t - dayStart) / HOUR);
    const end = Math.min(to, dayStart + (hour + 1) * HOUR);
    into.set(hour, (into.get(hour) ?? 0) + (end - t));
    t = end;
  }
}

/** The hall at the start of `date`: the catalogue's windows all closed, the day opened, nobody waiting. */
export function openDayState(catalog: Catalog, date: string, at: number): HallState {
  const state = initialState(catalog);
  let id = 0;
  const d = decide(state, { type: 'day.open', businessDate: date }, { now: at, newId: () => `plan-${++id}` });
  if (!d.ok) throw new Error(`the planner could not open ${date}: ${d.error.code}`);
  for (const e of d.events) evolve(state, e);
  return state;
}
