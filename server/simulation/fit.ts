import type { PriorityClass } from '../../protocol/catalog';
import type { Catalog, Ticket } from '../domain/types';
import {
  bundleTypical,
  catalogModel,
  DAY_KINDS,
  DEFAULT_BEHAVIOUR,
  DEFAULT_CV,
  type ArrivalKind,
  type GroupArrivals,
  type HallModel,
  type HourArrivals,
  type MatterTime,
  type SimDayKind,
} from './model';

/**
 * Models learned from the hall's own history: the tickets of past business days (final by then), each
 * with the kind of its day. Pure: the estimate service reads the rows and the calendar says the kind.
 */

/** A past ticket as the fit reads it (the store's ticket document, final). */
export type HistoryTicket = Pick<
  Ticket,
  'businessDate' | 'groupId' | 'serviceIds' | 'bundleId' | 'priority' | 'state' | 'takenAt' | 'calledAt' | 'startedAt' | 'completedAt' | 'returns' | 'callCount'
> & { kind: SimDayKind };

/**
 * How many tickets of its own a matter needs before its own figures weigh as much as the catalogue's
 * typical minutes: the prior counts as this many samples (see docs/simulation.md, "Shrinkage").
 */
export const PRIOR_WEIGHT = 10;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SHANGHAI = 8 * HOUR;

/** One model per kind of day. A kind with no days of its own borrows arrivals as the doc says. */
export function fitModels(history: readonly HistoryTicket[], catalog: Catalog): Record<SimDayKind, HallModel> {
  const out = {} as Record<SimDayKind, HallModel>;
  for (const kind of DAY_KINDS) out[kind] = fitModel(history.filter((t) => t.kind === kind), history, catalog, kind);
  // The day after a holiday with no history of its own: a workday's arrivals, the best guess there is.
  if (out['after-holiday'].days === 0 && out.workday.days > 0) out['after-holiday'].arrivals = out.workday.arrivals;
  return out;
}

/**
 * A model of one kind of day: arrivals from that kind's days; handling times and behaviour from every
 * day (a matter takes about as long on a Saturday), falling back on the catalogue where samples are few.
 */
export function fitModel(ofKind: readonly HistoryTicket[], all: readonly HistoryTicket[], catalog: Catalog, kind: SimDayKind): HallModel {
  const model = catalogModel(catalog, kind);
  const days = new Set(ofKind.map((t) => t.businessDate)).size;
  model.days = days;
  fitHandling(model, all, catalog);
  model.behaviour = fitBehaviour(all, catalog.settings.minCallsBeforeNoShow);
  model.arrivals = days > 0 ? fitArrivals(ofKind, days) : [];
  return model;
}

/** Handling minutes of a completed ticket (start to completion; the call when it was never started). */
function handledMinutes(t: HistoryTicket): number | null {
  if (t.state !== 'completed' || t.completedAt === null) return null;
  const from = t.startedAt ?? t.calledAt;
  if (from === null) return null;
  const m = (t.completedAt - from) / MINUTE;
  return m > 0 ? m : null;
}

function fitHandling(model: HallModel, all: readonly HistoryTicket[], catalog: Catalog): void {
  const byKey = new Map<string, number[]>();
  for (const t of all) {
    const m = handledMinutes(t);
    if (m === null) continue;
    const key = t.bundleId ? `b:${t.bundleId}` : t.serviceIds.length === 1 ? `s:${t.serviceIds[0]}` : null;
    if (!key) continue;
    const xs = byKey.get(key) ?? [];
    xs.push(Math.log(m));
    byKey.set(key, xs);
  }
  // The spread every matter shares before it has its own: the pooled within-matter deviation of log times.
  let ss = 0;
  let dof = 0;
  for (const xs of byKey.values()) {
    if (xs.length < 2) continue;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    ss += xs.reduce((a, x) => a + (x - mean) ** 2, 0);
    dof += xs.length - 1;
  }
  const sigmaPrior = dof >= 30 ? Math.sqrt(ss / dof) : Math.sqrt(Math.log(1 + DEFAULT_CV * DEFAULT_CV));
  model.defaultCv = Math.sqrt(Math.exp(sigmaPrior * sigmaPrior) - 1);
  for (const s of catalog.services.values()) model.services[s.id] = shrink(byKey.get(`s:${s.id}`) ?? [], s.avgMinutes, sigmaPrior);
  for (const b of catalog.bundles.values()) model.bundles[b.id] = shrink(byKey.get(`b:${b.id}`) ?? [], bundleTypical(catalog, b.id), sigmaPrior);
}

/**
 * Shrinks a matter's log-times toward the catalogue: the prior is a lognormal with the typical minutes as
 * its mean and the pooled spread, weighing PRIOR_WEIGHT samples. n samples move the mean of logs
 * n/(n + PRIOR_WEIGHT) of the way to their own; the spread likewise, by degrees of freedom.
 */
