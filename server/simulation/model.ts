import type { PriorityClass } from '../../protocol/catalog';
import type { Catalog } from '../domain/types';
import { lognormalTime, timeMean, timeVariance, type TimeDist } from './random';

/**
 * What the simulator knows about a hall's future: how long each matter takes at a window, who arrives
 * when, and how people behave when called. Learned from the hall's own history by kind of day
 * (`fit.ts`), or built from the catalogue alone (`catalogModel`). Plain data: an admin route serves it
 * as JSON as it is.
 */

/** The kinds of day whose history is kept apart: arrivals and handling differ between them. */
export const DAY_KINDS = ['workday', 'weekend-service', 'after-holiday'] as const;
export type SimDayKind = (typeof DAY_KINDS)[number];

/** Handling time of one matter or bundle, in minutes. */
export interface MatterTime {
  dist: TimeDist;
  /** Its mean, for reading (exp(mu + sigma²/2)). */
  meanMin: number;
  /** Completed tickets it was learned from (0 = the catalogue's typical minutes alone). */
  samples: number;
  /** The catalogue's typical minutes, the prior it was shrunk toward. */
  typicalMin: number;
}

/** One kind of ticket as taken at the kiosk: a matter, several, or a bundle. */
export interface ArrivalKind {
  serviceIds: string[];
  bundleId: string | null;
  weight: number;
}

/** Arrivals of one queue group in one hour of the day. */
export interface GroupArrivals {
  /** Tickets per hour. */
  rate: number;
  kinds: ArrivalKind[];
  /** Share of each priority class among the group's tickets ('none' included). */
  priority: Partial<Record<PriorityClass, number>>;
}

/** Arrivals in one clock hour (Asia/Shanghai) of the kind of day. */
export interface HourArrivals {
  hour: number;
  groups: Record<string, GroupArrivals>;
}

export interface Behaviour {
  /** Share of called tickets that do not come to the window (过号). */
  noShowRate: number;
  /** Share of no-shows that come back (within the hall's return limit). */
  returnRate: number;
  /** Mean minutes from a no-show to the return. */
  returnDelayMin: number;
  /** Mean minutes from the call to the citizen at the window (the window is held for it). */
  walkUpMin: number;
  /** Minutes between calls before a clerk marks a no-show (at least the recall cool-down). */
  recallGapMin: number;
  /**
   * Share of citizens the clerk had to recall (not at the window after the first call) who then came; the
   * rest were no-shows. A ticket found recalled at the start of a run is mostly a no-show in the making,
   * not a fresh call (`engine.ts`). Null: too few recalls in the history; the run then derives it from
   * the no-show rate and the walk (`recalledComeShare`).
   */
  recalledComeRate: number | null;
  /** Minutes a short pause (not lunch) is expected to last. */
  breakMin: number;
}

export interface HallModel {
  kind: SimDayKind;
  /** Business days the model was learned from (0 = catalogue only). */
  days: number;
  services: Record<string, MatterTime>;
  bundles: Record<string, MatterTime>;
  /** Coefficient of variation assumed where a matter has no history of its own. */
  defaultCv: number;
  arrivals: HourArrivals[];
  behaviour: Behaviour;
}

export const DEFAULT_BEHAVIOUR: Behaviour = {
  noShowRate: 0.05,
  returnRate: 0.3,
  returnDelayMin: 15,
  walkUpMin: 0.5,
  recallGapMin: 1,
  recalledComeRate: null,
  breakMin: 10,
};

/**
 * The share of recalled citizens who still come: the history's figure, or without one what the model's
 * own assumptions give — walks exponential about their mean (they are skewed, `fit.ts`), so a citizen who
 * comes is still on the way after the recall gap with probability e^(−gap/walk), against the no-shows,
 * who never come: (1 − p)·e^(−g/w) / (p + (1 − p)·e^(−g/w)).
 */
export function recalledComeShare(b: Behaviour): number {
  if (b.recalledComeRate !== null) return b.recalledComeRate;
  const p = b.noShowRate;
  const late = b.walkUpMin > 0 ? (1 - p) * Math.exp(-b.recallGapMin / b.walkUpMin) : 0;
  return late + p > 0 ? late / (late + p) : 1;
}

/** Spread of handling times where the hall has no history: a CV of 0.5 is typical of window work. */
export const DEFAULT_CV = 0.5;

/** A model from the catalogue alone: typical minutes, a default spread, no arrivals known. */
export function catalogModel(catalog: Catalog, kind: SimDayKind = 'workday'): HallModel {
  const services: Record<string, MatterTime> = {};
  for (const s of catalog.services.values()) services[s.id] = priorTime(s.avgMinutes, DEFAULT_CV);
  const bundles: Record<string, MatterTime> = {};
  for (const b of catalog.bundles.values()) bundles[b.id] = priorTime(bundleTypical(catalog, b.id), DEFAULT_CV);
  return { kind, days: 0, services, bundles, defaultCv: DEFAULT_CV, arrivals: [], behaviour: { ...DEFAULT_BEHAVIOUR } };
}

export function priorTime(typicalMin: number, cv: number): MatterTime {
  const dist = lognormalTime(typicalMin, cv);
  return { dist, meanMin: typicalMin, samples: 0, typicalMin };
}

/** A bundle's typical minutes: its own figure, else the sum of its matters'. */
export function bundleTypical(catalog: Catalog, bundleId: string): number {
  const b = catalog.bundles.get(bundleId);
  if (!b) return 10;
  return b.avgMinutes ?? b.serviceIds.reduce((sum, id) => sum + (catalog.services.get(id)?.avgMinutes ?? 10), 0);
}

/**
 * The handling-time distribution of a ticket: its bundle's, its one matter's, or for several matters a
 * lognormal with the sum of their means and variances (moment matching).
 */
export function ticketTime(model: HallModel, catalog: Catalog, serviceIds: readonly string[], bundleId: string | null): TimeDist {
  if (bundleId) {
    const b = model.bundles[bundleId];
    if (b) return b.dist;
    return lognormalTime(bundleTypical(catalog, bundleId), model.defaultCv);
  }
  const parts = serviceIds.map((id) => model.services[id]?.dist ?? lognormalTime(catalog.services.get(id)?.avgMinutes ?? 10, model.defaultCv));
  if (parts.length === 1) return parts[0]!;
  let mean = 0;
  let variance = 0;
  for (const p of parts) {
    mean += timeMean(p);
    variance += timeVariance(p);
  }
  mean = Math.max(mean, 0.1);
  return lognormalTime(mean, Math.sqrt(variance) / mean);
}
