import { WAITING_LIST_LIMIT, type LiveView, type LongWaitTicket, type ReassignGroup, type StrandedTicket, type WaitingTicket, type WindowActivity } from '../../protocol/admin';
import { PRIORITY_LABELS } from '../../protocol/catalog';
import type { WindowView } from '../../protocol/views';
import { QueueIndex } from '../domain/queue-index';
import { servability, servableWhen, type RosterOpens, type ServableWhen } from '../domain/servability';
import { groupCounts, windowViews } from '../hall/views';
import type { HallState, Ticket } from '../domain/types';

function activityOf(w: WindowView): WindowActivity {
  return w.status === 'closed' ? 'closed' : w.status === 'paused' ? 'paused' : w.currentTicket ? 'serving' : 'idle';
}

function windowRef(state: HallState, id: string): { id: string; number: number; name: string } {
  const def = state.catalog.windows.get(id);
  return { id, number: def?.number ?? 0, name: def?.name ?? id };
}

/** Windows whose skills serve the ticket's matters (a named window aside), by number: where it can be reassigned. */
function matterWindows(state: HallState, t: Ticket): { id: string; number: number; name: string }[] {
  return servability(state, { groupId: t.groupId, serviceIds: t.serviceIds }).capable.map((id) => windowRef(state, id)).sort((a, b) => a.number - b.number);
}

function serviceNames(state: HallState, t: Ticket): string[] {
  return t.serviceIds.map((id) => state.catalog.services.get(id)?.name ?? id);
}

/** A waiting ticket no staffed window can serve (the one servability answer), with the windows that could. */
function strandedOf(state: HallState, t: Ticket, s: ServableWhen, waited: number): StrandedTicket {
  return {
    ticketId: t.id,
    number: t.number,
    groupId: t.groupId,
    serviceNames: serviceNames(state, t),
    waitedMinutes: waited,
    targetWindow: t.targetWindowId ? { id: t.targetWindowId, name: windowRef(state, t.targetWindowId).name } : null,
    windows: s.capable.map((id) => windowRef(state, id)).sort((a, b) => a.number - b.number),
    servableFrom: s.from,
    matterWindows: matterWindows(state, t),
  };
}

/** Each group's waiting tickets in line order (every line of the group, named windows' too), capped per group. */
function waitingLists(state: HallState, now: number, answers: Map<string, ServableWhen>): WaitingTicket[] {
  const out: WaitingTicket[] = [];
  for (const g of state.catalog.groups.values()) {
    const lists = [...state.queue.lines.values()].filter((l) => l.groupId === g.id).flatMap((l) => [l.priority, l.ordinary]);
    let n = 0;
    for (const e of QueueIndex.merge(lists)) {
      if (n++ >= WAITING_LIST_LIMIT) break;
      const t = state.tickets.get(e.ticketId);
      const s = answers.get(e.ticketId);
      if (!t || !s) continue;
      out.push({
        ticketId: t.id,
        number: t.number,
        groupId: t.groupId,
        serviceIds: [...t.serviceIds],
        serviceNames: serviceNames(state, t),
        priority: PRIORITY_LABELS[t.priority],
        waitedMinutes: Math.floor((now - t.queuedAt + t.waitedMs) / 60_000),
        targetWindow: t.targetWindowId ? { id: t.targetWindowId, name: windowRef(state, t.targetWindowId).name } : null,
        stranded: !s.now,
        matterWindows: matterWindows(state, t),
      });
    }
  }
  return out;
}

/** The catalogue's matters by group, for reassigning to other matters. */
function matterGroups(state: HallState): ReassignGroup[] {
  const services = [...state.catalog.services.values()];
  return [...state.catalog.groups.values()].map((g) => ({
    groupId: g.id,
    name: g.name,
    services: services.filter((s) => s.groupId === g.id).map((s) => ({ id: s.id, name: s.name })),
  }));
}

/**
 * The live view of the hall now (see `LiveView`): each group's queue and waiting list, each window's
 * activity, the long waits, and the tickets nobody can call now (stranded) with when the roster opens a
 * window that can (`rosterOpens`, the calendar's answer; the same the take answer gives).
 */
export function liveView(state: HallState, now: number, rosterOpens?: RosterOpens): LiveView {
  const threshold = state.catalog.settings.waitAlertMinutes;
  const windows = windowViews(state).map((w) => ({ ...w, activity: activityOf(w) }));
  const longWaits: LongWaitTicket[] = [];
  const stranded: StrandedTicket[] = [];
  const answers = new Map<string, ServableWhen>();
  let waiting = 0;
  for (const t of state.tickets.values()) {
    if (t.state !== 'waiting') continue;
    waiting++;
    const waited = Math.floor((now - t.queuedAt + t.waitedMs) / 60_000);
    const s = servableWhen(state, { groupId: t.groupId, serviceIds: t.serviceIds, targetWindowId: t.targetWindowId }, rosterOpens);
    answers.set(t.id, s);
    if (!s.now) stranded.push(strandedOf(state, t, s, waited));
    if (waited < threshold) continue;
    longWaits.push({
      ticketId: t.id,
      number: t.number,
      groupId: t.groupId,
      priority: PRIORITY_LABELS[t.priority],
      serviceNames: serviceNames(state, t),
      waitedMinutes: waited,
    });
  }
  longWaits.sort((a, b) => b.waitedMinutes - a.waitedMinutes);
  stranded.sort((a, b) => b.waitedMinutes - a.waitedMinutes);
  const groups = groupCounts(state, now).map((g) => ({
    ...g,
    overThreshold: g.waiting > 0 && g.longestWaitMinutes >= threshold,
    stranded: stranded.filter((s) => s.groupId === g.groupId).length,
  }));
  return {
    now,
    businessDate: state.businessDate,
    dayOpen: state.dayOpen,
    waitAlertMinutes: threshold,
    totals: {
      taken: state.figures.taken,
      served: state.figures.served,
      noShows: state.figures.noShows,
      waiting,
      windowsOpen: windows.filter((w) => w.activity !== 'closed' && w.activity !== 'paused').length,
    },
    groups,
    windows,
    longWaits,
    stranded,
    waiting: waitingLists(state, now, answers),
    matters: matterGroups(state),
  };
}
