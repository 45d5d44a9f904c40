import { describe, expect, it } from 'vitest';
import type { HallEvent } from '../domain/events';
import { DomainRunner } from '../domain/test-support';
import { decide } from '../domain/decide';
import { windowCanServe } from '../domain/eligibility';
import { evolve } from '../domain/evolve';
import { initialState } from '../domain/state';
import { forkForRun, snapshotForRuns } from './clone';
import { Run, simulateRun, type Probe, type SimulationPlan } from './engine';
import { Batch, estimateWaits } from './monte-carlo';
import { catalogModel, type HallModel } from './model';

const MINUTE = 60_000;

function busyMorning(): DomainRunner {
  const r = new DomainRunner();
  r.open();
  for (const w of ['w01', 'w02', 'w03']) r.signIn(w);
  for (let i = 0; i < 12; i++) {
    r.take([i % 2 ? 'svc-sscard' : 'svc-id-card']);
    r.advance(1);
  }
  r.callNext('w01');
  r.ok({ type: 'ticket.start', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: r.current('w01') });
  return r;
}

function planFor(r: DomainRunner, windowIds: string[], from = r.now - 60 * MINUTE): SimulationPlan {
  const closesAt = r.now + 6 * 60 * MINUTE;
  return { windows: windowIds.map((windowId) => ({ windowId, intervals: [{ from, to: closesAt }] })), closesAt, issueUntil: closesAt - 30 * MINUTE, dayStart: r.now - 9 * 60 * MINUTE };
}

function withArrivals(r: DomainRunner): HallModel {
  const m = catalogModel(r.state.catalog);
  m.arrivals = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    groups: { A: { rate: 12, kinds: [{ serviceIds: ['svc-sscard'], bundleId: null, weight: 1 }], priority: { none: 0.8, elderly: 0.2 } } },
  }));
  return m;
}

const waitingIds = (r: DomainRunner) => [...r.state.tickets.values()].filter((t) => t.state === 'waiting').map((t) => t.id);

