import type { PriorityClass } from '../../protocol/catalog';
import { decide } from '../domain/decide';
import { pickNext } from '../domain/dispatch';
import type { HallCommand, HallEvent } from '../domain/events';
import { evolve } from '../domain/evolve';
import type { HallState, ScheduleCheck, Ticket } from '../domain/types';
import { forkForRun } from './clone';
import { EventHeap } from './event-heap';
import { recalledComeShare, ticketTime, type HallModel } from './model';
import { Random, sampleTime, sampleTimeBeyond } from './random';

/**
 * The hall run forward. Every step is a command put to the domain's own `decide` and applied with its own
 * `evolve`: who is called next, priority and ageing, the interleave rule, no-shows and their return
 * placement, daily caps and the cut-off are the hall's rules, not a copy of them. The simulator only
 * plays the people: arrivals, clerks who call when free, citizens who come (or not) and take as long as
 * the model says. See docs/simulation.md.
 */

const MINUTE = 60_000;

export interface Interval {
  from: number;
  to: number;
}

/** When a window serves during the run (epoch ms): it signs in (or resumes) at `from`, leaves at `to`. */
export interface WindowPlan {
  windowId: string;
  intervals: Interval[];
}

export interface SimulationPlan {
  windows: WindowPlan[];
  /** Service ends: tickets still waiting are unserved. */
  closesAt: number;
  /** No arrival is generated after this instant (the latest cut-off of the day). */
  issueUntil: number;
  /** Local (Asia/Shanghai) midnight of the business day, for the arrival model's clock hours. */
  dayStart: number;
  /** The calendar's answer to "may this ticket be taken now" (cut-off per group, matters of the day). */
  schedule?: ScheduleCheck;
  /** Arrivals × this (the planner's "forecast +30 %"). Default 1. */
  arrivalScale?: number;
}

/** What a caller may watch during a run (the planner's figures). */
export interface RunObserver {
  taken?(t: Ticket, at: number): void;
  /** The first call of a ticket: its wait ends. */
  firstCall?(t: Ticket, at: number, windowId: string): void;
  /** A window was occupied by a ticket (called → done or no-show). */
  busy?(windowId: string, from: number, to: number): void;
  /** A window was open (signed in, not paused). */
  open?(windowId: string, from: number, to: number): void;
  /** The run is over: what is left in `state` is unserved. */
  end?(state: HallState, at: number): void;
}

export interface RunOptions {
  seed: number;
  /** Generate arrivals from the model (default true). */
  arrivals?: boolean;
  /** Tickets whose first call time is recorded. */
  track?: ReadonlySet<string>;
  /** Stop as soon as every tracked ticket has been called (the estimate needs no more). */
  stopWhenTrackedCalled?: boolean;
  observer?: RunObserver;
  /** Tickets that are not in the hall but might be taken now: when would the hall call each? */
  probes?: readonly Probe[];
}

/**
 * A hypothetical ticket taken at the run's start (the next ticket of a kind). It is never put in the
 * lines, so it changes nothing; at each call by a window that could serve it, the domain's own
 * `pickNext` is asked whether it would have chosen the probe instead, and the first such call is the
 * probe's call time. That is exact for a ticket at the back of its line (its presence cannot change any
 * call made before its own), which is where a newly taken ticket is.
 */
export interface Probe {
  id: string;
  groupId: string;
  serviceIds: string[];
  bundleId: string | null;
  priority: PriorityClass;
  /** Windows that can serve it (the domain's eligibility, computed by the caller). */
  windowIds: ReadonlySet<string>;
}

export interface RunResult {
  /** Tracked ticket id → instant of its first call in this run (absent: not called before closing). */
  firstCall: Map<string, number>;
  /** Probe id → instant the hall would have called it (absent: not before closing). */
  probeCall: Map<string, number>;
  /** Arrivals the domain refused (caps, cut-off). */
  turnedAway: number;
  endedAt: number;
}