export function shrink(logs: readonly number[], typicalMin: number, sigmaPrior: number): MatterTime {
  const n = logs.length;
  const muPrior = Math.log(typicalMin) - (sigmaPrior * sigmaPrior) / 2;
  const mean = n > 0 ? logs.reduce((a, b) => a + b, 0) / n : muPrior;
  const ss = logs.reduce((a, x) => a + (x - mean) ** 2, 0);
  const mu = (n * mean + PRIOR_WEIGHT * muPrior) / (n + PRIOR_WEIGHT);
  const sigma = Math.sqrt((ss + PRIOR_WEIGHT * sigmaPrior * sigmaPrior) / (Math.max(0, n - 1) + PRIOR_WEIGHT));
  return { dist: { family: 'lognormal', mu, sigma }, meanMin: Math.exp(mu + (sigma * sigma) / 2), samples: n, typicalMin };
}

function fitBehaviour(all: readonly HistoryTicket[], minCallsBeforeNoShow: number): HallModel['behaviour'] {
  const b = { ...DEFAULT_BEHAVIOUR };
  const called = all.filter((t) => t.calledAt !== null || t.returns > 0);
  const noShows = called.filter((t) => t.state === 'noShow' || t.returns > 0);
  const returned = noShows.filter((t) => t.returns > 0);
  // Too few calls say little: keep the defaults until a day's worth is in.
  if (called.length >= 100) b.noShowRate = noShows.length / called.length;
  if (noShows.length >= 20) b.returnRate = returned.length / noShows.length;
  const walks = all
    .filter((t) => t.startedAt !== null && t.calledAt !== null && t.returns === 0)
    .map((t) => (t.startedAt! - t.calledAt!) / MINUTE)
    .filter((m) => m >= 0 && m < 15);
  // The mean, not the median: a window is held for the walk of every citizen it calls, so what it costs
  // the line is the sum of the walks, and walks are skewed (the median of an exponential walk is 0.69 of
  // its mean: the median made every window about 4 % quicker on 3-minute matters than it is).
  if (walks.length >= 50) b.walkUpMin = walks.reduce((a, m) => a + m, 0) / walks.length;
  // Recalled rounds: a ticket's last round with two calls or more (the count starts again on a return),
  // and every earlier round that ended in a no-show when the hall recalls before marking one.
  let recalled = 0;
  let came = 0;
  for (const t of all) {
    if (t.callCount >= 2) {
      recalled++;
      if (t.startedAt !== null || t.state === 'completed') came++;
    }
    if (minCallsBeforeNoShow >= 2) recalled += t.returns;
  }
  if (recalled >= 20) b.recalledComeRate = came / recalled;
  return b;
}

/** Tickets per clock hour and group, averaged over the kind's days; the mix of kinds and classes per group. */
function fitArrivals(tickets: readonly HistoryTicket[], days: number): HourArrivals[] {
  const counts = new Map<number, Map<string, number>>();
  const kinds = new Map<string, Map<string, ArrivalKind>>();
  const classes = new Map<string, Map<PriorityClass, number>>();
  for (const t of tickets) {
    const hour = Math.floor((((t.takenAt + SHANGHAI) % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR) / HOUR);
    const perGroup = counts.get(hour) ?? new Map<string, number>();
    perGroup.set(t.groupId, (perGroup.get(t.groupId) ?? 0) + 1);
    counts.set(hour, perGroup);
    const key = t.bundleId ? `b:${t.bundleId}` : `s:${[...t.serviceIds].sort().join(',')}`;
    const gk = kinds.get(t.groupId) ?? new Map<string, ArrivalKind>();
    const k = gk.get(key) ?? { serviceIds: [...t.serviceIds], bundleId: t.bundleId, weight: 0 };
    k.weight++;
    gk.set(key, k);
    kinds.set(t.groupId, gk);
    const gc = classes.get(t.groupId) ?? new Map<PriorityClass, number>();
    gc.set(t.priority, (gc.get(t.priority) ?? 0) + 1);
    classes.set(t.groupId, gc);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([hour, perGroup]) => {
      const groups: Record<string, GroupArrivals> = {};
      for (const [groupId, n] of perGroup) {
        const gc = classes.get(groupId)!;
        const total = [...gc.values()].reduce((a, b) => a + b, 0);
        groups[groupId] = {
          rate: n / days,
          kinds: [...kinds.get(groupId)!.values()].sort((a, b) => b.weight - a.weight),
          priority: Object.fromEntries([...gc].map(([c, x]) => [c, x / total])),
        };
      }
      return { hour, groups };
    });
}
