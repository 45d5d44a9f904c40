import type { HallEvent } from './events';
import { closedWindow, emptyFigures } from './state';
import type { HallState, Ticket, WindowRuntime } from './types';

const RECENT_CALLS = 20;
const RECENT_HANDLING = 20;

/** The tickets and windows an event changes: the store rewrites exactly these rows. */
export function touched(e: HallEvent): { ticketIds: string[]; windowIds: string[] } {
  switch (e.type) {
    case 'DayOpened':
      return { ticketIds: [], windowIds: [] };
    case 'DayClosed':
      return { ticketIds: e.closedTicketIds, windowIds: e.signedOutWindowIds };
    case 'TicketTaken':
      return { ticketIds: [e.ticket.id], windowIds: [] };
    case 'TicketCalled':
    case 'TicketRecalled':
    case 'TicketStarted':
    case 'TicketCompleted':
    case 'TicketNoShow':
      return { ticketIds: [e.ticketId], windowIds: [e.windowId] };
    case 'TicketTransferred':
      return { ticketIds: [e.ticketId], windowIds: [e.fromWindowId] };
    case 'TicketCancelled':
      return { ticketIds: [e.ticketId], windowIds: e.windowId ? [e.windowId] : [] };
    case 'TicketReturned':
    case 'TicketReassigned':
    case 'EvaluationSubmitted':
      return { ticketIds: [e.ticketId], windowIds: [] };
    case 'WindowSignedIn':
    case 'WindowSignedOut':
    case 'WindowPaused':
    case 'WindowResumed':
      return { ticketIds: [], windowIds: [e.windowId] };
  }
}

/**
 * A ticket's own copy: its fields and its arrays (`applyToTicket` changes both). Spelled out field by field:
 * V8 copies an object of this many fields by spread (or `Object.assign`) some thirty times slower than by
 * a literal, and the domain copies a ticket on every event it applies, in the hall and in each of the
 * simulator's runs. A new required field of `Ticket` missing here fails to compile; a new optional one
 * fails `evolve.test.ts`.
 */
export function copyTicket(t: Ticket): Ticket {
  const c: Omit<Ticket, TicketOptionalField> = {
    id: t.id, number: t.number, groupId: t.groupId, businessDate: t.businessDate, serviceIds: [...t.serviceIds],
    bundleId: t.bundleId, priority: t.priority, prioritySource: t.prioritySource, appointmentCode: t.appointmentCode,
    applicant: t.applicant, state: t.state, takenAt: t.takenAt, queuedAt: t.queuedAt, waitedMs: t.waitedMs,
    sortKey: t.sortKey, ordinal: t.ordinal, targetWindowId: t.targetWindowId, windowId: t.windowId, staffId: t.staffId,
    calledAt: t.calledAt, lastCalledAt: t.lastCalledAt, callCount: t.callCount, startedAt: t.startedAt,
    completedAt: t.completedAt, endedAt: t.endedAt, returns: t.returns, transfers: t.transfers, outcome: t.outcome,
    caseIds: [...t.caseIds], endReason: t.endReason,
  };
  // An absent optional field stays absent (not a key holding undefined).
  if (t.issuedBy !== undefined) (c as Ticket).issuedBy = t.issuedBy;
  return c;
}

/** The optional fields of `Ticket`, which `copyTicket` copies only when present (its test checks this is all of them). */
export type TicketOptionalField = 'issuedBy';