type Step =
  | { kind: 'open'; windowId: string; until: number }
  | { kind: 'leave'; windowId: string }
  | { kind: 'free'; windowId: string }
  | { kind: 'start'; windowId: string; ticketId: string }
  | { kind: 'complete'; windowId: string; ticketId: string }
  | { kind: 'recall'; windowId: string; ticketId: string }
  | { kind: 'noShow'; windowId: string; ticketId: string }
  | { kind: 'return'; ticketId: string }
  | { kind: 'arrive'; serviceIds: string[]; bundleId: string | null; priority: PriorityClass };

/** Runs the hall forward once from `state` (which is not touched) at `now`. Deterministic for a seed. */
export function simulateRun(state: HallState, now: number, plan: SimulationPlan, model: HallModel, options: RunOptions): RunResult {
  return new Run(state, now, plan, model, options).run();
}

/**
 * One run that can be played in slices (`advance`), so a long run need not hold the event loop: the same
 * events in the same order as `simulateRun`, whatever the slicing. The run reads through to `source` (it
 * copies only what it changes) until it is over, so `source` must not change meanwhile: played over
 * several turns, it is a snapshot (`snapshotForRuns`), never the live hall.
 */
export class Run {
  /** The run's own copy of the hall, over its source (`forkForRun`). */
  private readonly s: HallState;
  /** Events played so far. */
  units = 0;
  private readonly rng: Random;
  private readonly heap = new EventHeap<Step>();
  private readonly idle = new Set<string>();
  /** Window → until when it serves in its current interval, while it is meant to be open. */
  private readonly serving = new Map<string, number>();
  private readonly leaving = new Set<string>();
  private readonly openSince = new Map<string, number>();
  private readonly busySince = new Map<string, number>();
  private readonly firstCall = new Map<string, number>();
  /** Tracked tickets not called yet (counted, not copied: a batch tracks every waiting ticket). */
  private outstanding: number;
  private readonly track: ReadonlySet<string>;
  private readonly schedule: ScheduleCheck | undefined;
  private readonly probeCall = new Map<string, number>();
  private readonly probes: { probe: Probe; ticket: Ticket }[] = [];
  private turnedAway = 0;
  private ids = 0;
  private t: number;

  constructor(
    source: HallState,
    private readonly now: number,
    private readonly plan: SimulationPlan,
    private readonly model: HallModel,
    private readonly options: RunOptions,
  ) {
    this.s = forkForRun(source);
    this.rng = new Random(options.seed);
    this.t = now;
    this.track = options.track ?? new Set();
    this.outstanding = this.track.size;
    const real = plan.schedule;
    // Sign-ins in a run follow the plan, not the roster of named staff: the calendar is asked only about tickets.
    this.schedule = real ? { canIssue: (at, g, s) => real.canIssue(at, g, s), canSignIn: () => null } : undefined;
  }

  run(): RunResult {
    while (!this.advance(Infinity));
    return this.result();
  }

  private started = false;
  private done = false;

  /**
   * Plays at most `maxSteps` events; true once the run is over. Lets a caller spread a run over several
   * turns of the event loop.
   */
  advance(maxSteps: number): boolean {
    let i = 0;
    if (!this.started) {
      this.started = true;
      this.setUp();
    }
    for (; i < maxSteps && !this.done; i++) {
      this.units++;
      const next = this.heap.pop();
      if (!next || next.at > this.plan.closesAt) {
        this.done = true;
        break;
      }
      this.t = Math.max(this.t, next.at);
      this.step(next.item);
      if (this.options.stopWhenTrackedCalled && this.outstanding === 0 && this.probes.length === 0) this.done = true;
    }
    return this.done;
  }

