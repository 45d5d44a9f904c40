import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HallCommand } from '../domain/events';
import { SnapshotMap } from '../domain/snapshot-map';
import { demoCatalog } from '../domain/test-support';
import { Hall } from '../hall/hall';
import { openDatabase, type Db } from '../store/database';
import { HallStore } from '../store/hall-store';
import { EstimateService } from './estimate-service';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
});

/** A hall with a queue, an estimate service whose slices run when the test says, and a clock the test moves. */
function world(monoStep = 0.25, collectorMs?: () => number) {
  const clock = { t: Date.parse('2026-11-24T01:00:00Z'), now() { return this.t; } };
  let n = 0;
  const hall = new Hall(new HallStore(db), demoCatalog(), clock, undefined, () => `t${++n}`);
  const ok = (cmd: HallCommand) => {
    const r = hall.execute('test', cmd, null, (_p, events) => events);
    if (!r.ok) throw new Error(`${cmd.type}: ${r.error.code}`);
  };
  ok({ type: 'day.open', businessDate: '2026-11-24' });
  for (const w of ['w01', 'w02']) ok({ type: 'window.signIn', windowId: w, staffId: `s-${w}` });
  for (let i = 0; i < 40; i++) ok({ type: 'ticket.take', serviceIds: [i % 2 ? 'svc-sscard' : 'svc-retire'] });
  const pending: (() => void)[] = [];
  // The loop's own clock: each reading moves it on a little, so a slice has a cost.
  let mono = 0;
  const estimates = new EstimateService({ hall, db, calendar: () => null, defer: (fn) => pending.push(fn), monotonic: () => (mono += monoStep), collectorMs, options: { batchRuns: 10 } });
  return {
    hall,
    ok,
    /** The window finishes its ticket, if any, and calls the next. */
    next(windowId: string) {
      const staffId = `s-${windowId}`;
      const cur = hall.state.windows.get(windowId)!.currentTicketId;
      if (cur) ok({ type: 'ticket.complete', windowId, staffId, ticketId: cur, outcome: 'done', serviceIds: hall.state.tickets.get(cur)!.serviceIds });
      ok({ type: 'window.callNext', windowId, staffId });
    },
    estimates,
    /** Lets `ms` of time pass: timers fire, and every slice due runs (one per turn of the loop). */
    pass(ms: number) {
      for (let i = 0; i < ms; i += 10) {
        vi.advanceTimersByTime(10);
        mono += 10;
        clock.t += 10;
        let slices = 0;
        while (pending.length > 0 && slices++ < 50) pending.shift()!();
      }
    },
  };
}

describe('the estimate batches under a stream of changes', () => {
  it('starts at most one batch per interval while the hall changes every 100 ms, and keeps them coming', () => {
    const w = world();
    w.estimates.start();
    const seconds = 20;
    for (let i = 0; i < seconds * 10; i++) {
      // A call or a take every 100 ms: each is a committed change that asks for a batch.
      if (i % 2) w.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
      else w.next(i % 4 ? 'w01' : 'w02');
      w.pass(100);
    }
    // Back to back (500 ms after each end) it was about one batch per 0.5 s; now one per second at most.
    expect(w.estimates.batches).toBeLessThanOrEqual(seconds + 1);
    // Still fresh: a batch every couple of seconds follows the hall.
    expect(w.estimates.batches).toBeGreaterThanOrEqual(seconds / 3);
    // And the batches held the loop for at most their share of the time.
    expect(w.estimates.busyMsTotal).toBeLessThanOrEqual(seconds * 1000 * w.estimates.options.maxBusyShare);
    w.estimates.stop();
  });

  it('waits longer after a batch that held the loop long: the busy share bounds the spacing', () => {
    const w = world();
    w.estimates.options.minIntervalMs = 0;
    w.estimates.options.maxBusyShare = 0.1;
    w.estimates.start();
    w.pass(600);
    expect(w.estimates.batches).toBe(1);
    const busy = w.estimates.busyMsTotal;
    w.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    // The next batch waits nine times the first one's busy time (share 0.1), not merely the 500 ms coalesce.
    w.pass(Math.max(0, Math.floor(busy * 9) - 200));
    expect(w.estimates.batches).toBe(1);
    w.pass(1000);
    expect(w.estimates.batches).toBe(2);
    w.estimates.stop();
  });
});

