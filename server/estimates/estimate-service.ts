import type { Logger } from 'pino';
import type { WaitRange } from '../../protocol/print';
import { scheduleCheckOf } from '../calendar/adapters';
import type { HallCalendar } from '../calendar/calendar';
import { addDays, businessDateOf } from '../calendar/time';
import { windowCanServe } from '../domain/eligibility';
import type { Catalog, HallState, Ticket, WindowRuntime } from '../domain/types';
import type { Hall } from '../hall/hall';
import { snapshotForRuns } from '../simulation/clone';
import type { Probe, SimulationPlan } from '../simulation/engine';
import { fitModels } from '../simulation/fit';
import { catalogModel, type HallModel, type SimDayKind } from '../simulation/model';
import { Batch, estimateWaits, waitsFrom, type Samples, type WaitEstimate } from '../simulation/monte-carlo';
import type { Db } from '../store/database';
import { readHistory } from './history';
import { rosterOpensAt } from '../calendar/roster-opens';
import type { RosterOpens, ServeNeed } from '../domain/servability';
import { alwaysOpenShape, dayKindOf, dayShapeOf, servableFrom, simulationPlan } from './plan';

/**
 * Wait estimates from the simulator, for the take answer, the printed ticket and the status page.
 *
 * After the hall changes one batch of runs answers for every waiting ticket at once and, through probes,
 * for the next ticket of every kind. Batches are coalesced: at most one in flight, the next one
 * `coalesceMs` after a change, at least `minIntervalMs` after the previous one began, and late enough that
 * batches take at most `maxBusyShare` of the event loop's time, the collector's time while one runs
 * counted in it (a stream of calls on a hall of thousands waiting would otherwise keep one running all
 * the time). A batch starts from a snapshot of the hall that costs its windows and lines, not its queue
 * (`snapshotForRuns`), and is played in slices of `sliceMs`, so a command waits behind at most one
 * slice. The take answer reads the latest batch's probe when it is fresh; otherwise it runs its own
 * probe under a small time budget (shared by the takes of the next second when its cap cut it short).
 * See docs/simulation.md.
 */

export interface EstimateOptions {
  /** Runs per background batch. */
  batchRuns: number;
  /** Delay from a change to the batch that answers it (changes within it share one batch). */
  coalesceMs: number;
  /** At least this long from one batch's start to the next one's. */
  minIntervalMs: number;
  /** Batches use at most this share of the event loop: after a batch busy for b ms, the next waits b × (1/share − 1). */
  maxBusyShare: number;
  /** A batch again after this long without changes (the clock moves tickets in service on). */
  refreshMs: number;
  /** The take answer uses the latest batch if it started at most this long ago; older (or none), it runs its own probe. */
  maxAgeMs: number;
  /** A batch works at most this long per event-loop turn (ms), so a command waits behind at most that. */
  sliceMs: number;
  /** Time budget of a take's own probe runs (ms), and their bounds. */
  takeBudgetMs: number;
  takeMinRuns: number;
  takeMaxRuns: number;
  /** The take's own probe stops at this, even below `takeMinRuns` (a queue where one run costs more). */
  takeCapMs: number;
  /** A take probe cut short by `takeCapMs` answers the takes of its class for this long (monotonic ms). */
  takeReuseMs: number;
  /** Past business days the models are learned from. */
  historyDays: number;
}

export const DEFAULT_ESTIMATE_OPTIONS: EstimateOptions = {
  batchRuns: 40,
  coalesceMs: 500,
  minIntervalMs: 1_000,
  maxBusyShare: 0.1,
  refreshMs: 30_000,
  maxAgeMs: 60_000,
  sliceMs: 4,
  takeBudgetMs: 8,
  // A 10–90 % range needs runs to spread: with one run (a loaded machine spends the budget at once) the
  // range would be a single point ("39–39 分钟"). Ten runs on 300 waiting cost a few milliseconds; on a
  // queue of thousands one run can cost more than the cap, and the take is not held up for the rest.
  takeMinRuns: 10,
  takeMaxRuns: 40,
  takeCapMs: 25,
  takeReuseMs: 1_000,
  historyDays: 56,
};

