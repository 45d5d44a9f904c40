import type { HallEvent } from './events';
import { closedWindow, emptyFigures } from './state';
import type { HallState, Ticket } from './types';

const RECENT_CALLS = 20;
const RECENT_HANDLING = 20;

function ticketOf(state: HallState, id: string): Ticket {
  const t = state.tickets.get(id);
  if (!t) throw new Error(`evolve: unknown ticket ${id}`);
  return t;
}

function enqueue(state: HallState, t: Ticket): void {
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

function freeWindow(state: HallState, windowId: string, ticketId: string): void {
  const w = state.windows.get(windowId);
  if (w && w.currentTicketId === ticketId) w.currentTicketId = null;
}

/**
 * Applies one event to the in-memory hall. It mutates the state in place (a day holds tens of thousands of
 * tickets; copying them per event would make every command slower as the day goes on). The store calls it
 * only after the event is committed; decide never calls it on the live state.
 */
export function evolve(state: HallState, e: HallEvent): void {
  switch (e.type) {
    case 'DayOpened': {
      state.businessDate = e.businessDate;
      state.dayOpen = true;
      state.counters.clear();
      state.caseCounter = 0;
      state.serviceTaken.clear();
      state.recentCalls = [];
      state.figures = emptyFigures();
      // Yesterday's tickets are all final (DayClosed saw to it); keep memory to the day.
      state.tickets.clear();
      state.cases.clear();
      for (const [code, a] of state.appointments) if (a.date < e.businessDate) state.appointments.delete(code);
      return;
    }
    case 'DayClosed': {
      for (const id of e.closedTicketIds) {
        const t = ticketOf(state, id);
        if (t.windowId) freeWindow(state, t.windowId, id);
        state.queue.remove(id);
        t.state = 'closed';
        t.endedAt = e.at;
        t.endReason = e.reason;
      }
      for (const id of e.signedOutWindowIds) state.windows.set(id, closedWindow(id, e.at));
      state.dayOpen = false;
      return;
    }
    case 'TicketTaken': {
      const t = { ...e.ticket, serviceIds: [...e.ticket.serviceIds], caseIds: [...e.ticket.caseIds] };
      state.tickets.set(t.id, t);
      state.counters.set(t.groupId, (state.counters.get(t.groupId) ?? 0) + 1);
      state.nextOrdinal = Math.max(state.nextOrdinal, t.ordinal + 1);
      state.figures.taken++;
      for (const s of t.serviceIds) {
        const c = state.serviceTaken.get(s) ?? { walkIn: 0, appointment: 0 };
        if (t.appointmentCode) c.appointment++;
        else c.walkIn++;
        state.serviceTaken.set(s, c);
      }
      if (t.appointmentCode) {
        const a = state.appointments.get(t.appointmentCode);
        if (a) a.usedByTicketId = t.id;
      }
      enqueue(state, t);
      return;
    }
    case 'TicketCalled': {
      const t = ticketOf(state, e.ticketId);
      state.queue.remove(t.id);
      t.state = 'called';
      t.windowId = e.windowId;
      t.staffId = e.staffId;
      t.calledAt = t.calledAt ?? e.at;
      t.lastCalledAt = e.at;
      t.callCount++;
      t.targetWindowId = null;
      const w = state.windows.get(e.windowId)!;
      w.currentTicketId = t.id;
      w.priorityStreak = e.outOfTurn ? w.priorityStreak : e.priority ? w.priorityStreak + 1 : 0;
      pushCall(state, { ticketId: t.id, number: t.number, windowId: e.windowId, at: e.at, recall: false });
      return;
    }
    case 'TicketRecalled': {
      const t = ticketOf(state, e.ticketId);
      t.lastCalledAt = e.at;
      t.callCount++;
      pushCall(state, { ticketId: t.id, number: t.number, windowId: e.windowId, at: e.at, recall: true });
      return;
    }
    case 'TicketStarted': {
      const t = ticketOf(state, e.ticketId);
      t.state = 'serving';
      t.startedAt = e.at;
      return;
    }
    case 'TicketCompleted': {
      const t = ticketOf(state, e.ticketId);
      t.state = 'completed';
      t.completedAt = e.at;
      t.endedAt = e.at;
      t.outcome = e.outcome;
      t.serviceIds = [...e.serviceIds];
      t.caseIds = e.cases.map((c) => c.caseId);
      state.caseCounter += e.cases.length;
      for (const c of e.cases) state.cases.set(c.caseId, { ticketId: t.id, evaluated: false });
      freeWindow(state, e.windowId, t.id);
      const started = t.startedAt ?? t.lastCalledAt ?? e.at;
      const handled = Math.max(0, e.at - started);
      const recent = state.figures.recentHandling.get(t.groupId) ?? [];
      recent.push(handled);
      if (recent.length > RECENT_HANDLING) recent.shift();
      state.figures.recentHandling.set(t.groupId, recent);
      state.figures.served++;
      const f = windowFigures(state, e.windowId);
      f.served++;
      f.handleMs += handled;
      f.waitMs += waitedUntilCall(t);
      return;
    }
    case 'TicketNoShow': {
      const t = ticketOf(state, e.ticketId);
      t.state = 'noShow';
      t.endedAt = e.at;
      freeWindow(state, e.windowId, t.id);
      state.figures.noShows++;
      return;
    }
    case 'TicketReturned': {
      const t = ticketOf(state, e.ticketId);
      t.state = 'waiting';
      t.returns++;
      t.endedAt = null;
      t.windowId = null;
      t.sortKey = e.sortKey;
      t.ordinal = e.ordinal;
      t.queuedAt = e.at;
      state.nextOrdinal = Math.max(state.nextOrdinal, e.ordinal + 1);
      state.figures.noShows--;
      enqueue(state, t);
      return;
    }
    case 'TicketTransferred': {
      const t = ticketOf(state, e.ticketId);
      freeWindow(state, e.fromWindowId, t.id);
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
      state.nextOrdinal = Math.max(state.nextOrdinal, e.ordinal + 1);
      enqueue(state, t);
      return;
    }
    case 'TicketCancelled': {
      const t = ticketOf(state, e.ticketId);
      state.queue.remove(t.id);
      if (t.windowId) freeWindow(state, t.windowId, t.id);
      t.state = 'cancelled';
      t.endedAt = e.at;
      t.endReason = e.reason;
      return;
    }
    case 'WindowSignedIn': {
      const w = state.windows.get(e.windowId) ?? closedWindow(e.windowId, e.at);
      state.windows.set(e.windowId, { ...w, status: 'open', staffId: e.staffId, pauseReason: null, since: e.at, priorityStreak: 0 });
      return;
    }
    case 'WindowSignedOut': {
      state.windows.set(e.windowId, closedWindow(e.windowId, e.at));
      return;
    }
    case 'WindowPaused': {
      const w = state.windows.get(e.windowId)!;
      w.status = 'paused';
      w.pauseReason = e.reason;
      w.since = e.at;
      return;
    }
    case 'WindowResumed': {
      const w = state.windows.get(e.windowId)!;
      w.status = 'open';
      w.pauseReason = null;
      w.since = e.at;
      return;
    }
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
  }
}

/** Time a ticket waited before it was first called, counting waits before a transfer. */
export function waitedUntilCall(t: Ticket): number {
  if (t.calledAt === null) return 0;
  return Math.max(0, t.calledAt - t.queuedAt) + t.waitedMs;
}

function pushCall(state: HallState, call: HallState['recentCalls'][number]): void {
  state.recentCalls.push(call);
  if (state.recentCalls.length > RECENT_CALLS) state.recentCalls.shift();
}