/** An event's effect on one ticket (mutates it). Shared by the live state and the store's projection. */
export function applyToTicket(t: Ticket, e: HallEvent): void {
  switch (e.type) {
    case 'DayClosed':
      // A ticket still at a window when the day closes was called but never recorded as done.
      t.endReason = t.state === 'waiting' ? e.reason : `${e.reason}（已叫号，窗口未登记办结）`;
      t.state = 'closed';
      t.endedAt = e.at;
      return;
    case 'TicketCalled':
      t.state = 'called';
      t.windowId = e.windowId;
      t.staffId = e.staffId;
      t.calledAt = t.calledAt ?? e.at;
      t.lastCalledAt = e.at;
      t.callCount++;
      t.targetWindowId = null;
      return;
    case 'TicketRecalled':
      t.lastCalledAt = e.at;
      t.callCount++;
      return;
    case 'TicketStarted':
      t.state = 'serving';
      t.startedAt = e.at;
      return;
    case 'TicketCompleted':
      t.state = 'completed';
      t.completedAt = e.at;
      t.endedAt = e.at;
      t.outcome = e.outcome;
      t.serviceIds = [...e.serviceIds];
      t.caseIds = e.cases.map((c) => c.caseId);
      return;
    case 'TicketNoShow':
      t.state = 'noShow';
      t.endedAt = e.at;
      return;
    case 'TicketReturned':
      // The wait before the no-show still counts (kept in waitedMs, as a transfer does); the placement
      // rule, not the clock, sets its key. The next call is its call time.
      t.waitedMs += t.calledAt === null ? 0 : Math.max(0, t.calledAt - t.queuedAt);
      t.state = 'waiting';
      t.returns++;
      t.endedAt = null;
      t.windowId = null;
      t.sortKey = e.sortKey;
      t.ordinal = e.ordinal;
      t.queuedAt = e.at;
      t.calledAt = null;
      t.lastCalledAt = null;
      t.callCount = 0;
      return;
    case 'TicketTransferred':
      t.state = 'waiting';
      t.transfers++;
      t.serviceIds = [...e.serviceIds];
      t.groupId = e.groupId;
      t.targetWindowId = e.targetWindowId;
      t.waitedMs = e.waitedMs;
      t.queuedAt = e.at;
      t.sortKey = e.sortKey;
      t.ordinal = e.ordinal;
      t.windowId = null;
      t.startedAt = null;
      t.callCount = 0;
      t.calledAt = null;
      t.lastCalledAt = null;
      return;
    case 'TicketReassigned':
      // Still waiting, in another line: the key, ordinal, wait and take time stay (see decide's reassign).
      t.serviceIds = [...e.serviceIds];
      t.groupId = e.groupId;
      t.targetWindowId = e.targetWindowId;
      return;
    case 'TicketCancelled':
      t.state = 'cancelled';
      t.endedAt = e.at;
      t.endReason = e.reason;
      return;
    default:
      return;
  }
}

/** The window with its citizen gone (done, no-show, cancelled, transferred away). */
function freedWindow(w: WindowRuntime): WindowRuntime {
  return { id: w.id, status: w.status, staffId: w.staffId, pauseReason: w.pauseReason, currentTicketId: null, priorityStreak: w.priorityStreak, since: w.since };
}

/** An event's effect on one window's runtime state (mutates it, or returns a replacement). */
export function applyToWindow(w: WindowRuntime, e: HallEvent): WindowRuntime {
  switch (e.type) {
    case 'DayClosed':
    case 'WindowSignedOut':
      return closedWindow(w.id, e.at);
    // Each replacement spelled out whole: a spread of the window with some keys changed costs 300 ns on
    // Node 20 where these fields change kind (a ticket id, then null), the literal 15 ns; and a field
    // added to WindowRuntime fails to compile here until each case says what it becomes.
    case 'WindowSignedIn':
      return { id: w.id, status: 'open', staffId: e.staffId, pauseReason: null, currentTicketId: null, priorityStreak: 0, since: e.at };
    case 'WindowPaused':
      return { id: w.id, status: 'paused', staffId: w.staffId, pauseReason: e.reason, currentTicketId: w.currentTicketId, priorityStreak: w.priorityStreak, since: e.at };
    case 'WindowResumed':
      return { id: w.id, status: 'open', staffId: w.staffId, pauseReason: null, currentTicketId: w.currentTicketId, priorityStreak: w.priorityStreak, since: e.at };
    case 'TicketCalled':
      return {
        id: w.id,
        status: w.status,
        staffId: w.staffId,
        pauseReason: w.pauseReason,
        currentTicketId: e.ticketId,
        priorityStreak: e.outOfTurn ? w.priorityStreak : e.priority ? w.priorityStreak + 1 : 0,
        since: w.since,
      };
    case 'TicketCompleted':
    case 'TicketNoShow':
    case 'TicketCancelled':
    case 'TicketTransferred':
      return w.currentTicketId === e.ticketId ? freedWindow(w) : w;
    default:
      return w;
  }
}