export interface EstimateServiceDeps {
  hall: Hall;
  db: Db;
  calendar: () => HallCalendar | null;
  logger?: Logger;
  /** Runs a piece of a batch later (setImmediate in the server). */
  defer?: (fn: () => void) => void;
  /** A monotonic clock in ms for the batches' spacing and busy time (performance.now in the server). */
  monotonic?: () => number;
  /**
   * The garbage collector's time so far (ms; `collectorMeter` in the server). What it spends while a
   * batch runs counts in the batch's busy time: a batch's garbage is collected mostly outside its slices.
   */
  collectorMs?: () => number;
  options?: Partial<EstimateOptions>;
}

/** A ticket's estimate as the wire carries it: central minutes and the range. */
export interface WaitOutlook {
  minutes: number;
  range: WaitRange;
}

interface Fitted {
  date: string;
  catalog: Catalog;
  kind: SimDayKind;
  models: Record<SimDayKind, HallModel>;
  fittedAt: number;
  historyTickets: number;
}

interface Setting {
  plan: SimulationPlan;
  model: HallModel;
}

/** How long (hall ms) a plan stands for the same windows: its intervals start "now", a second either way is the same. */
const SETTING_REUSE_MS = 1_000;

/** Whether the hall's windows are the very objects they were (a window event replaces its window's object). */
function sameWindows(before: readonly WindowRuntime[], now: ReadonlyMap<string, WindowRuntime>): boolean {
  if (before.length !== now.size) return false;
  let i = 0;
  for (const w of now.values()) if (w !== before[i++]) return false;
  return true;
}

/** The wire's estimate: the runs' minutes, and who can serve the ticket (the one servability answer). */
function outlook(w: { noWindow: boolean; servableFrom: number | null }, e: WaitEstimate): WaitOutlook {
  return {
    minutes: Math.round(e.medianMin),
    range: { low: Math.round(e.lowMin), high: e.highMin === null ? null : Math.round(e.highMin), noWindow: w.noWindow, servableFrom: w.servableFrom },
  };
}

/** What a ticket asks of the windows (its line), for the one servability answer. */
function needOf(t: Ticket): ServeNeed {
  return { groupId: t.groupId, serviceIds: t.serviceIds, targetWindowId: t.targetWindowId };
}

export class EstimateService {
  readonly options: EstimateOptions;
  private fitted: Fitted | null = null;
  private probesCache: { catalog: Catalog; byKey: Map<string, Probe> } | null = null;
  private settingCache: { at: number; fitted: Fitted; calendar: HallCalendar | null; date: string; windows: WindowRuntime[]; setting: Setting } | null = null;
  /** The latest batch's call instants, for the tickets waiting when it began. */
  private batchSamples: Samples | null = null;
  /** Tickets estimated at their take since (not in the latest batch): their take's call instants. */
  private readonly takeCalls = new Map<string, readonly number[]>();
  private probeCalls = new Map<string, readonly number[]>();
  /** Class key → the latest take's own probe since the last batch (a batch's probes supersede them). */
  private readonly takeProbeCalls = new Map<string, { at: number; cutShort: boolean; date: string | null; calls: readonly number[] }>();
  private batchAt: number | null = null;
  private batchDate: string | null = null;
  private running: { batch: Batch; probes: Probe[]; release: () => void } | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private refresher: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** When (monotonic) the last batch began, and when the next may begin at the earliest. */
  private lastBeganAt = -Infinity;
  private notBefore = -Infinity;
  /** Monotonic ms the batch in flight has held the event loop so far. */
  private busyMs = 0;
  /** The collector's time when the batch in flight began. */
  private collectorAtBegin = 0;
  batches = 0;
  /** Probes run by takes themselves (no fresh batch or take probe for their class), for the tests. */
  takeProbes = 0;
  /** The loop's time (ms) background batches have held it, for the tests. */
  busyMsTotal = 0;

  constructor(private readonly deps: EstimateServiceDeps) {
    this.options = { ...DEFAULT_ESTIMATE_OPTIONS, ...deps.options };
  }

