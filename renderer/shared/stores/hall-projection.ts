import type { FeedEvent } from '../../../protocol/pushes';
import type { CallView, GroupCount, HallInfo, HallStatusView, Snapshot, TicketPublic, WindowView } from '../../../protocol/views';

/**
 * The hall as every terminal sees it (windows, calls, counts, status), and how a public event changes
 * it. Pure: the hall store holds one of these and replaces it. Events the terminal cannot fold by itself
 * (a new day, a clerk signing in, whose name it does not know) ask for a fresh snapshot instead.
 */
export interface HallView {
  hall: HallInfo | null;
  status: HallStatusView | null;
  groups: GroupCount[];
  windows: WindowView[];
  /** Newest first. */
  recentCalls: CallView[];
}

export const RECENT_CALLS_KEPT = 10;

export function emptyHallView(): HallView {
  return { hall: null, status: null, groups: [], windows: [], recentCalls: [] };
}

export function viewFromSnapshot(s: Snapshot): HallView {
  return { hall: s.hall, status: s.status, groups: s.groups, windows: s.windows, recentCalls: s.recentCalls };
}

function mapWindows(view: HallView, pick: (w: WindowView) => boolean, change: (w: WindowView) => WindowView): HallView {
  return { ...view, windows: view.windows.map((w) => (pick(w) ? change(w) : w)) };
}

function clearTicket(view: HallView, ticketId: string): HallView {
  return mapWindows(view, (w) => w.currentTicket?.id === ticketId, (w) => ({ ...w, currentTicket: null }));
}

/**
 * Folds one event; `resync` says the view cannot follow it alone. Every feed event type is named here, so a
 * type added to the protocol does not compile until the terminals decide what it means for them.
 */
export function applyHallEvent(view: HallView, e: FeedEvent): { view: HallView; resync: boolean } {
  switch (e.type) {
    case 'TicketStarted':
      return {
        view: mapWindows(view, (w) => w.currentTicket?.id === e.ticketId, (w) => ({ ...w, currentTicket: { ...w.currentTicket!, state: 'serving' } })),
        resync: false,
      };
    case 'TicketCompleted':
    case 'TicketNoShow':
    case 'TicketTransferred':
    case 'TicketCancelled':
      return { view: clearTicket(view, e.ticketId), resync: false };
    case 'WindowPaused':
      return {
        view: mapWindows(view, (w) => w.id === e.windowId, (w) => ({ ...w, status: 'paused', pauseReason: e.reason, since: e.at })),
        resync: false,
      };
    case 'WindowResumed':
      return { view: mapWindows(view, (w) => w.id === e.windowId, (w) => ({ ...w, status: 'open', pauseReason: null, since: e.at })), resync: false };
    case 'WindowSignedOut':
      return {
        view: mapWindows(view, (w) => w.id === e.windowId, (w) => ({
          ...w,
          status: 'closed',
          staffId: null,
          staffName: null,
          pauseReason: null,
          currentTicket: null,
          since: e.at,
        })),
        resync: false,
      };
    case 'WindowSignedIn':
    case 'DayOpened':
    case 'DayClosed':
      return { view, resync: true };
    // Calls and recalls come whole as a `call` push; takes, returns and reassignments (a waiting ticket
    // moved to another line) change only the counts (pushed too); an evaluation changes nothing shown.
    case 'TicketCalled':
    case 'TicketRecalled':
    case 'TicketTaken':
    case 'TicketReturned':
    case 'TicketReassigned':
    case 'EvaluationSubmitted':
      return { view, resync: false };
    default: {
      const unhandled: never = e;
      return unhandled;
    }
  }
}

/** A call or recall: the window's current ticket and the list of recent calls. */
export function applyCall(view: HallView, call: CallView): HallView {
  const recent = [call, ...view.recentCalls.filter((c) => !(c.ticketId === call.ticketId && c.at === call.at))].slice(0, RECENT_CALLS_KEPT);
  const windows = view.windows.map((w) => {
    if (w.id !== call.windowId) return w;
    const previous = w.currentTicket?.id === call.ticketId ? w.currentTicket : null;
    const ticket: TicketPublic = previous
      ? { ...previous, state: previous.state === 'serving' ? 'serving' : 'called' }
      : {
          id: call.ticketId,
          number: call.number,
          groupId: call.number.slice(0, 1),
          state: 'called',
          serviceIds: [],
          bundleId: null,
          priority: 'none',
          takenAt: call.at,
          calledAt: call.at,
          windowId: call.windowId,
        };
    return { ...w, currentTicket: ticket };
  });
  return { ...view, recentCalls: recent, windows };
}