  result(): RunResult {
    const end = Math.min(Math.max(this.t, this.now), this.plan.closesAt);
    for (const [w, since] of this.openSince) this.options.observer?.open?.(w, since, Math.max(since, this.plan.closesAt));
    this.options.observer?.end?.(this.s, end);
    return { firstCall: this.firstCall, probeCall: this.probeCall, turnedAway: this.turnedAway, endedAt: end };
  }

  private setUp(): void {
    const { s, now } = this;
    for (const probe of this.options.probes ?? []) this.addProbe(probe);
    const planned = new Map(this.plan.windows.map((wp) => [wp.windowId, wp.intervals]));
    for (const w of s.windows.values()) {
      if (!s.catalog.windows.has(w.id)) continue;
      // A window the plan does not name does not serve in the run (it finishes what it has, if anything).
      const wp = { intervals: planned.get(w.id) ?? [] };
      const current = wp.intervals.find((i) => i.from <= now && now < i.to);
      if (w.status === 'open' && current) {
        this.serving.set(w.id, current.to);
        this.openSince.set(w.id, now);
        this.heap.push(current.to, { kind: 'leave', windowId: w.id });
        if (!w.currentTicketId) this.heap.push(now, { kind: 'free', windowId: w.id });
      } else if (w.status !== 'closed' && !current) {
        // Open (or paused) now but not planned to serve: finishes what it has, then leaves.
        this.heap.push(now, { kind: 'leave', windowId: w.id });
      }
      for (const i of wp.intervals) {
        if (i.to <= now) continue;
        if (i === current && w.status === 'open') continue;
        this.heap.push(Math.max(i.from, now), { kind: 'open', windowId: w.id, until: i.to });
      }
      if (w.currentTicketId) this.resumeAtWindow(w.id, w.currentTicketId);
    }
    for (const id of s.noShowIds) this.maybeReturn(id, true);
    if (this.options.arrivals !== false) this.scheduleArrivals();
  }

  /** A ticket already at a window when the run starts: the rest of its service, given the time it has had. */
  private resumeAtWindow(windowId: string, ticketId: string): void {
    const t = this.s.tickets.get(ticketId);
    if (!t) return;
    this.busySince.set(windowId, t.lastCalledAt ?? this.now);
    const dist = ticketTime(this.model, this.s.catalog, t.serviceIds, t.bundleId);
    if (t.state === 'serving') {
      const elapsed = Math.max(0, this.now - (t.startedAt ?? this.now)) / MINUTE;
      this.heap.push(this.now + (sampleTimeBeyond(this.rng, dist, elapsed) - elapsed) * MINUTE, { kind: 'complete', windowId, ticketId });
    } else if (t.callCount >= 2) {
      // Already recalled: the citizen did not come to the first call. Most of these are no-shows (the
      // clerk marks them at the next gap after the last call), so the window is about to be free; a run
      // that called them afresh served nine in ten a whole matter and held everyone behind them at a
      // window of one (docs/simulation.md, "Where the error came from").
      const last = t.lastCalledAt ?? this.now;
      if (this.rng.next() < recalledComeShare(this.model.behaviour)) {
        this.heap.push(Math.max(this.now, last + this.model.behaviour.walkUpMin * MINUTE), { kind: 'start', windowId, ticketId });
      } else {
        this.noShowOrRecall(windowId, ticketId, last);
      }
    } else {
      this.afterCall(windowId, t, Math.max(this.now, (t.lastCalledAt ?? this.now) + this.model.behaviour.walkUpMin * MINUTE));
    }
  }

