import type { Ticket } from '../domain/types';
import type { HistoryTicket } from '../simulation/fit';
import type { SimDayKind } from '../simulation/model';
import type { Db } from '../store/database';

/**
 * The tickets of past business days, read-only from the store's ticket table (the projection of the
 * event log, final once a day is closed), each tagged with its kind of day.
 */
export function readHistory(db: Db, fromDate: string, beforeDate: string, kindOf: (date: string) => SimDayKind): HistoryTicket[] {
  const rows = db.prepare('SELECT business_date AS date, doc FROM tickets WHERE business_date >= ? AND business_date < ?').all(fromDate, beforeDate) as {
    date: string;
    doc: string;
  }[];
  const kinds = new Map<string, SimDayKind>();
  return rows.map((r) => {
    const t = JSON.parse(r.doc) as Ticket;
    let kind = kinds.get(r.date);
    if (!kind) {
      kind = kindOf(r.date);
      kinds.set(r.date, kind);
    }
    return {
      businessDate: r.date,
      kind,
      groupId: t.groupId,
      serviceIds: t.serviceIds,
      bundleId: t.bundleId,
      priority: t.priority,
      state: t.state,
      takenAt: t.takenAt,
      calledAt: t.calledAt,
      startedAt: t.startedAt,
      completedAt: t.completedAt,
      returns: t.returns,
      callCount: t.callCount,
    };
  });
}
