import type { CallPush } from '../../protocol/pushes';
import type { HallEvent } from '../domain/events';
import type { Committed } from '../hall/hall';
import { publicEvent, staffEvent } from '../hall/feed-events';
import { callView, groupCounts, pendingEvaluation } from '../hall/views';
import { clerkRoom, evalRoom, ROOM_DISPLAYS, ROOM_PUBLIC, ROOM_STAFF, type HallIo, type RealtimeDeps } from './context';
import { snapshotFor, windowUpdate } from './snapshots';

const COUNTS_THROTTLE_MS = 250;
/** How often the calendar's answer is looked at: a cut-off or an opening reaches kiosks within this. */
const STATUS_EVERY_MS = 10_000;

/**
 * Pushes committed changes to the terminals, after the commit: every event with its seq (public rooms get
 * it without personal data), calls to the displays (in place of the feed's copy of them), and — coalesced, so a burst of commands costs one
 * computation — each signed-in clerk's queue and the waiting counts.
 */
export function createBroadcaster(io: HallIo, deps: RealtimeDeps) {
  const { hall } = deps;
  let windowsDirty = false;
  let countsTimer: NodeJS.Timeout | null = null;

  function flushWindows(): void {
    windowsDirty = false;
    const now = hall.clock.now();
    for (const w of hall.state.windows.values()) {
      if (!w.staffId || w.status === 'closed') continue;
      const room = clerkRoom(w.staffId);
      if (!io.sockets.adapter.rooms.get(room)?.size) continue;
      io.to(room).emit('window:update', windowUpdate(hall.state, w.id, now, hall.seq));
    }
  }

  function flushCounts(): void {
    countsTimer = null;
    const payload = { seq: hall.seq, groups: groupCounts(hall.state, hall.clock.now()) };
    io.to(ROOM_PUBLIC).to(ROOM_STAFF).emit('hall:counts', payload);
  }

  // The status changes with the clock, not only with commands: push it when it differs from the last push.
  let lastStatus = '';
  function pushStatus(): void {
    const status = deps.status.status(hall.clock.now());
    const json = JSON.stringify(status);
    if (json === lastStatus) return;
    lastStatus = json;
    io.to(ROOM_PUBLIC).to(ROOM_STAFF).emit('hall:status', status);
  }
  lastStatus = JSON.stringify(deps.status.status(hall.clock.now()));
  const statusTimer = setInterval(pushStatus, STATUS_EVERY_MS);
  statusTimer.unref();

  /** The `call` push of a call or recall event; null for any other event (and for a ticket not in memory). */
  function callPush(seq: number, event: HallEvent): CallPush | null {
    if (event.type !== 'TicketCalled' && event.type !== 'TicketRecalled') return null;
    const t = hall.state.tickets.get(event.ticketId);
    if (!t) return null;
    return { ...callView(hall.state, { ticketId: t.id, number: t.number, windowId: event.windowId, at: event.at, recall: event.type === 'TicketRecalled' }), seq };
  }

  function onCommitted(committed: Committed[]): void {
    const state = hall.state;
    if (committed.some((c) => c.event.type === 'DayOpened' || c.event.type === 'DayClosed')) pushStatus();
    for (const { seq, event } of committed) {
      // A call goes out first: it is what the hall is waiting to see and hear. It carries the event's seq
      // and takes the place of the feed's copy on displays: one message per call for each of them.
      const call = callPush(seq, event);
      if (call) io.to(ROOM_DISPLAYS).emit('call', call);
      const publicPush = { seq, event: publicEvent(event) };
      if (call) io.to(ROOM_PUBLIC).except(ROOM_DISPLAYS).emit('hall:event', publicPush);
      else io.to(ROOM_PUBLIC).emit('hall:event', publicPush);
      io.to(ROOM_STAFF).emit('hall:event', { seq, event: staffEvent(event) });
      if (event.type === 'TicketCompleted' || event.type === 'EvaluationSubmitted') {
        io.to(evalRoom(event.windowId)).emit('evaluation:pending', pendingEvaluation(state, event.windowId, event.at));
      }
      // A window signed out has no clerk room left to update: tell that clerk directly.
      if (event.type === 'WindowSignedOut') io.to(clerkRoom(event.staffId)).emit('window:update', windowUpdate(state, null, event.at, seq));
    }
    if (!windowsDirty) {
      windowsDirty = true;
      setImmediate(flushWindows);
    }
    if (!countsTimer) countsTimer = setTimeout(flushCounts, COUNTS_THROTTLE_MS);
  }

  // A catalogue, bundle, window, device or roster change: every open terminal gets a fresh snapshot, once
  // per burst of changes (an import changes many rows), so a kiosk shows the edit without a reload.
  let refreshPending = false;
  function refreshTerminals(): void {
    if (refreshPending) return;
    refreshPending = true;
    setImmediate(() => {
      refreshPending = false;
      const now = hall.clock.now();
      for (const socket of io.of('/').sockets.values()) socket.emit('hall:snapshot', snapshotFor(socket.data.identity, deps, now));
      pushStatus();
    });
  }
  hall.onCatalogReplaced(refreshTerminals);

  return {
    onCommitted,
    refreshTerminals,
    /** Push the status now if it changed (the scheduler calls this after it opened or closed the day). */
    pushStatus,
    stop(): void {
      clearInterval(statusTimer);
      if (countsTimer) clearTimeout(countsTimer);
      countsTimer = null;
    },
  };
}
