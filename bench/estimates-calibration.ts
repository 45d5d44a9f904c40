/**
 * Is the wait estimate wrong, or is the day unlucky? The accuracy bench (`estimates.ts`) says how far the
 * estimates were from the waits; this says whether the runs' spread was honest and whether a better model
 * could have done better on the same days:
 *
 * - **calibration**: for every ticket, where its actual wait fell among the runs' waits (the PIT: the share
 *   of runs that called it sooner). Honest runs put it anywhere alike: mean 0.5, one in ten below the 10th
 *   percentile, one in ten above the 90th. A model biased slow or fast at some hour shows there.
 * - **oracle**: the same estimates with the handling times and behaviour the bench's clerks and citizens
 *   are drawn from (the catalogue's minutes, its spread, its no-shows), in place of those learned from five
 *   days of history. If the oracle's error is no smaller, the model's parameters are not the limit.
 *
 * Each ticket is estimated at its take by its own runs (tracking the ticket, as the batch that answers it
 * in the hall does), without the estimate service's background batches, so a day takes seconds, not
 * minutes. `tsx bench/estimates-calibration.ts <load> <day,day,…>` prints the figures as JSON; the days
 * are those of the accuracy bench (day 0–2 are its days; others bring their own seeds).
 * `CALIBRATION_DUMP=<file>` also writes every ticket's actual wait and its runs' waits.
 */
import { writeFileSync } from 'node:fs';
import type { Ticket, HallState } from '../server/domain/types';
import { scheduleCheckOf } from '../server/calendar/adapters';
import { addDays } from '../server/calendar/time';
import { readHistory } from '../server/estimates/history';
import { dayKindOf, dayShapeOf, simulationPlan } from '../server/estimates/plan';
import { Run } from '../server/simulation/engine';
import { fitModels } from '../server/simulation/fit';
import type { HallModel } from '../server/simulation/model';
import { quantile, runSeed } from '../server/simulation/monte-carlo';
import { lognormalTime } from '../server/simulation/random';
import { BENCH_WORLD, daySeeds, MEASURED, playDay, TRAINING, world } from './estimates';
import { mean, p90, round } from './stats';

const MINUTE = 60_000;
const RUNS = 40;

/** The model the bench's people are drawn from: the catalogue's minutes with its spread, its no-shows and walks. */
function oracleOf(fitted: HallModel, state: HallState): HallModel {
  const m: HallModel = { ...fitted, services: { ...fitted.services }, bundles: { ...fitted.bundles }, behaviour: { ...fitted.behaviour } };
  for (const s of state.catalog.services.values()) m.services[s.id] = { ...m.services[s.id]!, dist: lognormalTime(s.avgMinutes, BENCH_WORLD.handlingCv) };
  for (const b of state.catalog.bundles.values()) m.bundles[b.id] = { ...m.bundles[b.id]!, dist: lognormalTime(b.avgMinutes ?? BENCH_WORLD.bundleMinutes, BENCH_WORLD.handlingCv) };
  m.behaviour.noShowRate = BENCH_WORLD.noShow;
  m.behaviour.returnRate = BENCH_WORLD.returnRate;
  m.behaviour.walkUpMin = BENCH_WORLD.walkMin;
  // The bench's clerks recall only those who do not come.
  m.behaviour.recalledComeRate = 0;
  return m;
}

interface Told {
  day: number;
  /** Minutes, sorted (Infinity: not called in that run). */
  fitted: number[];
  oracle: number[];
}

interface Scored {
  day: number;
  actual: number;
  fitted: number[];
  oracle: number[];
}

