import { DAY_KIND_LABELS, type Dimension, type ReportQuery, type ReportRow } from '../../protocol/admin';
import { PRIORITY_LABELS, type PriorityClass } from '../../protocol/catalog';
import type { Catalog } from '../domain/types';
import type { CaseFact, ReportDataset, TicketFact, TransferFact } from './dataset';
import { mean, p90, percent, toMinutes } from './stats';
import type { ReportTagger } from './tagger';

const DIM_FILTERS: [keyof ReportQuery, Dimension][] = [
  ['windowId', 'window'],
  ['staffId', 'clerk'],
  ['serviceId', 'matter'],
  ['groupId', 'group'],
  ['shiftId', 'shift'],
  ['priority', 'priority'],
  ['dayKind', 'dayKind'],
];

/** Keys of each unit (ticket, case, transfer) under every dimension. */
export class Keys {
  private readonly tickets: Map<string, TicketFact>;

  constructor(
    ds: ReportDataset,
    private readonly tagger: ReportTagger,
  ) {
    this.tickets = new Map(ds.tickets.map((t) => [t.id, t]));
  }

  private shiftKey(at: number): string {
    return this.tagger.shift(at)?.id ?? 'regular';
  }

  ticket(t: TicketFact, dim: Dimension): string[] {
    switch (dim) {
      case 'hall':
        return ['all'];
      case 'date':
        return [t.businessDate];
      case 'group':
        return [t.groupId];
      case 'window':
        return t.windowId ? [t.windowId] : [];
      case 'clerk':
        return t.staffId ? [t.staffId] : [];
      case 'matter':
        return t.serviceIds;
      case 'shift':
        return [this.shiftKey(t.takenAt)];
      case 'priority':
        return [t.priority];
      case 'dayKind':
        return [this.tagger.dayKind(t.businessDate)];
    }
  }

  case(c: CaseFact, dim: Dimension): string[] {
    const t = this.tickets.get(c.ticketId);
    switch (dim) {
      case 'window':
        return [c.windowId];
      case 'clerk':
        return [c.staffId];
      case 'matter':
        return c.serviceIds;
      case 'group':
        return [c.groupId];
      case 'priority':
        return [c.priority];
      case 'shift':
        return [this.shiftKey(t?.takenAt ?? c.completedAt)];
      default:
        return t ? this.ticket(t, dim) : dim === 'hall' ? ['all'] : dim === 'date' ? [c.businessDate] : [this.tagger.dayKind(c.businessDate)];
    }
  }

  transfer(x: TransferFact, dim: Dimension): string[] {
    if (dim === 'window') return [x.fromWindowId];
    if (dim === 'clerk') return x.staffId ? [x.staffId] : [];
    const t = this.tickets.get(x.ticketId);
    return t ? this.ticket(t, dim) : [];
  }
}

/** Whether a unit passes every filter of the query. */
export function passes(q: ReportQuery, keysOf: (dim: Dimension) => string[]): boolean {
  for (const [field, dim] of DIM_FILTERS) {
    const want = q[field];
    if (want !== undefined && !keysOf(dim).includes(String(want))) return false;
  }
  return true;
}

/** Whether "taken" means anything for this query (not when a window or clerk is involved). */
export function takenApplies(q: ReportQuery, by: Dimension): boolean {
  return by !== 'window' && by !== 'clerk' && !q.windowId && !q.staffId;
}

/** Figures of a set of units. */
export function figures(key: string, label: string, tickets: TicketFact[], cases: CaseFact[], transfers: number, taken: boolean): ReportRow {
  const served = tickets.filter((t) => t.state === 'completed');
  const waits = served.map((t) => t.waitMs).filter((x): x is number => x !== null);
  const handles = served.map((t) => t.handleMs).filter((x): x is number => x !== null);
  const levels: ReportRow['levels'] = [0, 0, 0, 0, 0, 0];
  let defaults = 0;
  let rated = 0;
  let satisfied = 0;
  let ratedOwn = 0;
  let satisfiedOwn = 0;
  let bad = 0;
  let upheld = 0;
  for (const c of cases) {
    if (c.level === null) continue;
    if (c.appealUpheld) {
      upheld++;
      continue;
    }
    levels[c.level as 1 | 2 | 3 | 4 | 5]++;
    rated++;
    if (c.level >= 3) satisfied++;
    if (c.isDefault) defaults++;
    else {
      ratedOwn++;
      if (c.level >= 3) satisfiedOwn++;
      if (c.level <= 2) bad++;
    }
  }
  return {
    key,
    label,
    taken: taken ? tickets.length : null,
    served: served.length,
    noShows: tickets.filter((t) => t.state === 'noShow').length,
    transfers,
    avgWaitMinutes: toMinutes(mean(waits)),
    p90WaitMinutes: toMinutes(p90(waits)),
    avgHandlingMinutes: toMinutes(mean(handles)),
    levels,
    defaults,
    rated,
    satisfactionRate: percent(satisfied, rated),
    satisfactionRateRated: percent(satisfiedOwn, ratedOwn),
    badRatings: bad,
    appealsUpheld: upheld,
  };
}

/** The label of a key under a dimension, from the catalogue (ids that left it are shown as they are). */
export function labelOf(catalog: Catalog, tagger: ReportTagger, shiftNames: Map<string, string>, dim: Dimension, key: string): string {
  switch (dim) {
    case 'hall':
      return catalog.hall.name;
    case 'group': {
      const g = catalog.groups.get(key);
      return g ? `${g.id} ${g.name}` : key;
    }
    case 'window':
      return catalog.windows.get(key)?.name ?? key;
    case 'clerk':
      return catalog.staff.get(key)?.name ?? key;
    case 'matter':
      return catalog.services.get(key)?.name ?? key;
    case 'shift':
      return key === 'regular' ? '常规工作时间' : (shiftNames.get(key) ?? key);
    case 'priority':
      return PRIORITY_LABELS[key as PriorityClass] ?? key;
    case 'dayKind':
      return DAY_KIND_LABELS[key as keyof typeof DAY_KIND_LABELS] ?? key;
    case 'date':
      return key;
  }
  void tagger;
}