describe('simulateRun', () => {
  it('gives the same run for the same seed and another for another seed', () => {
    const r = busyMorning();
    const plan = planFor(r, ['w01', 'w02', 'w03']);
    const model = withArrivals(r);
    const track = new Set(waitingIds(r));
    const a = simulateRun(r.state, r.now, plan, model, { seed: 7, track });
    const b = simulateRun(r.state, r.now, plan, model, { seed: 7, track });
    const c = simulateRun(r.state, r.now, plan, model, { seed: 8, track });
    expect([...a.firstCall]).toEqual([...b.firstCall]);
    expect([...a.firstCall]).not.toEqual([...c.firstCall]);
    expect(a.firstCall.size).toBe(track.size);
  });

  it('leaves the live hall untouched when it runs on its copy', () => {
    const r = busyMorning();
    const before = JSON.stringify([...r.state.tickets.values()]);
    const windows = JSON.stringify([...r.state.windows.values()]);
    const queued = r.state.queue.size;
    simulateRun(r.state, r.now, planFor(r, ['w01', 'w02', 'w03']), withArrivals(r), { seed: 1, track: new Set(waitingIds(r)) });
    expect(JSON.stringify([...r.state.tickets.values()])).toBe(before);
    expect(JSON.stringify([...r.state.windows.values()])).toBe(windows);
    expect(r.state.queue.size).toBe(queued);
  });

  it('calls by the hall rules: a waiting elderly ticket before the ordinary ones taken earlier', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    const first = r.take(['svc-sscard']);
    r.advance(1);
    const elderly = r.take(['svc-sscard'], { priority: 'elderly' });
    const run = simulateRun(r.state, r.now, planFor(r, ['w01']), catalogModel(r.state.catalog), { seed: 3, track: new Set([first, elderly]) });
    expect(run.firstCall.get(elderly)!).toBeLessThan(run.firstCall.get(first)!);
  });

  it('waits for a window the plan opens later, and calls nobody when no window is planned', () => {
    const r = new DomainRunner();
    r.open();
    const id = r.take(['svc-sscard']);
    const later = r.now + 45 * MINUTE;
    const planned = simulateRun(r.state, r.now, planFor(r, ['w02'], later), catalogModel(r.state.catalog), { seed: 1, track: new Set([id]) });
    expect(planned.firstCall.get(id)).toBe(later);
    const none = simulateRun(r.state, r.now, planFor(r, []), catalogModel(r.state.catalog), { seed: 1, track: new Set([id]) });
    expect(none.firstCall.has(id)).toBe(false);
  });

  it('keeps a ticket in service at its window for at least the time it has already had', () => {
    const { r, next } = longMatterCalledAtW01();
    r.ok({ type: 'ticket.start', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: r.current('w01') });
    r.advance(40);
    const model = catalogModel(r.state.catalog);
    model.behaviour.noShowRate = 0;
    for (let seed = 0; seed < 20; seed++) {
      const run = simulateRun(r.state, r.now, planFor(r, ['w01']), model, { seed, track: new Set([next]) });
      expect(run.firstCall.get(next)!).toBeGreaterThan(r.now);
    }
  });

  it('takes a ticket already recalled at its window for the no-show it mostly is, not for a fresh call', () => {
    const { r, next } = longMatterCalledAtW01();
    r.advance(1);
    r.ok({ type: 'ticket.recall', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: r.current('w01') });
    const model = catalogModel(r.state.catalog);
    model.behaviour.noShowRate = 0.05;
    // None of the recalled come (as in a hall whose clerks recall only those who do not): the clerk marks
    // the no-show a gap after the recall and calls the next. Before, nineteen runs in twenty served a
    // 25-minute matter first.
    model.behaviour.recalledComeRate = 0;
    for (let seed = 0; seed < 20; seed++) {
      const run = simulateRun(r.state, r.now, planFor(r, ['w01']), model, { seed, track: new Set([next]) });
      expect(run.firstCall.get(next)).toBe(r.now + model.behaviour.recallGapMin * MINUTE);
    }
    // All of them come: the matter is served first.
    model.behaviour.recalledComeRate = 1;
    for (let seed = 0; seed < 20; seed++) {
      const run = simulateRun(r.state, r.now, planFor(r, ['w01']), model, { seed, track: new Set([next]) });
      expect(run.firstCall.get(next)!).toBeGreaterThan(r.now + 2 * MINUTE);
    }
  });

  it('answers for a probe exactly what the same ticket taken now would get', () => {
    const r = busyMorning();
    const plan = planFor(r, ['w01', 'w02', 'w03']);
    const model = withArrivals(r);
    const windowIds = new Set([...r.state.catalog.windows.values()].filter((w) => windowCanServe(r.state.catalog, w, 'A', ['svc-id-card'])).map((w) => w.id));
    const probes: Probe[] = [
      { id: 'probe-none', groupId: 'A', serviceIds: ['svc-id-card'], bundleId: null, priority: 'none', windowIds },
      { id: 'probe-elderly', groupId: 'A', serviceIds: ['svc-id-card'], bundleId: null, priority: 'elderly', windowIds },
    ];
    for (let seed = 0; seed < 10; seed++) {
      const probed = simulateRun(r.state, r.now, plan, model, { seed, probes });
      for (const [probe, priority] of [['probe-none', undefined], ['probe-elderly', 'elderly']] as const) {
        const copy = structuredCloneState(r);
        const taken = decide(copy, { type: 'ticket.take', serviceIds: ['svc-id-card'], priority }, { now: r.now, newId: () => 'the-real-one' });
        if (!taken.ok) throw new Error(taken.error.message);
        for (const e of taken.events) evolve(copy, e);
        const id = 'the-real-one';
        const real = simulateRun(copy, r.now, plan, model, { seed, track: new Set([id]) });
        expect([probe, seed, probed.probeCall.get(probe)]).toEqual([probe, seed, real.firstCall.get(id)]);
      }
    }
  });
});