/** Puts a waiting ticket in its line (live state, and the store when it reads a day back). */
export function enqueue(state: HallState, t: Ticket): void {
  state.queue.add({
    ticketId: t.id,
    key: t.sortKey,
    ordinal: t.ordinal,
    groupId: t.groupId,
    serviceIds: t.serviceIds,
    targetWindowId: t.targetWindowId,
    priority: t.priority !== 'none',
  });
}

function windowFigures(state: HallState, windowId: string) {
  let f = state.figures.perWindow.get(windowId);
  if (!f) {
    f = { served: 0, waitMs: 0, handleMs: 0, evaluations: 0, satisfied: 0 };
    state.figures.perWindow.set(windowId, f);
  }
  return f;
}

/**
 * Applies one event to the in-memory hall. It mutates the state in place (a day holds tens of thousands of
 * tickets; copying them per event would make every command slower as the day goes on). The store calls it
 * only after the event is committed; decide never calls it on the live state.
 */
export function evolve(state: HallState, e: HallEvent): void {
  if (e.type === 'DayOpened') {
    state.dayOpen = true;
    // Reopening the day the hall holds (closed by mistake) carries on: its tickets, numbers, case counter,
    // caps and figures stay as the close left them, exactly what a restart reads back from the day's rows.
    if (state.businessDate === e.businessDate) return;
    state.businessDate = e.businessDate;
    state.counters.clear();
    state.caseCounter = 0;
    state.serviceTaken.clear();
    state.recentCalls = [];
    state.lastCompleted.clear();
    state.noShowIds.clear();
    state.figures = emptyFigures();
    // The earlier day's tickets are all final (DayClosed saw to it); keep memory to the day. Another date
    // starts empty here: a date that already has rows (a forced way back) is read back by the Hall from
    // the store, as a restart would.
    state.tickets.clear();
    state.cases.clear();
    for (const [code, a] of state.appointments) if (a.date < e.businessDate) state.appointments.delete(code);
    return;
  }
  if (e.type === 'TicketTaken') {
    state.tickets.set(e.ticket.id, copyTicket(e.ticket));
  }
  const { ticketIds, windowIds } = touched(e);
  for (const id of ticketIds) {
    const was = state.tickets.get(id);
    if (!was) continue;
    let t = was;
    if (e.type !== 'TicketTaken') {
      // Replaced, never changed in place: a copy of the hall made earlier (an estimate batch's) keeps the
      // ticket objects as they were, and need not copy them.
      t = copyTicket(was);
      applyToTicket(t, e);
      state.tickets.set(id, t);
    }
    // The waiting line, and the set of no-shows, follow the ticket's state.
    if (t.state === 'noShow') state.noShowIds.add(id);
    else state.noShowIds.delete(id);
    if (t.state === 'waiting') enqueue(state, t);
    else if (was.state === 'waiting' || e.type === 'DayClosed') state.queue.remove(id);
  }
  for (const id of windowIds) {
    state.windows.set(id, applyToWindow(state.windows.get(id) ?? closedWindow(id, e.at), e));
  }
  countFigures(state, e);
}

