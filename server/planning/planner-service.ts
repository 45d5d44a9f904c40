import type { Logger } from 'pino';
import type { ForecastCell, PlannerFigures, PlannerSetup, PlannerSuggestion, PlannerWindow, RosterHour } from '../../protocol/planner';
import type { HallCalendar } from '../calendar/calendar';
import { scheduleCheckOf } from '../calendar';
import { mergeIntervals } from '../calendar/day-plan';
import { addDays, businessDateOf } from '../calendar/time';
import { windowCanServe } from '../domain/eligibility';
import type { Catalog } from '../domain/types';
import { readHistory } from '../estimates/history';
import { alwaysOpenShape, dayKindOf, dayShapeOf, type DayShape } from '../estimates/plan';
import type { Interval, WindowPlan } from '../simulation/engine';
import { fitModels } from '../simulation/fit';
import { ticketTime, type GroupArrivals, type HallModel, type SimDayKind } from '../simulation/model';
import { DayPlanner, openDayState, type PlanFigures, type PlannerInput } from '../simulation/planner';
import { timeMean } from '../simulation/random';
import type { Db } from '../store/database';
import { hourMeets, suggestRoster } from './suggest';

/**
 * The staffing planner (排班测算) behind the admin console: for a date, the forecast of arrivals of its kind
 * of day (learned from the hall's history), the calendar's roster per clock hour, and runs of the hall
 * simulator on them. Runs are played in slices of a few milliseconds between turns of the event loop, so a
 * manager planning never holds up a take or a call; one planner job at a time, within a time budget.
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The suggestion's search aims at this share of the manager's target, for room against the day's variation. */
const SEARCH_HEADROOM = 0.8;
/** Windows added one at a time after a failed check, at most. */
const MAX_REPAIRS = 4;

export interface PlannerDeps {
  db: Db;
  catalog: () => Catalog;
  calendar: () => HallCalendar | null;
  now: () => number;
  logger?: Logger;
  /** Days of history the forecast learns from (as the wait estimates: 56). */
  historyDays?: number;
  /** Longest slice of runs per event-loop turn. */
  sliceMs?: number;
  /** Wall-time budget of one request (a run, or a whole suggestion). */
  budgetMs?: number;
}