  /** Follows the hall: a batch after changes, and now and then without. */
  start(): void {
    this.deps.hall.onCommitted(() => this.changed());
    this.refresher = setInterval(() => this.changed(), this.options.refreshMs);
    this.refresher.unref?.();
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.refresher) clearInterval(this.refresher);
    this.timer = null;
    this.running?.release();
    this.running = null;
  }

  /** The hall changed: a batch follows, coalesced with other changes. */
  changed(): void {
    this.dirty = true;
    if (this.running || this.timer || this.stopped) return;
    const wait = Math.max(this.options.coalesceMs, this.notBefore - this.clock());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.begin();
    }, wait);
    this.timer.unref?.();
  }

  private clock(): number {
    return this.deps.monotonic ? this.deps.monotonic() : performance.now();
  }

  /** Runs whatever batch is due to its end, now (the bench and tests: the hall's clock is a fake). */
  settle(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.running && this.dirty) this.begin(false);
    while (this.running) this.step(false);
  }

  /** The estimate for a ticket being taken (`t` is not in `state` yet). */
  forNewTicket(state: HallState, t: Ticket, now: number): WaitOutlook | null {
    const setting = this.setting(state, now);
    if (!setting) return null;
    const due = servableFrom(state, setting.plan, needOf(t), now, this.rosterOpens(now));
    // No planned window can serve it today: no run would call it; say so without running any.
    if (!due.planned) return { minutes: 0, range: { low: 0, high: null, noWindow: true, servableFrom: null } };
    const key = this.classKey(state.catalog, t);
    const fresh = this.batchAt !== null && this.batchDate === state.businessDate && now - this.batchAt <= this.options.maxAgeMs;
    let calls = fresh ? this.probeCalls.get(key) : undefined;
    if (!calls) {
      // No fresh batch: this ticket's own probe, run now under the take's time budget. Only when the last
      // probe for its class was cut short by `takeCapMs` (a queue of thousands, or a machine far behind)
      // does that probe answer the takes of the next `takeReuseMs`: a flood of takes then pays for one
      // probe per class and second, not one per ticket, and does not starve the batch that follows.
      const own = this.takeProbeCalls.get(key);
      if (own && own.date === state.businessDate && own.cutShort && this.clock() - own.at <= this.options.takeReuseMs) calls = own.calls;
    }
    if (!calls) {
      const probe: Probe = { ...this.probeOf(state.catalog, t.groupId, t.serviceIds, t.bundleId, t.priority), id: 'take' };
      const r = estimateWaits(state, now, setting.plan, setting.model, [], this.seed(state), {
        minRuns: this.options.takeMinRuns,
        maxRuns: this.options.takeMaxRuns,
        timeMs: this.options.takeBudgetMs,
        capMs: this.options.takeCapMs,
        clock: () => this.clock(),
      }, [probe]);
      calls = r.samples.get('take')!;
      // The cap stopped it before its least runs (a queue of thousands, or a machine far behind).
      const cutShort = r.runs < this.options.takeMinRuns;
      this.takeProbeCalls.set(key, { at: this.clock(), cutShort, date: state.businessDate, calls });
      this.takeProbes++;
    }
    this.takeCalls.set(t.id, calls);
    return outlook(due, waitsFrom(calls, now));
  }

  /** The estimate for a waiting ticket now (the status page), from the latest batch or its take. */
  forTicket(state: HallState, t: Ticket, now: number): WaitOutlook | null {
    if (t.state !== 'waiting') return null;
    const calls = this.takeCalls.get(t.id) ?? this.batchSamples?.get(t.id);
    const setting = calls ? this.setting(state, now) : null;
    if (!calls || !setting) return null;
    return outlook(servableFrom(state, setting.plan, needOf(t), now, this.rosterOpens(now)), waitsFrom(calls, now));
  }

  /** The models as JSON, for the admin console: what the estimates assume, by kind of day. */
  modelReport(): { businessDate: string | null; kind: SimDayKind | null; fittedAt: number | null; historyDays: number; historyTickets: number; models: Record<SimDayKind, HallModel> | null; batches: number } {
    const state = this.deps.hall.state;
    const f = this.fit(state, this.deps.hall.clock.now());
    return {
      businessDate: f.date,
      kind: f.kind,
      fittedAt: f.fittedAt,
      historyDays: this.options.historyDays,
      historyTickets: f.historyTickets,
      models: f.models,
      batches: this.batches,
    };
  }

  /** The calendar's "when does a capable window open", as the take answer and the status page ask it. */
  private rosterOpens(now: number): RosterOpens | undefined {
    const calendar = this.deps.calendar();
    return calendar ? (ids) => rosterOpensAt(calendar, now, ids) : undefined;
  }

  private begin(defer = true): void {
    if (this.stopped) return;
    const { hall } = this.deps;
    const state = hall.state;
    const now = hall.clock.now();
    this.dirty = false;
    const setting = this.setting(state, now);
    if (!setting) return;
    const ticketIds: string[] = [];
    for (const line of state.queue.lines.values()) for (const list of [line.priority, line.ordinary]) for (const e of list) ticketIds.push(e.ticketId);
    // A class no planned window can serve is never called: a probe for it would only lengthen every run.
    const serving = new Set(setting.plan.windows.filter((w) => w.intervals.some((i) => i.to > now)).map((w) => w.windowId));
    const probes = [...this.probes(state.catalog).values()].filter((p) => [...p.windowIds].some((id) => serving.has(id)));
    // The batch runs over several turns of the event loop: it starts from a snapshot, not from the live hall.
    this.lastBeganAt = this.clock();
    this.collectorAtBegin = this.deps.collectorMs?.() ?? 0;
    const snapshot = snapshotForRuns(state);
    const batch = new Batch(snapshot.state, now, setting.plan, setting.model, ticketIds, this.seed(state), probes);
    // The snapshot and the list of waiting tickets count in the batch's share of the loop.
    this.busyMs = this.clock() - this.lastBeganAt;
    if (defer) this.busyMsTotal += this.busyMs;
    this.running = { batch, probes, release: snapshot.release };
    if (defer) (this.deps.defer ?? setImmediate)(() => this.step(true));
  }

  private step(defer: boolean): void {
    const r = this.running;
    if (!r || this.stopped) return;
    const t0 = this.clock();
    try {
      const ended = r.batch.work(defer ? this.options.sliceMs : Infinity, () => this.clock());
      const held = this.clock() - t0;
      this.busyMs += held;
      if (defer) this.busyMsTotal += held;
      if (!ended) {
        if (defer) (this.deps.defer ?? setImmediate)(() => this.step(true));
        return;
      }
    } catch (err) {
      this.deps.logger?.error({ err }, 'wait estimate run failed');
      r.release();
      this.running = null;
      return;
    }
    if (r.batch.runs < this.options.batchRuns) {
      if (defer) (this.deps.defer ?? setImmediate)(() => this.step(true));
      return;
    }
    r.release();
    const ending = this.clock();
    const { samples } = r.batch.result();
    // The batch answers for the tickets it tracked; a take's own estimate stands for those taken since.
    this.batchSamples = samples;
    for (const id of [...this.takeCalls.keys()]) {
      const t = this.deps.hall.state.tickets.get(id);
      if (samples.has(id) || !t || t.state !== 'waiting') this.takeCalls.delete(id);
    }
    this.probeCalls = new Map(r.probes.map((p) => [p.id, samples.get(p.id)!]));
    this.takeProbeCalls.clear();
    this.batchAt = r.batch.now;
    this.batchDate = this.deps.hall.state.businessDate;
    this.batches++;
    this.running = null;
    const held = this.clock() - ending;
    // The collector's time while the batch ran counts as the batch's (what ran inside its slices is
    // already in them, so the slices' share of it is counted twice: the spacing errs on the long side).
    const collected = (this.deps.collectorMs?.() ?? 0) - this.collectorAtBegin;
    this.busyMs += held + collected;
    if (defer) this.busyMsTotal += held + collected;
    // The next batch: not before the interval from this one's start, nor before the loop has had
    // (1/share − 1) times this batch's busy time to itself.
    const share = Math.min(1, Math.max(0.01, this.options.maxBusyShare));
    this.notBefore = Math.max(this.lastBeganAt + this.options.minIntervalMs, this.clock() + this.busyMs * (1 / share - 1));
    if (this.dirty) this.changed();
  }

  /**
   * The plan and model for the hall as it is now; null while no day is open. The plan follows the windows
   * (who is signed in, paused, since when), the roster and the clock: it is built again when a window
   * changes (every window event replaces the window's object), the calendar or the models do, or a second
   * has passed. A stream of takes, which change none of them, shares one plan.
   */
  private setting(state: HallState, now: number): Setting | null {
    if (!state.dayOpen || !state.businessDate) return null;
    const f = this.fit(state, now);
    const calendar = this.deps.calendar();
    const c = this.settingCache;
    if (c && c.fitted === f && c.calendar === calendar && c.date === state.businessDate && now >= c.at && now - c.at < SETTING_REUSE_MS && sameWindows(c.windows, state.windows)) return c.setting;
    const model = f.models[f.kind];
    const day = calendar ? dayShapeOf(calendar, state.businessDate, scheduleCheckOf(calendar)) : alwaysOpenShape(state.businessDate);
    const setting = { plan: simulationPlan(state, now, day, model.behaviour.breakMin), model };
    this.settingCache = { at: now, fitted: f, calendar, date: state.businessDate, windows: [...state.windows.values()], setting };
    return setting;
  }

  /** Models refitted once per business day (and when the catalogue is replaced). */
  private fit(state: HallState, now: number): Fitted {
    const date = state.businessDate ?? businessDateOf(now);
    if (this.fitted && this.fitted.date === date && this.fitted.catalog === state.catalog) return this.fitted;
    const calendar = this.deps.calendar();
    const kindOf = (d: string) => dayKindOf(calendar, d);
    let models: Record<SimDayKind, HallModel>;
    let historyTickets = 0;
    try {
      const history = readHistory(this.deps.db, addDays(date, -this.options.historyDays), date, kindOf);
      historyTickets = history.length;
      models = fitModels(history, state.catalog);
    } catch (err) {
      this.deps.logger?.error({ err }, 'could not learn the wait models from history; using the catalogue');
      models = { workday: catalogModel(state.catalog, 'workday'), 'weekend-service': catalogModel(state.catalog, 'weekend-service'), 'after-holiday': catalogModel(state.catalog, 'after-holiday') };
    }
    this.fitted = { date, catalog: state.catalog, kind: kindOf(date), models, fittedAt: now, historyTickets };
    return this.fitted;
  }

  private seed(state: HallState): number {
    const date = Number((state.businessDate ?? '0').replaceAll('-', ''));
    return (date * 2654435761 + this.deps.hall.seq * 40503) >>> 0;
  }

  /** The windows that can serve a ticket and its place (priority line and head start): what its wait depends on. */
  private classKey(catalog: Catalog, t: Pick<Ticket, 'groupId' | 'serviceIds' | 'priority'>): string {
    const windows = [...catalog.windows.values()].filter((w) => windowCanServe(catalog, w, t.groupId, t.serviceIds)).map((w) => w.id);
    const bonus = t.priority === 'none' ? 'none' : `p${catalog.settings.priorityBonusMinutes[t.priority]}`;
    return `${windows.join(',')}|${bonus}`;
  }

  private probeOf(catalog: Catalog, groupId: string, serviceIds: string[], bundleId: string | null, priority: Ticket['priority']): Probe {
    const windowIds = new Set([...catalog.windows.values()].filter((w) => windowCanServe(catalog, w, groupId, serviceIds)).map((w) => w.id));
    return { id: this.classKey(catalog, { groupId, serviceIds, priority }), groupId, serviceIds, bundleId, priority, windowIds };
  }

  /** One probe per class of ticket the kiosk can issue: each matter and bundle, ordinary and each head start. */
  private probes(catalog: Catalog): Map<string, Probe> {
    if (this.probesCache?.catalog === catalog) return this.probesCache.byKey;
    const byKey = new Map<string, Probe>();
    const classes: Ticket['priority'][] = ['none'];
    const seen = new Set<number>();
    for (const [cls, bonus] of Object.entries(catalog.settings.priorityBonusMinutes) as [Exclude<Ticket['priority'], 'none'>, number][]) {
      if (!seen.has(bonus)) classes.push(cls);
      seen.add(bonus);
    }
    const kinds = [
      ...[...catalog.services.values()].map((s) => ({ groupId: s.groupId, serviceIds: [s.id], bundleId: null as string | null })),
      ...[...catalog.bundles.values()].map((b) => ({ groupId: b.groupId, serviceIds: [...b.serviceIds], bundleId: b.id as string | null })),
    ];
    for (const k of kinds) {
      for (const priority of classes) {
        const p = this.probeOf(catalog, k.groupId, k.serviceIds, k.bundleId, priority);
        if (!byKey.has(p.id)) byKey.set(p.id, p);
      }
    }
    this.probesCache = { catalog, byKey };
    return byKey;
  }
}
