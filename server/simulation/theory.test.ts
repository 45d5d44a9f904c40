import { describe, expect, it } from 'vitest';
import type { HallWindow } from '../../protocol/catalog';
import { initialState } from '../domain/state';
import { demoCatalog } from '../domain/test-support';
import type { Catalog, HallState } from '../domain/types';
import { decide } from '../domain/decide';
import { evolve } from '../domain/evolve';
import { simulateRun } from './engine';
import { Random, sampleTime } from './random';
import type { HallModel } from './model';
import { erlangCMeanWait, erlangCWaitProbability } from './theory';

const MINUTE = 60_000;
const DAY0 = Date.parse('2026-11-23T16:00:00Z');

/** One pooled group, one matter, `c` comprehensive windows: the M/M/c of the textbook. */
function pooledHall(c: number): HallState {
  const demo = demoCatalog();
  const window0 = demo.windows.get('w01')!;
  const windows = new Map<string, HallWindow>();
  for (let i = 1; i <= c; i++) windows.set(`m${i}`, { ...window0, id: `m${i}`, number: i, name: `${i}号`, comprehensive: true, groupIds: [], serviceIds: [] });
  const service = { ...demo.services.get('svc-sscard')!, dailyCap: undefined };
  const catalog: Catalog = { ...demo, groups: new Map([['A', demo.groups.get('A')!]]), services: new Map([[service.id, service]]), bundles: new Map(), windows };
  const state = initialState(catalog);
  const d = decide(state, { type: 'day.open', businessDate: '2026-11-24' }, { now: DAY0, newId: () => 'x' });
  if (d.ok) for (const e of d.events) evolve(state, e);
  return state;
}

function mmcModel(lambdaPerMin: number, hours: number): HallModel {
  return {
    kind: 'workday',
    days: 0,
    services: { 'svc-sscard': { dist: { family: 'exponential', mean: 1 }, meanMin: 1, samples: 0, typicalMin: 1 } },
    bundles: {},
    defaultCv: 1,
    arrivals: Array.from({ length: hours }, (_, hour) => ({
      hour,
      groups: { A: { rate: lambdaPerMin * 60, kinds: [{ serviceIds: ['svc-sscard'], bundleId: null, weight: 1 }], priority: { none: 1 } } },
    })),
    behaviour: { noShowRate: 0, returnRate: 0, returnDelayMin: 1, walkUpMin: 0, recallGapMin: 1, recalledComeRate: null, breakMin: 0 },
  };
}

interface Observed {
  /** Per ticket in order of arrival: taken at, first call, handling (ms). */
  tickets: { takenAt: number; calledAt: number | null; handleMs: number | null }[];
  warmup: number;
}

/** One long run of the M/M/c hall: every ticket's arrival, call and handling, as the simulator played them. */
function observe(c: number, rho: number, customers: number, seed: number): Observed {
  const state = pooledHall(c);
  const lambda = c * rho; // per minute, with a 1-minute mean handling time
  const warmup = Math.ceil(customers * 0.1);
  const hours = Math.ceil((customers + warmup) / lambda / 60);
  const end = DAY0 + hours * 60 * MINUTE;
  const windows = [...state.catalog.windows.keys()].map((windowId) => ({ windowId, intervals: [{ from: DAY0, to: end + 1 }] }));
  const index = new Map<string, number>();
  const atWindow = new Map<string, number>();
  const tickets: Observed['tickets'] = [];
  simulateRun(state, DAY0, { windows, closesAt: end, issueUntil: end, dayStart: DAY0 }, mmcModel(lambda, hours), {
    seed,
    observer: {
      taken: (t, at) => {
        index.set(t.id, tickets.length);
        tickets.push({ takenAt: at, calledAt: null, handleMs: null });
      },
      firstCall: (t, at, windowId) => {
        const i = index.get(t.id)!;
        tickets[i]!.calledAt = at;
        atWindow.set(windowId, i);
      },
      busy: (windowId, from, to) => {
        const i = atWindow.get(windowId);
        if (i !== undefined) tickets[i]!.handleMs = to - from;
      },
    },
  });
  return { tickets, warmup };
}