/** Why a planner request cannot go on: busy with another, or over its time budget. */
export class PlannerRefusal extends Error {
  constructor(
    readonly reason: 'busy' | 'budget' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

interface DayContext {
  date: string;
  shape: DayShape;
  blocks: Interval[];
  hours: number[];
  kind: SimDayKind;
  model: HallModel;
  forecastSource: PlannerSetup['forecastSource'];
  baseForecast: ForecastCell[];
  servicesOfDay: Set<string> | null;
}

export interface RunRequest {
  date: string;
  scale: number;
  forecast: ForecastCell[];
  roster: RosterHour[];
  replications: number;
  seed?: number | undefined;
}

export class PlannerService {
  private busy = false;
  private fitted: { key: string; catalog: Catalog; models: Record<SimDayKind, HallModel> } | null = null;

  constructor(private readonly deps: PlannerDeps) {}

  /** What the page opens with: hours, groups, windows and their skills, the calendar's roster, the forecast. */
  setup(date: string): PlannerSetup {
    const catalog = this.deps.catalog();
    const ctx = this.context(date);
    const calendar = this.deps.calendar();
    const plan = calendar?.plan(date) ?? null;
    const staff = new Set<string>();
    for (const s of plan?.shifts ?? []) for (const id of s.staffIds) staff.add(id);
    return {
      date,
      dayKind: plan?.dayKind ?? 'workday',
      modelKind: ctx.kind,
      historyDays: ctx.model.days,
      forecastSource: ctx.forecastSource,
      hours: ctx.hours,
      groups: [...catalog.groups.values()].map((g) => ({ id: g.id, name: g.name })),
      windows: plannerWindows(catalog),
      roster: currentRoster(ctx, catalog),
      forecast: ctx.baseForecast,
      staffIds: [...staff],
      saveBlocked: saveBlockedReason(plan?.dayKind ?? null, calendar !== null),
    };
  }

  /** One roster, one forecast: the figures from `replications` runs. */
  async run(req: RunRequest): Promise<PlannerFigures> {
    return this.exclusive(async (deadline) => {
      const ctx = this.context(req.date);
      const seed = req.seed ?? seedOf(req.date, this.deps.now());
      const t0 = performance.now();
      const f = await this.play(this.input(ctx, req, req.roster, seed, req.replications), deadline);
      return { ...f, seed, elapsedMs: Math.round(performance.now() - t0) };
    });
  }

  /** The smallest roster per hour meeting the target, checked again with a seed the search never used. */
  async suggest(req: RunRequest & { targetP90Min: number }): Promise<PlannerSuggestion> {
    return this.exclusive(async (deadline) => {
      const ctx = this.context(req.date);
      const catalog = this.deps.catalog();
      const searchSeed = req.seed ?? seedOf(req.date, this.deps.now());
      const searchReps = req.replications;
      const rates = new Map(req.forecast.map((c) => [`${c.hour}|${c.groupId}`, c.rate]));
      const meanMin = groupMeanMinutes(ctx.model, catalog);
      const windows = plannerWindows(catalog);
      // The search aims below the target (SEARCH_HEADROOM): a day's waits vary a lot from one set of
      // citizens to another, and a roster that only just meets the target on the search's runs misses it
      // on others about half the time.
      const found = await suggestRoster({
        hours: ctx.hours,
        windows,
        current: req.roster,
        work: (hour, g) => (rates.get(`${hour}|${g}`) ?? 0) * (meanMin.get(g) ?? 10),
        targetP90Min: req.targetP90Min * SEARCH_HEADROOM,
        evaluate: (roster) => this.play(this.input(ctx, req, roster, searchSeed, searchReps), deadline),
      });
      // The check: an independent simulation (a new seed). An hour that still misses gets one window more
      // (the most useful one not yet in it) and the check is made again with another seed.
      let roster = found.roster;
      let checkSeed = searchSeed;
      let check: PlanFigures;
      let evaluations = found.evaluations;
      const t0 = performance.now();
      for (let attempt = 0; ; attempt++) {
        checkSeed = (checkSeed ^ 0x9e3779b9) + attempt >>> 0;
        check = await this.play(this.input(ctx, req, roster, checkSeed, req.replications), deadline);
        evaluations++;
        const missed = ctx.hours.find((h) => !found.unreachableHours.includes(h) && !hourMeets(check, h, req.targetP90Min));
        if (missed === undefined || attempt >= MAX_REPAIRS) break;
        const have = new Set(roster.find((r) => r.hour === missed)?.windowIds ?? []);
        const extra = windows.filter((w) => !have.has(w.id)).sort((a, b) => workOf(b) - workOf(a))[0];
        if (!extra) break;
        roster = roster.map((r) => (r.hour === missed ? { ...r, windowIds: [...r.windowIds, extra.id] } : r));
        function workOf(w: PlannerWindow): number {
          return w.groupIds.reduce((sum, g) => sum + (rates.get(`${missed}|${g}`) ?? 0) * (meanMin.get(g) ?? 10), 0);
        }
      }
      const met = ctx.hours.filter((h) => !found.unreachableHours.includes(h)).every((h) => hourMeets(check, h, req.targetP90Min));
      return {
        roster,
        targetP90Min: req.targetP90Min,
        check: { ...check, seed: checkSeed, elapsedMs: Math.round(performance.now() - t0) },
        met,
        unreachableHours: found.unreachableHours,
        evaluations,
      };
    });
  }

  private async exclusive<T>(fn: (deadline: number) => Promise<T>): Promise<T> {
    if (this.busy) throw new PlannerRefusal('busy', '另一项排班测算正在进行，请稍候再试');
    this.busy = true;
    try {
      return await fn(performance.now() + (this.deps.budgetMs ?? 120_000));
    } finally {
      this.busy = false;
    }
  }

  /** Plays the replications in slices, yielding to the event loop between them (takes and calls go first). */
  private async play(input: PlannerInput, deadline: number): Promise<PlanFigures> {
    const planner = new DayPlanner(input);
    const slice = this.deps.sliceMs ?? 4;
    while (!planner.work(slice)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (performance.now() > deadline) throw new PlannerRefusal('budget', `测算超出时间上限（${Math.round((this.deps.budgetMs ?? 120_000) / 1000)} 秒），请减少重复次数后再试`);
    }
    return planner.result();
  }

  private input(ctx: DayContext, req: RunRequest, roster: RosterHour[], seed: number, replications: number): PlannerInput {
    const catalog = this.deps.catalog();
    const from = ctx.blocks[0]!.from;
    return {
      state: openDayState(catalog, ctx.date, from),
      from,
      dayStart: ctx.shape.dayStart,
      windows: windowPlans(roster, ctx.blocks, ctx.shape.dayStart, catalog),
      closesAt: ctx.shape.closesAt,
      issueUntil: ctx.shape.closesAt,
      schedule: ctx.shape.schedule,
      model: forecastModel(ctx, catalog, req.forecast),
      scale: req.scale,
      replications,
      seed,
    };
  }

  private context(date: string): DayContext {
    const calendar = this.deps.calendar();
    const shape = calendar ? dayShapeOf(calendar, date, scheduleCheckOf(calendar)) : alwaysOpenShape(date);
    const blocks = mergeIntervals(shape.sessions);
    if (blocks.length === 0) throw new PlannerRefusal('closed', `${date} 大厅不开放，无需排班`);
    const hours: number[] = [];
    for (let h = 0; h < 24; h++) {
      const from = shape.dayStart + h * HOUR;
      if (blocks.some((b) => b.from < from + HOUR && b.to > from)) hours.push(h);
    }
    const kind = dayKindOf(calendar, date);
    const models = this.models(date);
    const model = models[kind];
    let source: PlannerSetup['forecastSource'] = model.days > 0 ? 'history' : 'none';
    let arrivals = model.arrivals;
    if (model.days === 0 && models.workday.days > 0) {
      source = 'borrowed-workday';
      arrivals = models.workday.arrivals;
    }
    const catalog = this.deps.catalog();
    const baseForecast: ForecastCell[] = [];
    for (const h of hours) {
      for (const g of catalog.groups.values()) {
        const rate = arrivals.find((a) => a.hour === h)?.groups[g.id]?.rate ?? 0;
        baseForecast.push({ hour: h, groupId: g.id, rate: Math.round(rate * 10) / 10 });
      }
    }
    const plan = calendar?.plan(date);
    const servicesOfDay = plan && plan.serviceIds !== null ? new Set(plan.serviceIds) : null;
    return { date, shape, blocks, hours, kind, model: { ...model, arrivals }, forecastSource: source, baseForecast, servicesOfDay };
  }

  /** The models of every kind of day, learned from the history before the date (refitted once a day). */
  private models(date: string): Record<SimDayKind, HallModel> {
    const catalog = this.deps.catalog();
    const before = [date, businessDateOf(this.deps.now())].sort()[0]!;
    if (this.fitted && this.fitted.key === before && this.fitted.catalog === catalog) return this.fitted.models;
    const calendar = this.deps.calendar();
    const history = readHistory(this.deps.db, addDays(before, -(this.deps.historyDays ?? 56)), before, (d) => dayKindOf(calendar, d));
    const models = fitModels(history, catalog);
    this.fitted = { key: before, catalog, models };
    return models;
  }
}

/** Windows of the catalogue with the groups they can serve (their skills). */
export function plannerWindows(catalog: Catalog): PlannerWindow[] {
  return [...catalog.windows.values()].map((w) => ({
    id: w.id,
    name: w.name,
    groupIds: [...catalog.groups.values()]
      .filter((g) => windowCanServe(catalog, w, g.id, []) || [...catalog.services.values()].some((s) => s.groupId === g.id && w.serviceIds.includes(s.id)))
      .map((g) => g.id),
  }));
}

/** The calendar's roster per clock hour: the windows its sessions open for at least half the hall's open time in the hour. */
function currentRoster(ctx: DayContext, catalog: Catalog): RosterHour[] {
  return ctx.hours.map((h) => {
    const from = ctx.shape.dayStart + h * HOUR;
    const openTime = overlap(ctx.blocks, from, from + HOUR);
    const windowIds = [...catalog.windows.keys()].filter((id) => {
      const own = ctx.shape.sessions.filter((s) => s.windowIds === null || s.windowIds.includes(id));
      return overlap(mergeIntervals(own), from, from + HOUR) * 2 >= openTime && openTime > 0;
    });
    return { hour: h, windowIds };
  });
}

/** The roster per hour as window intervals, within the hall's open blocks. */
export function windowPlans(roster: readonly RosterHour[], blocks: readonly Interval[], dayStart: number, catalog: Catalog): WindowPlan[] {
  return [...catalog.windows.keys()].map((windowId) => {
    const spans: Interval[] = [];
    for (const r of roster) {
      if (!r.windowIds.includes(windowId)) continue;
      const from = dayStart + r.hour * HOUR;
      for (const b of blocks) {
        const i = { from: Math.max(b.from, from), to: Math.min(b.to, from + HOUR) };
        if (i.to > i.from) spans.push(i);
      }
    }
    return { windowId, intervals: mergeIntervals(spans) };
  });
}

/**
 * The model with the manager's forecast as its arrivals: per hour and group the rate; the kinds of ticket
 * and priority shares from the model's own entry for that group (that hour, else any hour), else every
 * matter of the group served that day, equally.
 */
function forecastModel(ctx: DayContext, catalog: Catalog, forecast: readonly ForecastCell[]): HallModel {
  const byGroup = new Map<string, GroupArrivals>();
  for (const a of ctx.model.arrivals) for (const [g, ga] of Object.entries(a.groups)) if (!byGroup.has(g) && ga.kinds.length > 0) byGroup.set(g, ga);
  const arrivals = new Map<number, Record<string, GroupArrivals>>();
  for (const c of forecast) {
    if (c.rate <= 0 || !ctx.hours.includes(c.hour) || !catalog.groups.has(c.groupId)) continue;
    const own = ctx.model.arrivals.find((a) => a.hour === c.hour)?.groups[c.groupId];
    const like = own && own.kinds.length > 0 ? own : byGroup.get(c.groupId);
    const kinds = like?.kinds ?? [...catalog.services.values()].filter((s) => s.groupId === c.groupId && (!ctx.servicesOfDay || ctx.servicesOfDay.has(s.id))).map((s) => ({ serviceIds: [s.id], bundleId: null, weight: 1 }));
    if (kinds.length === 0) continue;
    const groups = arrivals.get(c.hour) ?? {};
    groups[c.groupId] = { rate: c.rate, kinds, priority: like?.priority ?? { none: 1 } };
    arrivals.set(c.hour, groups);
  }
  return { ...ctx.model, arrivals: [...arrivals.entries()].sort((a, b) => a[0] - b[0]).map(([hour, groups]) => ({ hour, groups })) };
}

/** Mean handling minutes of a ticket of each group (its matters, equally), to rank windows by the work they can take. */
function groupMeanMinutes(model: HallModel, catalog: Catalog): Map<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const s of catalog.services.values()) {
    const m = timeMean(ticketTime(model, catalog, [s.id], null));
    const e = sums.get(s.groupId) ?? { total: 0, n: 0 };
    sums.set(s.groupId, { total: e.total + m, n: e.n + 1 });
  }
  return new Map([...sums].map(([g, e]) => [g, e.total / e.n]));
}

function saveBlockedReason(dayKind: string | null, hasCalendar: boolean): string | null {
  if (!hasCalendar) return '大厅未启用日历（全天开放），排班无法保存';
  if (dayKind === 'weekend-service' || dayKind === 'holiday-service') return null;
  return '工作日按工作日时间表开放全部窗口，测算结果仅供参考；排班只能保存到办事无休日或节假日值班日';
}

function seedOf(date: string, now: number): number {
  return (Number(date.replaceAll('-', '')) * 2654435761 + Math.floor(now / MINUTE)) >>> 0;
}

function overlap(list: readonly Interval[], from: number, to: number): number {
  return list.reduce((s, i) => s + Math.max(0, Math.min(i.to, to) - Math.max(i.from, from)), 0);
}