/** Day figures: counters, recent calls and handling times, per-window service and satisfaction. */
function countFigures(state: HallState, e: HallEvent): void {
  switch (e.type) {
    case 'DayClosed':
      state.dayOpen = false;
      return;
    case 'TicketTaken': {
      const t = e.ticket;
      countTaken(state, t);
      const a = t.appointmentCode ? state.appointments.get(t.appointmentCode) : undefined;
      if (a) a.usedByTicketId = t.id;
      return;
    }
    case 'TicketCalled':
    case 'TicketRecalled': {
      const t = state.tickets.get(e.ticketId)!;
      state.recentCalls.push({ ticketId: t.id, number: t.number, windowId: e.windowId, at: e.at, recall: e.type === 'TicketRecalled' });
      if (state.recentCalls.length > RECENT_CALLS) state.recentCalls.shift();
      return;
    }
    case 'TicketCompleted': {
      const t = state.tickets.get(e.ticketId)!;
      state.caseCounter += e.cases.length;
      for (const c of e.cases) state.cases.set(c.caseId, { ticketId: t.id, evaluated: false });
      countServed(state, t);
      return;
    }
    case 'TicketNoShow':
      state.figures.noShows++;
      return;
    case 'TicketReturned':
    case 'TicketTransferred':
      advanceOrdinal(state, e.ordinal);
      if (e.type === 'TicketReturned') state.figures.noShows--;
      return;
    case 'EvaluationSubmitted': {
      for (const id of e.caseIds) {
        const c = state.cases.get(id);
        if (c) c.evaluated = true;
      }
      const f = windowFigures(state, e.windowId);
      f.evaluations++;
      if (e.level >= 3) f.satisfied++;
      return;
    }
    default:
      return;
  }
}

/**
 * A ticket as it was taken (the TicketTaken event's ticket, never the row as it is now: a transfer or the
 * completion may change its matters and group since) in the day's counters: its group's number, the
 * figures, and each matter's daily cap, walk-in or by appointment. A ticket counts against the caps from
 * the moment it is issued, whatever becomes of it (cancelled, transferred, no-show, closed at day end).
 * The live hall and the store's read-back both count with this one function.
 */
export function countTaken(state: HallState, taken: Ticket): void {
  // The number's digits follow its group's letter (group ids are one letter, see protocol/catalog.ts).
  const seq = Number(taken.number.slice(taken.groupId.length));
  state.counters.set(taken.groupId, Math.max(state.counters.get(taken.groupId) ?? 0, seq));
  advanceOrdinal(state, taken.ordinal);
  state.figures.taken++;
  for (const s of taken.serviceIds) {
    const c = state.serviceTaken.get(s) ?? { walkIn: 0, appointment: 0 };
    if (taken.appointmentCode) c.appointment++;
    else c.walkIn++;
    state.serviceTaken.set(s, c);
  }
}

/**
 * Keeps the next ordinal past one just used. Returns and transfers use fractional ordinals between two
 * others; the next ordinal stays whole, so the live hall and a read-back agree.
 */
export function advanceOrdinal(state: HallState, ordinal: number): void {
  state.nextOrdinal = Math.max(state.nextOrdinal, Math.floor(ordinal) + 1);
}

/**
 * A completed ticket in the day's figures: recent handling times of its group (the estimate), the window's
 * served count, wait and handling, and the window's last completed ticket (the evaluation pad). Shared by
 * the live state and the store when it reads a day back.
 */
export function countServed(state: HallState, t: Ticket): void {
  const windowId = t.windowId!;
  const handled = Math.max(0, t.completedAt! - (t.startedAt ?? t.lastCalledAt ?? t.completedAt!));
  const recent = state.figures.recentHandling.get(t.groupId) ?? [];
  recent.push(handled);
  if (recent.length > RECENT_HANDLING) recent.shift();
  state.figures.recentHandling.set(t.groupId, recent);
  state.figures.served++;
  state.lastCompleted.set(windowId, t.id);
  const f = windowFigures(state, windowId);
  f.served++;
  f.handleMs += handled;
  f.waitMs += waitedUntilCall(t);
}

/** Time a ticket waited before it was called, counting waits before a transfer. */
export function waitedUntilCall(t: Ticket): number {
  if (t.calledAt === null) return 0;
  return Math.max(0, t.calledAt - t.queuedAt) + t.waitedMs;
}