async function calibrateDay(load: number, day: number): Promise<Scored[]> {
  const w = await world(false);
  const seeds = daySeeds(load, day);
  TRAINING.forEach((date, i) => playDay(w, date, load, seeds.training[i]!));
  const kindOf = (d: string) => dayKindOf(w.calendar, d);
  const fitted = fitModels(readHistory(w.db, addDays(MEASURED, -56), MEASURED, kindOf), w.hall.state.catalog)[kindOf(MEASURED)];
  const oracle = oracleOf(fitted, w.hall.state);
  const shape = dayShapeOf(w.calendar, MEASURED, scheduleCheckOf(w.calendar));
  const told = new Map<string, Told>();
  const out: Scored[] = [];
  const runs = (state: HallState, t: Ticket, model: HallModel) => {
    const plan = simulationPlan(state, t.takenAt, shape, model.behaviour.breakMin);
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = new Run(state, t.takenAt, plan, model, { seed: runSeed(t.takenAt >>> 0, i), track: new Set([t.id]), stopWhenTrackedCalled: true });
      while (!run.advance(Infinity));
      const at = run.result().firstCall.get(t.id);
      xs.push(at === undefined ? Infinity : (at - t.takenAt) / MINUTE);
    }
    return xs.sort((a, b) => a - b);
  };
  playDay(w, MEASURED, load, seeds.measured, {
    // The state holds the ticket just taken: its own runs track it.
    taken: (state, t) => told.set(t.id, { day, fitted: runs(state, t, fitted), oracle: runs(state, t, oracle) }),
    called: (id, at) => {
      const x = told.get(id);
      const t = w.hall.state.tickets.get(id);
      if (x && t) out.push({ day: x.day, actual: (at - t.takenAt) / MINUTE, fitted: x.fitted, oracle: x.oracle });
      told.delete(id);
    },
  });
  return out;
}

/** Error of the median, the range's coverage (over the tickets shown one), and where the actual waits fell among the runs. */
function figures(scored: readonly Scored[], which: 'fitted' | 'oracle') {
  const abs: number[] = [];
  let shown = 0;
  let inRange = 0;
  let pit = 0;
  let below = 0;
  let above = 0;
  for (const s of scored) {
    const xs = s[which];
    const med = quantile(xs, 0.5);
    const low = quantile(xs, 0.1);
    const high = quantile(xs, 0.9);
    abs.push(Math.abs((Number.isFinite(med) ? med : xs.filter(Number.isFinite).at(-1) ?? 0) - s.actual));
    if (!(Number.isFinite(high) && high <= 2)) {
      shown++;
      if (s.actual >= low - 0.5 && (!Number.isFinite(high) || s.actual <= high + 0.5)) inRange++;
    }
    pit += (xs.filter((x) => x < s.actual).length + 0.5 * xs.filter((x) => x === s.actual).length) / xs.length;
    if (s.actual < low - 0.5) below++;
    if (Number.isFinite(high) && s.actual > high + 0.5) above++;
  }
  const n = Math.max(1, scored.length);
  return {
    maeMin: round(mean(abs)),
    p90Min: round(p90(abs)),
    coverage: round(inRange / Math.max(1, shown), 3),
    meanPit: round(pit / n, 3),
    belowRange: round(below / n, 3),
    aboveRange: round(above / n, 3),
  };
}

const load = Number(process.argv[2]);
const days = (process.argv[3] ?? '0,1,2').split(',').map(Number);
if (!Number.isFinite(load) || days.some((d) => !Number.isInteger(d))) throw new Error('usage: estimates-calibration <load> <day,day,…>');
const all: Scored[] = [];
const perDay: unknown[] = [];
for (const day of days) {
  const scored = await calibrateDay(load, day);
  all.push(...scored);
  perDay.push({ day, tickets: scored.length, fitted: figures(scored, 'fitted'), oracle: figures(scored, 'oracle') });
}
// `CALIBRATION_DUMP=<file>`: every ticket's actual wait and its runs' waits (minutes), one JSON line each.
if (process.env.CALIBRATION_DUMP) writeFileSync(process.env.CALIBRATION_DUMP, all.map((s) => JSON.stringify({ day: s.day, actual: s.actual, runs: s.fitted.map((x) => (Number.isFinite(x) ? round(x, 2) : null)) })).join('\n') + '\n');
process.stdout.write(JSON.stringify({ load, days, tickets: all.length, runsPerTicket: RUNS, fitted: figures(all, 'fitted'), oracle: figures(all, 'oracle'), perDay }, null, 1) + '\n');
