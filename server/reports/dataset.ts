import type { CaseRecord } from '../../protocol/case-record';
import type { HallEvent } from '../domain/events';
import type { Ticket } from '../domain/types';
import type { Db } from '../store/database';
import { addDays } from '../calendar/time';

/** One ticket as reports see it: final state, where it ended, and its wait and handling when served. */
export interface TicketFact {
  id: string;
  businessDate: string;
  number: string;
  groupId: string;
  priority: string;
  serviceIds: string[];
  state: Ticket['state'];
  takenAt: number;
  windowId: string | null;
  staffId: string | null;
  /** Served tickets: from taking (less nothing) to the call that led to service, counting waits before a transfer. */
  waitMs: number | null;
  /** Served tickets: from start (or the call) to completion. */
  handleMs: number | null;
}

/** One case (办件) with its rating. */
export interface CaseFact {
  caseId: string;
  ticketId: string;
  ticketNumber: string;
  businessDate: string;
  windowId: string;
  staffId: string;
  groupId: string;
  priority: string;
  serviceIds: string[];
  serviceNames: string[];
  completedAt: number;
  level: number | null;
  isDefault: boolean;
  comment: string;
  evaluatedAt: number | null;
  /** 申诉成立: the rating was found mistaken or malicious and does not count. */
  appealUpheld: boolean;
  followUp: { id: number; state: string; dueDate: string } | null;
}

/** A transfer, from the window (and clerk) that handed the ticket on. */
export interface TransferFact {
  ticketId: string;
  at: number;
  businessDate: string;
  fromWindowId: string;
  staffId: string | null;
}

/** A stretch of time during which a window was open and not paused. */
export interface OpenInterval {
  windowId: string;
  from: number;
  to: number;
}

export interface ReportDataset {
  from: string;
  to: string;
  tickets: TicketFact[];
  cases: CaseFact[];
  transfers: TransferFact[];
  openIntervals: OpenInterval[];
}

function ticketFact(t: Ticket): TicketFact {
  const served = t.state === 'completed' && t.completedAt !== null;
  return {
    id: t.id,
    businessDate: t.businessDate,
    number: t.number,
    groupId: t.groupId,
    priority: t.priority,
    serviceIds: t.serviceIds,
    state: t.state,
    takenAt: t.takenAt,
    windowId: t.windowId,
    staffId: t.staffId,
    waitMs: served && t.calledAt !== null ? Math.max(0, t.calledAt - t.queuedAt) + t.waitedMs : null,
    handleMs: served ? Math.max(0, t.completedAt! - (t.startedAt ?? t.lastCalledAt ?? t.completedAt!)) : null,
  };
}

const WINDOW_EVENTS = ['WindowSignedIn', 'WindowSignedOut', 'WindowPaused', 'WindowResumed', 'DayClosed', 'TicketTransferred'];

/**
 * Reads what a report needs for business dates `from`..`to` (both included): tickets and cases from the
 * read tables, transfers and window sessions from the event log. `now` closes windows still open today.
 */
export function loadDataset(db: Db, from: string, to: string, now: number): ReportDataset {
  const tickets = (db.prepare('SELECT doc FROM tickets WHERE business_date BETWEEN ? AND ?').all(from, to) as { doc: string }[]).map((r) =>
    ticketFact(JSON.parse(r.doc) as Ticket),
  );
  const caseRows = db
    .prepare(
      `SELECT c.case_id, c.ticket_id, c.business_date, c.window_id, c.staff_id, c.completed_at, c.evaluation_level, c.evaluation_default, c.evaluated_at, c.record,
         f.id AS f_id, f.state AS f_state, f.due_date AS f_due
       FROM cases c LEFT JOIN followups f ON f.case_id = c.case_id WHERE c.business_date BETWEEN ? AND ?`,
    )
    .all(from, to) as {
    case_id: string;
    ticket_id: string;
    business_date: string;
    window_id: string;
    staff_id: string;
    completed_at: number;
    evaluation_level: number | null;
    evaluation_default: number;
    evaluated_at: number | null;
    record: string;
    f_id: number | null;
    f_state: string | null;
    f_due: string | null;
  }[];
  const cases: CaseFact[] = caseRows.map((r) => {
    const rec = JSON.parse(r.record) as CaseRecord;
    return {
      caseId: r.case_id,
      ticketId: r.ticket_id,
      ticketNumber: rec.ticketNumber,
      businessDate: r.business_date,
      windowId: r.window_id,
      staffId: r.staff_id,
      groupId: rec.groupId,
      priority: rec.priority,
      serviceIds: rec.serviceIds,
      serviceNames: rec.serviceNames,
      completedAt: r.completed_at,
      level: r.evaluation_level,
      isDefault: r.evaluation_default === 1,
      comment: rec.evaluation?.comment ?? '',
      evaluatedAt: r.evaluated_at,
      appealUpheld: r.f_state === 'appeal_upheld',
      followUp: r.f_id === null ? null : { id: r.f_id, state: r.f_state!, dueDate: r.f_due! },
    };
  });
  const { transfers, openIntervals } = foldWindowEvents(db, from, to, now);
  return { from, to, tickets, cases, transfers, openIntervals };
}

/**
 * Window sessions and transfers from the event log. Events are read from the day before `from` (a clerk
 * may sign in before the day opens, when the log still carries yesterday's date) and clipped to the range.
 */
function foldWindowEvents(db: Db, from: string, to: string, now: number): { transfers: TransferFact[]; openIntervals: OpenInterval[] } {
  const start = Date.parse(`${from}T00:00:00+08:00`);
  const end = Date.parse(`${addDays(to, 1)}T00:00:00+08:00`);
  const rows = db
    .prepare(`SELECT type, business_date, payload FROM events WHERE type IN (${WINDOW_EVENTS.map(() => '?').join(', ')}) AND business_date BETWEEN ? AND ? ORDER BY seq`)
    .all(...WINDOW_EVENTS, addDays(from, -1), to) as { type: string; business_date: string; payload: string }[];
  const staffAt = new Map<string, string>();
  const openSince = new Map<string, number>();
  const transfers: TransferFact[] = [];
  const openIntervals: OpenInterval[] = [];
  const close = (windowId: string, at: number) => {
    const since = openSince.get(windowId);
    if (since === undefined) return;
    openSince.delete(windowId);
    const a = Math.max(since, start);
    const b = Math.min(at, end);
    if (b > a) openIntervals.push({ windowId, from: a, to: b });
  };
  for (const row of rows) {
    const e = JSON.parse(row.payload) as HallEvent;
    switch (e.type) {
      case 'WindowSignedIn':
        staffAt.set(e.windowId, e.staffId);
        openSince.set(e.windowId, e.at);
        break;
      case 'WindowResumed':
        if (staffAt.has(e.windowId)) openSince.set(e.windowId, e.at);
        break;
      case 'WindowPaused':
        close(e.windowId, e.at);
        break;
      case 'WindowSignedOut':
        close(e.windowId, e.at);
        staffAt.delete(e.windowId);
        break;
      case 'DayClosed':
        for (const w of e.signedOutWindowIds) {
          close(w, e.at);
          staffAt.delete(w);
        }
        break;
      case 'TicketTransferred':
        if (row.business_date >= from && row.business_date <= to) {
          transfers.push({ ticketId: e.ticketId, at: e.at, businessDate: row.business_date, fromWindowId: e.fromWindowId, staffId: staffAt.get(e.fromWindowId) ?? null });
        }
        break;
    }
  }
  for (const w of [...openSince.keys()]) close(w, now);
  return { transfers, openIntervals };
}