  /** A Poisson stream per group with the model's hourly rates (piecewise constant), from now to the cut-off. */
  private scheduleArrivals(): void {
    const scale = this.plan.arrivalScale ?? 1;
    for (const hour of this.model.arrivals) {
      const from = Math.max(this.now, this.plan.dayStart + hour.hour * 60 * MINUTE);
      const to = Math.min(this.plan.issueUntil, this.plan.dayStart + (hour.hour + 1) * 60 * MINUTE);
      if (from >= to) continue;
      for (const g of Object.values(hour.groups)) {
        const rate = (g.rate * scale) / (60 * MINUTE);
        if (rate <= 0 || g.kinds.length === 0) continue;
        const weights = g.kinds.map((k) => k.weight);
        const classes = Object.entries(g.priority) as [PriorityClass, number][];
        const classWeights = classes.map(([, w]) => w);
        for (let at = from + this.rng.exponential(1 / rate); at < to; at += this.rng.exponential(1 / rate)) {
          const kind = g.kinds[this.rng.pick(weights)]!;
          const priority = classes.length > 0 ? classes[this.rng.pick(classWeights)]![0] : 'none';
          this.heap.push(at, { kind: 'arrive', serviceIds: kind.serviceIds, bundleId: kind.bundleId, priority });
        }
      }
    }
  }

  private step(e: Step): void {
    switch (e.kind) {
      case 'open':
        return this.open(e.windowId, e.until);
      case 'leave':
        return this.leave(e.windowId);
      case 'free':
        return this.callNext(e.windowId);
      case 'start':
        if (this.apply({ type: 'ticket.start', windowId: e.windowId, staffId: this.staff(e.windowId), ticketId: e.ticketId })) {
          const t = this.s.tickets.get(e.ticketId)!;
          const minutes = sampleTime(this.rng, ticketTime(this.model, this.s.catalog, t.serviceIds, t.bundleId));
          this.heap.push(this.t + minutes * MINUTE, { kind: 'complete', windowId: e.windowId, ticketId: e.ticketId });
        }
        return;
      case 'complete': {
        const t = this.s.tickets.get(e.ticketId)!;
        this.apply({ type: 'ticket.complete', windowId: e.windowId, staffId: this.staff(e.windowId), ticketId: t.id, outcome: 'done', serviceIds: t.serviceIds });
        return this.released(e.windowId);
      }
      case 'recall':
        this.apply({ type: 'ticket.recall', windowId: e.windowId, staffId: this.staff(e.windowId), ticketId: e.ticketId });
        return this.noShowOrRecall(e.windowId, e.ticketId);
      case 'noShow':
        if (this.apply({ type: 'ticket.noShow', windowId: e.windowId, staffId: this.staff(e.windowId), ticketId: e.ticketId })) {
          this.maybeReturn(e.ticketId, false);
        }
        return this.released(e.windowId);
      case 'return':
        if (this.apply({ type: 'ticket.return', ticketId: e.ticketId })) this.wakeIdle();
        return;
      case 'arrive':
        return this.arrive(e);
    }
  }

  private staff(windowId: string): string {
    return this.s.windows.get(windowId)?.staffId ?? '';
  }

  /** Decide, then evolve on the run's copy: the hall's own rules. Returns the events (none if refused). */
  private apply(cmd: HallCommand): HallEvent[] | null {
    const d = decide(this.s, cmd, { now: this.t, newId: this.newId, schedule: this.schedule });
    if (!d.ok) return null;
    for (const ev of d.events) {
      evolve(this.s, ev);
      // A finished ticket is read by no rule of dispatch: dropped, so a long run keeps only its live tickets.
      if (ev.type === 'TicketCompleted') {
        this.s.tickets.delete(ev.ticketId);
        for (const c of ev.cases) this.s.cases.delete(c.caseId);
        this.s.lastCompleted.delete(ev.windowId);
      }
    }
    return d.events;
  }

  private readonly newId = (): string => `sim-${++this.ids}`;

  private open(windowId: string, until: number): void {
    const w = this.s.windows.get(windowId)!;
    this.leaving.delete(windowId);
    if (w.status === 'paused') this.apply({ type: 'window.resume', windowId, staffId: w.staffId! });
    else if (w.status === 'closed') this.apply({ type: 'window.signIn', windowId, staffId: `sim-staff-${windowId}` });
    if (this.s.windows.get(windowId)!.status !== 'open') return;
    this.serving.set(windowId, until);
    if (!this.openSince.has(windowId)) this.openSince.set(windowId, this.t);
    this.heap.push(until, { kind: 'leave', windowId });
    if (!this.s.windows.get(windowId)!.currentTicketId) this.callNext(windowId);
  }

