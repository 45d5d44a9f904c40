import { DIMENSION_LABELS, type BadRating, type Dimension, type HourRow, type Report, type ReportQuery } from '../../protocol/admin';
import type { Catalog } from '../domain/types';
import { businessDateOf } from '../calendar/time';
import type { CaseFact, ReportDataset, TicketFact } from './dataset';
import { hourOf, mean, p90, toMinutes } from './stats';
import { figures, Keys, labelOf, passes, takenApplies } from './summary';
import type { ReportTagger } from './tagger';

const HOUR_MS = 3_600_000;

/** Builds the report of a dataset (pure: the dataset, the catalogue for names, the calendar's tags, today). */
export function buildReport(ds: ReportDataset, q: ReportQuery, catalog: Catalog, tagger: ReportTagger, now: number): Report {
  const keys = new Keys(ds, tagger);
  const tickets = ds.tickets.filter((t) => passes(q, (d) => keys.ticket(t, d)));
  const cases = ds.cases.filter((c) => passes(q, (d) => keys.case(c, d)));
  const transfers = ds.transfers.filter((x) => passes(q, (d) => keys.transfer(x, d)));
  const by = q.by;
  const taken = takenApplies(q, by);

  const buckets = new Map<string, { tickets: TicketFact[]; cases: CaseFact[]; transfers: number }>();
  const bucket = (k: string) => {
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = { tickets: [], cases: [], transfers: 0 }));
    return b;
  };
  for (const t of tickets) for (const k of keys.ticket(t, by)) bucket(k).tickets.push(t);
  for (const c of cases) for (const k of keys.case(c, by)) bucket(k).cases.push(c);
  for (const x of transfers) for (const k of keys.transfer(x, by)) bucket(k).transfers++;

  const shiftNames = new Map<string, string>();
  for (const t of tickets) {
    const s = tagger.shift(t.takenAt);
    if (s) shiftNames.set(s.id, s.name);
  }
  const rows = [...buckets.entries()]
    .map(([k, b]) => figures(k, labelOf(catalog, tagger, shiftNames, by, k), b.tickets, b.cases, b.transfers, taken))
    .sort((a, b) => order(catalog, by, a.key, b.key));
  const total = figures('total', '合计', tickets, cases, transfers.length, taken);
  const days = new Set(tickets.map((t) => t.businessDate)).size;
  return {
    query: q,
    by,
    byLabel: DIMENSION_LABELS[by],
    days,
    rows,
    total,
    hours: hourly(ds, q, tickets, tagger, Math.max(1, days)),
    badRatings: badRatings(cases, catalog, businessDateOf(now)),
  };
}

function order(catalog: Catalog, by: Dimension, a: string, b: string): number {
  if (by === 'window') return (catalog.windows.get(a)?.number ?? 1e9) - (catalog.windows.get(b)?.number ?? 1e9) || a.localeCompare(b);
  return a.localeCompare(b);
}

/** Arrivals against windows open, and waits, hour by hour. */
function hourly(ds: ReportDataset, q: ReportQuery, tickets: TicketFact[], tagger: ReportTagger, days: number): HourRow[] {
  const arrivals = new Array<number>(24).fill(0);
  const waits: number[][] = Array.from({ length: 24 }, () => []);
  for (const t of tickets) {
    const h = hourOf(t.takenAt);
    arrivals[h]!++;
    if (t.waitMs !== null) waits[h]!.push(t.waitMs);
  }
  const openMs = new Array<number>(24).fill(0);
  for (const iv of ds.openIntervals) {
    if (q.windowId && iv.windowId !== q.windowId) continue;
    if (q.dayKind && tagger.dayKind(businessDateOf(iv.from)) !== q.dayKind) continue;
    // Split the interval at hour boundaries (UTC+08:00 is a whole number of hours, so UTC's boundaries are the hall's).
    let a = iv.from;
    while (a < iv.to) {
      const b = Math.min(iv.to, (Math.floor(a / HOUR_MS) + 1) * HOUR_MS);
      openMs[hourOf(a)]! += b - a;
      a = b;
    }
  }
  return arrivals.map((n, hour) => ({
    hour,
    arrivals: n,
    arrivalsPerDay: Math.round((n / days) * 10) / 10,
    windowsOpen: Math.round((openMs[hour]! / HOUR_MS / days) * 10) / 10,
    avgWaitMinutes: toMinutes(mean(waits[hour]!)),
    p90WaitMinutes: toMinutes(p90(waits[hour]!)),
  }));
}

function badRatings(cases: CaseFact[], catalog: Catalog, today: string): BadRating[] {
  return cases
    .filter((c) => c.level !== null && c.level <= 2 && !c.isDefault)
    .sort((a, b) => a.completedAt - b.completedAt)
    .map((c) => ({
      caseId: c.caseId,
      ticketId: c.ticketId,
      ticketNumber: c.ticketNumber,
      businessDate: c.businessDate,
      windowId: c.windowId,
      windowName: catalog.windows.get(c.windowId)?.name ?? c.windowId,
      staffId: c.staffId,
      staffName: catalog.staff.get(c.staffId)?.name ?? c.staffId,
      serviceNames: c.serviceNames,
      level: c.level!,
      comment: c.comment,
      evaluatedAt: c.evaluatedAt,
      followUp: c.followUp
        ? { ...c.followUp, overdue: !['closed', 'appeal_upheld'].includes(c.followUp.state) && today > c.followUp.dueDate }
        : null,
    }));
}