/** One window open, a long matter just called there, and the ticket (`next`) waiting behind it. */
function longMatterCalledAtW01(): { r: DomainRunner; next: string } {
  const r = new DomainRunner();
  r.open();
  r.signIn('w01');
  r.take(['svc-estate-personal']);
  const next = r.take(['svc-sscard']);
  r.callNext('w01');
  return { r, next };
}

/** A second live hall equal to the first: the runner's event log replayed by the domain's evolve. */
function structuredCloneState(r: DomainRunner) {
  const s = initialState(r.state.catalog);
  for (const e of r.log) evolve(s, e);
  return s;
}

describe('a run in slices', () => {
  it('plays a long run in pieces: no call to advance plays more than it is given, and the run is the same', () => {
    const r = new DomainRunner();
    r.open();
    for (const w of ['w01', 'w02']) r.signIn(w);
    for (let i = 0; i < 150; i++) {
      r.take([i % 3 ? 'svc-sscard' : 'svc-id-card'], i % 5 === 0 ? { priority: 'elderly' } : {});
      r.advance(0.1);
    }
    const plan = planFor(r, ['w01', 'w02']);
    const model = withArrivals(r);
    const track = new Set(waitingIds(r));
    const whole = simulateRun(r.state, r.now, plan, model, { seed: 11, track, stopWhenTrackedCalled: true });
    const sliced = new Run(r.state, r.now, plan, model, { seed: 11, track, stopWhenTrackedCalled: true });
    let calls = 0;
    let before = 0;
    for (;;) {
      const done = sliced.advance(25);
      expect(sliced.units - before).toBeLessThanOrEqual(25);
      before = sliced.units;
      calls++;
      if (done) break;
    }
    // 150 waiting: at least as many calls, each an event or more.
    expect(calls).toBeGreaterThan(150 / 25);
    expect([...sliced.result().firstCall]).toEqual([...whole.firstCall]);
  });

  it('keeps every slice of a batch to a bounded number of units, whatever the size of the hall', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    for (let i = 0; i < 600; i++) {
      r.take([i % 2 ? 'svc-sscard' : 'svc-retire']);
      r.advance(0.05);
    }
    const ids = waitingIds(r);
    let t = 0;
    // A clock that moves 1 ms per reading: a 0 ms slice plays one piece of 200 events, then stops.
    const clock = () => t++;
    const windows = ['w01', 'w02', 'w03', 'w04', 'w05', 'w06', 'w07', 'w08'];
    const sliced = new Batch(snapshotForRuns(r.state).state, r.now, planFor(r, windows), catalogModel(r.state.catalog), ids, 5);
    let before = 0;
    let slices = 0;
    while (sliced.runs < 3) {
      sliced.work(0, clock);
      expect(sliced.units - before).toBeLessThanOrEqual(200);
      before = sliced.units;
      slices++;
    }
    // Runs of about 500 events: each takes several slices.
    expect(slices).toBeGreaterThan(6);
    const whole = new Batch(snapshotForRuns(r.state).state, r.now, planFor(r, windows), catalogModel(r.state.catalog), ids, 5);
    for (let i = 0; i < 3; i++) whole.runOne();
    const [a, b] = [sliced.result().samples, whole.result().samples];
    expect(ids.map((id) => a.get(id))).toEqual(ids.map((id) => b.get(id)));
    expect(ids.some((id) => a.get(id)!.some(Number.isFinite))).toBe(true);
  });
});