describe("the collector's time in a batch's share", () => {
  it('spaces the next batch by the collection that ran while the batch did, not only by its slices', () => {
    const spacing = (collectedPerSlice: number) => {
      // A hall of its own for each measure.
      db.close();
      db = openDatabase(':memory:');
      let collected = 0;
      const w = world(0.25, () => collected);
      w.estimates.options.minIntervalMs = 0;
      // Every slice leaves garbage that the collector takes `collectedPerSlice` ms to clear, between turns.
      const step = w.estimates['step'].bind(w.estimates);
      w.estimates['step'] = (defer: boolean) => {
        step(defer);
        collected += collectedPerSlice;
      };
      w.estimates.start();
      w.pass(600);
      expect(w.estimates.batches).toBe(1);
      w.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
      let waited = 0;
      while (w.estimates.batches === 1 && waited < 600_000) {
        w.pass(100);
        waited += 100;
      }
      w.estimates.stop();
      return waited;
    };
    const without = spacing(0);
    const withCollection = spacing(100);
    // Nine times the batch's busy time (share 0.1): the collection in it makes the wait far longer.
    expect(withCollection).toBeGreaterThan(without + 1_000);
  });
});

describe("a batch's snapshot of the hall", () => {
  it('is held while the batch is played and let go when it ends, or when the service stops', () => {
    const w = world();
    const tickets = w.hall.state.tickets;
    if (!(tickets instanceof SnapshotMap)) throw new Error('the live tickets are not a SnapshotMap');
    w.estimates.start();
    // The batch begins after the coalesce (its first slice waits for the next turn): its snapshot is held.
    vi.advanceTimersByTime(500);
    expect(w.estimates.batches).toBe(0);
    expect(tickets.snapshots).toBe(1);
    w.pass(5_000);
    expect(w.estimates.batches).toBe(1);
    expect(tickets.snapshots).toBe(0);
    w.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    vi.advanceTimersByTime(10_000);
    expect(tickets.snapshots).toBe(1);
    w.estimates.stop();
    expect(tickets.snapshots).toBe(0);
  });
});

describe('the take answer on a slow machine', () => {
  it('still gives a range, not the point of a single run, when its time budget is gone after the first run, and stops at its cap', () => {
    // Every reading of the loop's clock is 10 ms later: the take's 8 ms budget is spent by the first run,
    // its 25 ms cap by the third.
    const w = world(10);
    w.ok({ type: 'ticket.take', serviceIds: ['svc-sscard'] });
    const state = w.hall.state;
    const t = [...state.tickets.values()].at(-1)!;
    const o = w.estimates.forNewTicket(state, t, Date.parse('2026-11-24T01:00:00Z'))!;
    expect(o.range.noWindow).toBe(false);
    expect(o.range.high).not.toBeNull();
    expect(o.range.high!).toBeGreaterThan(o.range.low);
  });
});


describe('a flood of takes before any batch', () => {
  const t0 = Date.parse('2026-11-24T01:00:00Z');
  function flood(monoStep: number) {
    const w = world(monoStep);
    // Window 11 also takes invoices (group B): a second class of ticket with a window to serve it.
    w.ok({ type: 'window.signIn', windowId: 'w11', staffId: 's-w11' });
    const take = (serviceId: string) => {
      w.ok({ type: 'ticket.take', serviceIds: [serviceId] });
      const state = w.hall.state;
      return w.estimates.forNewTicket(state, [...state.tickets.values()].at(-1)!, t0)!;
    };
    return { w, take };
  }

  it('gives every take its own probe while probes get their least runs', () => {
    // Each reading of the loop's clock is 0.25 ms on: ten runs cost a few ms, within the 25 ms cap.
    const { w, take } = flood(0.25);
    take('svc-sscard');
    take('svc-sscard');
    take('svc-sscard');
    expect(w.estimates.takeProbes).toBe(3);
  });

  it('shares a probe cut short by its cap among the takes of its class for a second, then runs one again', () => {
    // Each reading is 3 ms on: the 25 ms cap stops a probe before its ten runs, as on a queue of thousands.
    const { w, take } = flood(3);
    const first = take('svc-sscard');
    expect(w.estimates.takeProbes).toBe(1);
    const second = take('svc-sscard');
    expect(w.estimates.takeProbes).toBe(1);
    expect(second).toEqual(first);
    // Another class runs its own.
    take('svc-invoice');
    expect(w.estimates.takeProbes).toBe(2);
    // A second later (of the loop's clock), the class's probe is run again.
    w.pass(w.estimates.options.takeReuseMs);
    w.estimates.stop();
    take('svc-sscard');
    expect(w.estimates.takeProbes).toBe(3);
  });
});