/** First come, first served at c windows (Kiefer–Wolfowitz): each arrival takes the window free first. */
function fcfsWaits(arrivals: readonly { takenAt: number; handleMs: number }[], c: number): number[] {
  const free = new Array<number>(c).fill(-Infinity);
  return arrivals.map((t) => {
    let k = 0;
    for (let j = 1; j < c; j++) if (free[j]! < free[k]!) k = j;
    const start = Math.max(t.takenAt, free[k]!);
    free[k] = start + t.handleMs;
    return start - t.takenAt;
  });
}

/**
 * The mean wait of first come, first served at c windows, with arrivals and handling drawn by the
 * simulator's own generator and samplers (Poisson stream, exponential times), over a long stream.
 */
function fcfsMeanWait(c: number, rho: number, customers: number, seed: number): number {
  const rng = new Random(seed);
  const warmup = Math.ceil(customers * 0.1);
  const free = new Array<number>(c).fill(-Infinity);
  let at = 0;
  let sum = 0;
  for (let i = 0; i < customers + warmup; i++) {
    at += rng.exponential(1 / (c * rho));
    let k = 0;
    for (let j = 1; j < c; j++) if (free[j]! < free[k]!) k = j;
    const start = Math.max(at, free[k]!);
    free[k] = start + sampleTime(rng, { family: 'exponential', mean: 1 });
    if (i >= warmup) sum += start - at;
  }
  return sum / customers;
}

describe('the simulator against queueing theory (M/M/c)', () => {
  it('waits exactly as first come, first served at c windows on the same arrivals and handling times', () => {
    for (const rho of [0.5, 0.7, 0.85, 0.95]) {
      for (let c = 1; c <= 10; c++) {
        const o = observe(c, rho, 1_500, 77 * c + Math.round(rho * 100));
        // A ticket still at a window when the run ends holds it to the end.
        const fcfs = fcfsWaits(o.tickets.map((t) => ({ takenAt: t.takenAt, handleMs: t.handleMs ?? Infinity })), c);
        const wrong = o.tickets.flatMap((t, i) => (t.calledAt !== null && Math.abs(t.calledAt - t.takenAt - fcfs[i]!) > 1e-3 ? [i] : []));
        expect(wrong, `c=${c} rho=${rho}`).toEqual([]);
        expect(o.tickets.filter((t) => t.calledAt !== null).length).toBeGreaterThan(1_500);
      }
    }
  });

  it('has a mean wait within 5 % of Erlang C for c = 1…10 and utilisation 0.5…0.95', () => {
    const rows: string[] = [];
    const bad: string[] = [];
    for (const rho of [0.5, 0.7, 0.85, 0.95]) {
      for (let c = 1; c <= 10; c++) {
        const theory = erlangCMeanWait(c, rho);
        const sim = fcfsMeanWait(c, rho, customersFor(c, rho), 1000 * c + Math.round(rho * 100));
        const row = `c=${c} rho=${rho} theory=${theory.toFixed(4)} sim=${sim.toFixed(4)} err=${((sim / theory - 1) * 100).toFixed(2)}%`;
        rows.push(row);
        if (Math.abs(sim / theory - 1) >= 0.05 || process.env.SIM_THEORY_ROWS) bad.push(row);
      }
    }
    expect(bad, rows.join('\n')).toEqual([]);
  }, 120_000);
});

/**
 * Enough arrivals for the sample mean to sit well inside 5 % (three standard errors): rare waits (many
 * windows, light load) and heavy traffic (long correlated busy periods) both need more.
 */
function customersFor(c: number, rho: number): number {
  return Math.round(Math.min(6_000_000, (20_000 * (2 / erlangCWaitProbability(c, rho))) / Math.pow(1 - rho, 1.5)));
}
