import type { HallState, ScheduleCheck } from '../domain/types';
import { simulateRun, type WindowPlan } from './engine';
import type { HallModel } from './model';
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

export interface HourGroupFigures {
  hour: number;
  groupId: string;
  /** Tickets taken in the hour, mean over replications. */
  taken: number;
  /** Waits (take → first call) of the hour's tickets that were called, pooled over replications. */
  waitP50Min: number | null;
  waitP90Min: number | null;
}

export interface HourFigures {
  hour: number;
  /** Busy window time / open window time in the hour (0 when no window is open). */
  utilisation: number;
  /** Open window-hours in the hour, mean over replications. */
  openWindowHours: number;
}

export interface PlanFigures {
  replications: number;
  byHourAndGroup: HourGroupFigures[];
  byHour: HourFigures[];
  /** Tickets still waiting at closing per group, mean over replications. */
  unservedAtClose: Record<string, number>;
}

const HOUR = 3_600_000;

/** Runs the day `replications` times and reads the planner's figures off the runs. */
export function planDay(input: PlannerInput): PlanFigures {
  const waits = new Map<string, number[]>();
  const taken = new Map<string, number>();
  const busy = new Map<number, number>();
  const open = new Map<number, number>();
  const unserved: Record<string, number> = {};
  const hourOf = (at: number) => Math.floor((at - input.dayStart) / HOUR);
  const key = (hour: number, groupId: string) => `${hour}|${groupId}`;
  const takenHour = new Map<string, number>();
  for (let r = 0; r < input.replications; r++) {
    takenHour.clear();
    simulateRun(
      input.state,
      input.from,
      { windows: input.windows, closesAt: input.closesAt, issueUntil: input.issueUntil, dayStart: input.dayStart, schedule: input.schedule, arrivalScale: input.scale },
      input.model,
      {
        seed: runSeed(input.seed, r),
        observer: {
          taken: (t, at) => {
            const k = key(hourOf(at), t.groupId);
            takenHour.set(t.id, hourOf(at));
            taken.set(k, (taken.get(k) ?? 0) + 1);
          },
          firstCall: (t, at) => {
            const hour = takenHour.get(t.id);
            if (hour === undefined) return;
            const k = key(hour, t.groupId);
            const list = waits.get(k) ?? [];
            list.push((at - t.takenAt) / 60_000);
            waits.set(k, list);
          },
          busy: (_w, from, to) => spread(busy, from, to, input.dayStart),
          open: (_w, from, to) => spread(open, from, to, input.dayStart),
          end: (state) => {
            for (const t of state.tickets.values()) if (t.state === 'waiting') unserved[t.groupId] = (unserved[t.groupId] ?? 0) + 1;
          },
        },
      },
    );
  }
  const n = input.replications;
  const byHourAndGroup = [...taken.entries()]
    .map(([k, count]) => {
      const [hour, groupId] = k.split('|') as [string, string];
      const sorted = (waits.get(k) ?? []).sort((a, b) => a - b);
      return {
        hour: Number(hour),
        groupId,
        taken: count / n,
        waitP50Min: sorted.length ? quantile(sorted, 0.5) : null,
        waitP90Min: sorted.length ? quantile(sorted, 0.9) : null,
      };
    })
    .sort((a, b) => a.hour - b.hour || a.groupId.localeCompare(b.groupId));
  const hours = [...new Set([...open.keys(), ...busy.keys()])].sort((a, b) => a - b);
  const byHour = hours.map((hour) => {
    const o = open.get(hour) ?? 0;
    return { hour, utilisation: o > 0 ? Math.min(1, (busy.get(hour) ?? 0) / o) : 0, openWindowHours: o / HOUR / n };
  });
  for (const g of Object.keys(unserved)) unserved[g]! /= n;
  return { replications: n, byHourAndGroup, byHour, unservedAtClose: unserved };
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