  private leave(windowId: string): void {
    const until = this.serving.get(windowId);
    // A later interval may have re-opened the window: only its own end closes it.
    if (until !== undefined && until > this.t) return;
    this.serving.delete(windowId);
    this.idle.delete(windowId);
    const w = this.s.windows.get(windowId)!;
    if (w.currentTicketId) {
      this.leaving.add(windowId);
      return;
    }
    if (w.status !== 'closed') this.apply({ type: 'window.signOut', windowId, staffId: w.staffId! });
    this.closeSpan(windowId);
  }

  private closeSpan(windowId: string): void {
    const since = this.openSince.get(windowId);
    if (since !== undefined) this.options.observer?.open?.(windowId, since, this.t);
    this.openSince.delete(windowId);
  }

  /** The window is free again (done or no-show): it leaves if its interval is over, else calls next. */
  private released(windowId: string): void {
    const since = this.busySince.get(windowId);
    if (since !== undefined) this.options.observer?.busy?.(windowId, since, this.t);
    this.busySince.delete(windowId);
    if (this.leaving.has(windowId) || !this.serving.has(windowId)) {
      this.leaving.delete(windowId);
      this.leave(windowId);
      return;
    }
    this.callNext(windowId);
  }

  /** The probe as a ticket record (dispatch reads the chosen ticket), kept out of every line. */
  private addProbe(probe: Probe): void {
    const settings = this.s.catalog.settings;
    const bonus = probe.priority === 'none' ? 0 : settings.priorityBonusMinutes[probe.priority] * MINUTE;
    const ticket: Ticket = {
      id: probe.id, number: probe.id, groupId: probe.groupId, businessDate: this.s.businessDate ?? '', serviceIds: probe.serviceIds,
      bundleId: probe.bundleId, priority: probe.priority, prioritySource: 'none', appointmentCode: null, applicant: {}, state: 'waiting',
      takenAt: this.now, queuedAt: this.now, waitedMs: 0, sortKey: this.now - bonus,
      // After every ticket already taken, before any the run will see arrive.
      ordinal: this.s.nextOrdinal - 0.5,
      targetWindowId: null, windowId: null, staffId: null, calledAt: null, lastCalledAt: null, callCount: 0, startedAt: null,
      completedAt: null, endedAt: null, returns: 0, transfers: 0, outcome: null, caseIds: [], endReason: null,
    };
    this.s.tickets.set(probe.id, ticket);
    this.probes.push({ probe, ticket });
  }

  /** Would the window, calling now, have called a probe? Asked of the domain's dispatch with the probe in line. */
  private testProbes(windowId: string): void {
    for (let i = this.probes.length - 1; i >= 0; i--) {
      const { probe, ticket } = this.probes[i]!;
      if (!probe.windowIds.has(windowId)) continue;
      const q = this.s.queue;
      q.add({ ticketId: ticket.id, key: ticket.sortKey, ordinal: ticket.ordinal, groupId: ticket.groupId, serviceIds: ticket.serviceIds, targetWindowId: null, priority: ticket.priority !== 'none' });
      const pick = pickNext(this.s, windowId, this.t);
      q.remove(ticket.id);
      if (pick?.ticketId === ticket.id) {
        this.probeCall.set(probe.id, this.t);
        this.probes.splice(i, 1);
      }
    }
  }