describe("a run's copy of the tickets", () => {
  it('shares the source ticket until the run changes it, replaces it then, and leaves the source as it was', () => {
    const r = busyMorning();
    const atW01 = r.current('w01');
    r.ok({ type: 'ticket.complete', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: atW01, outcome: 'done', serviceIds: r.state.tickets.get(atW01)!.serviceIds });
    const eager = snapshotForRuns(r.state).state;
    const lazy = forkForRun(r.state).tickets;
    const [id, other] = waitingIds(r);
    expect(lazy.has(id!)).toBe(true);
    const source = r.state.tickets.get(id!)!;
    // Reading shares the source's object: nothing is copied for a ticket the run only looks at.
    expect(lazy.get(id!)).toBe(source);
    expect(eager.tickets.get(id!)).toBe(source);
    // A ticket that can no longer change (finished) is not in the run's copy, as it is not in the snapshot.
    const finished = [...r.state.tickets.values()].find((t) => t.state === 'completed');
    expect(finished).toBeDefined();
    expect(lazy.has(finished!.id)).toBe(false);
    // The domain changes a ticket by replacing it: the run's map has the new one, the source the old.
    const s = forkForRun(r.state);
    const events: HallEvent[] = [];
    for (const cmd of [{ type: 'window.signIn', windowId: 'w09', staffId: 'sim' }, { type: 'window.callNext', windowId: 'w09', staffId: 'sim' }] as const) {
      const d = decide(s, cmd, { now: r.now, newId: () => 'unused' });
      if (!d.ok) throw new Error(d.error.code);
      for (const e of d.events) evolve(s, e);
      events.push(...d.events);
    }
    const call = events.find((e) => e.type === 'TicketCalled');
    if (call?.type !== 'TicketCalled') throw new Error('no call');
    const was = r.state.tickets.get(call.ticketId)!;
    expect(s.tickets.get(call.ticketId)!.state).toBe('called');
    expect(s.tickets.get(call.ticketId)).not.toBe(was);
    expect(was.state).toBe('waiting');
    // The call took the ticket out of the run's line, not out of the source's.
    expect(s.queue.has(call.ticketId)).toBe(false);
    expect(r.state.queue.has(call.ticketId)).toBe(true);
    expect(s.queue.size).toBe(r.state.queue.size - 1);
    expect(lazy.delete(other!)).toBe(true);
    expect(lazy.has(other!)).toBe(false);
    expect(lazy.get(other!)).toBeUndefined();
    expect(r.state.tickets.has(other!)).toBe(true);
    expect(lazy.size).toBe(eager.tickets.size - 1);
    // Walking the map takes in the rest: every live ticket but the deleted one.
    const all = [...lazy.values()];
    expect(all.map((t) => t.id).sort()).toEqual([...eager.tickets.keys()].filter((k) => k !== other).sort());
    expect([...s.queue.lines.keys()]).toEqual([...eager.queue.lines.keys()]);
  });

  it('keeps a copy made earlier as it was while the hall goes on (the domain replaces tickets, never changes them)', () => {
    const r = busyMorning();
    const snapshot = snapshotForRuns(r.state).state;
    const before = new Map([...snapshot.tickets].map(([id, t]) => [id, JSON.stringify(t)]));
    const [id] = waitingIds(r);
    r.run({ type: 'window.signIn', windowId: 'w09', staffId: 's-9' });
    r.run({ type: 'window.callNext', windowId: 'w09', staffId: 's-9' });
    expect(r.state.tickets.get(id!)!.state).not.toBe('waiting');
    for (const [tid, t] of snapshot.tickets) expect(JSON.stringify(t)).toBe(before.get(tid));
  });
});

describe('the Monte Carlo budget', () => {
  it('runs at least minRuns past its time budget, but never past its cap', () => {
    const r = busyMorning();
    const plan = planFor(r, ['w01', 'w02', 'w03']);
    const model = catalogModel(r.state.catalog);
    const ids = waitingIds(r);
    // A slow machine: each reading of the clock is 10 ms on.
    const runs = (capMs?: number) => {
      let t = 0;
      return estimateWaits(r.state, r.now, plan, model, ids, 7, { minRuns: 10, maxRuns: 40, timeMs: 8, clock: () => (t += 10), ...(capMs === undefined ? {} : { capMs }) }).runs;
    };
    expect(runs()).toBe(10);
    expect(runs(25)).toBe(3);
    expect(runs(5)).toBe(1);
  });
});