  private callNext(windowId: string): void {
    const w = this.s.windows.get(windowId);
    if (!w || w.status !== 'open' || w.currentTicketId || !this.serving.has(windowId)) return;
    if (this.probes.length > 0) this.testProbes(windowId);
    const events = this.apply({ type: 'window.callNext', windowId, staffId: w.staffId! });
    const called = events?.find((e) => e.type === 'TicketCalled');
    if (!called || called.type !== 'TicketCalled') {
      this.idle.add(windowId);
      return;
    }
    this.idle.delete(windowId);
    const t = this.s.tickets.get(called.ticketId)!;
    this.busySince.set(windowId, this.t);
    if (t.callCount === 1 && t.returns === 0 && t.transfers === 0) {
      this.options.observer?.firstCall?.(t, this.t, windowId);
      if (this.track.has(t.id) && !this.firstCall.has(t.id)) {
        this.firstCall.set(t.id, this.t);
        this.outstanding--;
      }
    }
    this.afterCall(windowId, t, this.t + this.model.behaviour.walkUpMin * MINUTE);
  }

  /** The citizen comes to the window (then is served), or does not (recalls, then a no-show). */
  private afterCall(windowId: string, t: Ticket, arrivesAt: number): void {
    if (this.rng.next() < this.model.behaviour.noShowRate) {
      this.noShowOrRecall(windowId, t.id);
      return;
    }
    this.heap.push(arrivesAt, { kind: 'start', windowId, ticketId: t.id });
  }

  /** The clerk calls again, or marks the no-show, a gap after the last call (`since`: now, unless it was made before the run). */
  private noShowOrRecall(windowId: string, ticketId: string, since = this.t): void {
    const t = this.s.tickets.get(ticketId)!;
    const settings = this.s.catalog.settings;
    const gap = Math.max(this.model.behaviour.recallGapMin * MINUTE, settings.recallCooldownSeconds * 1000);
    const kind = t.callCount < settings.minCallsBeforeNoShow ? 'recall' : 'noShow';
    this.heap.push(Math.max(this.t, since + gap), { kind, windowId, ticketId });
  }

  /** A no-show comes back with the model's probability, within the hall's return limit. */
  private maybeReturn(ticketId: string, alreadyGone: boolean): void {
    const t = this.s.tickets.get(ticketId);
    if (!t || t.returns >= this.s.catalog.settings.noShowMaxReturns) return;
    const mean = this.model.behaviour.returnDelayMin * MINUTE;
    let p = this.model.behaviour.returnRate;
    // Gone for a while already: the chance that they still come is what is left of it (exponential delay).
    if (alreadyGone && t.endedAt !== null) p *= Math.exp(-Math.max(0, this.now - t.endedAt) / mean);
    if (this.rng.next() < p) this.heap.push(this.t + this.rng.exponential(mean), { kind: 'return', ticketId });
  }

  private arrive(e: Extract<Step, { kind: 'arrive' }>): void {
    let appointmentCode: string | undefined;
    let priority: Exclude<PriorityClass, 'appointment'> | undefined = e.priority === 'none' ? undefined : (e.priority as Exclude<PriorityClass, 'appointment'>);
    if (e.priority === 'appointment' && this.s.businessDate) {
      // An on-time appointment: a booking made for this very slot, which decide then honours.
      appointmentCode = `SIM${++this.ids}`;
      priority = undefined;
      this.s.appointments.set(appointmentCode, { code: appointmentCode, serviceIds: e.serviceIds, date: this.s.businessDate, slotStart: this.t, slotEnd: this.t, usedByTicketId: null });
    }
    const events = this.apply({
      type: 'ticket.take',
      serviceIds: e.bundleId ? undefined : e.serviceIds,
      bundleId: e.bundleId ?? undefined,
      priority,
      appointmentCode,
    });
    const taken = events?.find((x) => x.type === 'TicketTaken');
    if (!taken || taken.type !== 'TicketTaken') {
      this.turnedAway++;
      return;
    }
    this.options.observer?.taken?.(this.s.tickets.get(taken.ticket.id)!, this.t);
    this.wakeIdle();
  }

  private wakeIdle(): void {
    for (const w of [...this.idle]) this.callNext(w);
  }
}
