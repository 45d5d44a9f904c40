import { hallWallClock } from '../../protocol/business-date';
import { CATEGORY_NAMES, PRIORITY_LABELS, type KioskCatalog, type ServiceCategory } from '../../protocol/catalog';
import type {
  CallView,
  GroupCount,
  HallInfo,
  PendingEvaluation,
  Servable,
  TicketDetail,
  TicketPublic,
  TicketStatusView,
  WaitRange,
  WindowFiguresView,
  WindowView,
} from '../../protocol/views';
import type { TicketPrintData } from '../../protocol/print';
import { previewQueue } from '../domain/dispatch';
import { estimateWaitMinutes } from '../domain/estimate';
import { servableWhen, type RosterOpens } from '../domain/servability';
import type { CallRecord, HallState, Ticket, WindowRuntime } from '../domain/types';
import { bundleSearchKeys, serviceSearchKeys } from './search-keys';

/** The public face of a ticket: what a display, a kiosk or the status page may see. */
export function toPublic(t: Ticket): TicketPublic {
  return {
    id: t.id,
    number: t.number,
    groupId: t.groupId,
    state: t.state,
    serviceIds: t.serviceIds,
    bundleId: t.bundleId,
    priority: t.priority,
    takenAt: t.takenAt,
    calledAt: t.calledAt,
    windowId: t.windowId,
  };
}

/**
 * A ticket as a clerk sees it: applicant data only masked. One object literal, not a spread of
 * `toPublic`: every view then shares one hidden class, and `JSON.stringify` of the staff feed and the
 * clerks' queues is quicker (after a spread, views of different tickets ended up with hidden classes of their own).
 */
export function toDetail(t: Ticket): TicketDetail {
  return {
    id: t.id,
    number: t.number,
    groupId: t.groupId,
    state: t.state,
    serviceIds: t.serviceIds,
    bundleId: t.bundleId,
    priority: t.priority,
    takenAt: t.takenAt,
    calledAt: t.calledAt,
    windowId: t.windowId,
    prioritySource: t.prioritySource,
    appointmentCode: t.appointmentCode,
    idMasked: t.applicant.idMasked ?? null,
    phoneMasked: t.applicant.phoneMasked ?? null,
    queuedAt: t.queuedAt,
    waitedMs: t.waitedMs,
    callCount: t.callCount,
    lastCalledAt: t.lastCalledAt,
    startedAt: t.startedAt,
    completedAt: t.completedAt,
    returns: t.returns,
    transfers: t.transfers,
    targetWindowId: t.targetWindowId,
    outcome: t.outcome,
    caseIds: t.caseIds,
  };
}

export function hallInfo(state: HallState): HallInfo {
  const h = state.catalog.hall;
  return { id: h.id, code: h.code, name: h.name, notice: h.notice };
}

export function windowView(state: HallState, w: WindowRuntime): WindowView {
  const def = state.catalog.windows.get(w.id)!;
  const staff = w.staffId ? state.catalog.staff.get(w.staffId) : undefined;
  const current = w.currentTicketId ? state.tickets.get(w.currentTicketId) : undefined;
  return {
    id: w.id,
    number: def.number,
    name: def.name,
    comprehensive: def.comprehensive,
    status: w.status,
    pauseReason: w.pauseReason,
    staffName: staff?.name ?? null,
    staffId: w.staffId,
    currentTicket: current ? toPublic(current) : null,
    since: w.since,
  };
}

export function windowViews(state: HallState): WindowView[] {
  const out: WindowView[] = [];
  for (const def of state.catalog.windows.values()) {
    const w = state.windows.get(def.id);
    if (w) out.push(windowView(state, w));
  }
  return out;
}

export function callView(state: HallState, c: CallRecord): CallView {
  const def = state.catalog.windows.get(c.windowId);
  return {
    ticketId: c.ticketId,
    number: c.number,
    windowId: c.windowId,
    windowNumber: def?.number ?? 0,
    windowName: def?.name ?? '',
    at: c.at,
    recall: c.recall,
  };
}

/** Waiting per group, with the longest wait (read from the heads of the group's lines). */
export function groupCounts(state: HallState, now: number): GroupCount[] {
  const counts = state.queue.groupCounts();
  return [...state.catalog.groups.values()].map((g) => {
    const c = counts.get(g.id);
    let longest = 0;
    for (const id of c?.heads ?? []) {
      const t = state.tickets.get(id);
      if (t) longest = Math.max(longest, now - t.queuedAt + t.waitedMs);
    }
    return { groupId: g.id, name: g.name, kind: g.kind, waiting: c?.waiting ?? 0, longestWaitMinutes: Math.floor(longest / 60_000) };
  });
}

export function recentCalls(state: HallState, limit = 10): CallView[] {
  return state.recentCalls.slice(-limit).reverse().map((c) => callView(state, c));
}

export function windowFigures(state: HallState, windowId: string): WindowFiguresView {
  const f = state.figures.perWindow.get(windowId);
  if (!f || f.served === 0) {
    return { served: 0, avgWaitMinutes: 0, avgHandlingMinutes: 0, evaluations: f?.evaluations ?? 0, satisfactionRate: null };
  }
  const r = (ms: number) => Math.round((ms / f.served / 60_000) * 10) / 10;
  return {
    served: f.served,
    avgWaitMinutes: r(f.waitMs),
    avgHandlingMinutes: r(f.handleMs),
    evaluations: f.evaluations,
    satisfactionRate: f.evaluations > 0 ? Math.round((f.satisfied / f.evaluations) * 1000) / 10 : null,
  };
}

export function clerkQueue(state: HallState, windowId: string, now: number, limit = 30) {
  return previewQueue(state, windowId, now, limit).map((p) => ({ ticket: toDetail(state.tickets.get(p.ticketId)!), reason: p.reason }));
}

/** Ahead of a waiting ticket: tickets of its group that go before it. */
export function aheadOf(state: HallState, t: Ticket): number {
  const entry = state.queue.entryOf(t.id) ?? { key: t.sortKey, ordinal: t.ordinal, ticketId: t.id };
  return state.queue.countAheadInGroup(t.groupId, entry);
}

export function kioskCatalog(state: HallState, servedToday: Set<string> | null): KioskCatalog {
  const { services, bundles } = state.catalog;
  const ok = (id: string) => !servedToday || servedToday.has(id);
  const list = [...services.values()].filter((s) => ok(s.id));
  const categories = [...new Set(list.map((s) => s.category))] as ServiceCategory[];
  return {
    categories: categories.map((id) => ({ id, name: CATEGORY_NAMES[id] })),
    services: list.map((s) => ({
      id: s.id,
      name: s.name,
      subName: s.subName,
      category: s.category,
      groupId: s.groupId,
      materials: s.materials,
      timeLimitDays: s.timeLimitDays,
      keywords: s.keywords,
      department: s.department,
      search: serviceSearchKeys(s),
    })),
    bundles: [...bundles.values()]
      .filter((b) => b.serviceIds.every(ok))
      .map((b) => ({ id: b.id, name: b.name, lifeEvent: b.lifeEvent, description: b.description, groupId: b.groupId, serviceIds: b.serviceIds, search: bundleSearchKeys(b) })),
  };
}

/** The printed ticket: the same content for a network printer, a kiosk's own printer and the preview. */
export function printPayload(state: HallState, t: Ticket, ahead: number, wait: number, publicBaseUrl: string, range: WaitRange | null = null): TicketPrintData {
  const { catalog } = state;
  const services = t.serviceIds.map((id) => catalog.services.get(id)).filter((s) => !!s);
  const materials = [...new Set(services.flatMap((s) => s.materials.filter((m) => m.copies > 0).map((m) => m.name)))];
  const taken = hallWallClock(t.takenAt);
  return {
    hallName: catalog.hall.name,
    number: t.number,
    groupName: catalog.groups.get(t.groupId)?.name ?? t.groupId,
    serviceNames: services.map((s) => s.name),
    bundleName: t.bundleId ? (catalog.bundles.get(t.bundleId)?.name ?? null) : null,
    ahead,
    estimatedWaitMinutes: wait,
    estimateRange: range,
    takenAt: `${taken.slice(0, 10)} ${taken.slice(11, 16)}`,
    statusUrl: `${(catalog.hall.publicUrl ?? publicBaseUrl).replace(/\/$/, '')}/t/${t.id}`,
    materials: materials.slice(0, 6),
    footer: catalog.hall.ticketFooter,
    priorityLabel: t.priority === 'none' ? null : PRIORITY_LABELS[t.priority],
  };
}

/**
 * Whether anybody can call a ticket (see `Servable`): a waiting ticket that no staffed window serves is
 * not, and then the roster may say when a window that can opens.
 */
export function servableOf(state: HallState, t: Ticket, rosterOpens?: RosterOpens): Servable {
  if (t.state !== 'waiting') return { servableNow: true, servableFrom: null };
  const s = servableWhen(state, { groupId: t.groupId, serviceIds: t.serviceIds, targetWindowId: t.targetWindowId }, rosterOpens);
  return { servableNow: s.now, servableFrom: s.from };
}

/** `outlook`: the simulator's estimate when the hall has one (else the catalogue formula, without a range). */
export function ticketStatus(state: HallState, t: Ticket, outlook?: { minutes: number; range: WaitRange } | null, rosterOpens?: RosterOpens): TicketStatusView {
  const waiting = t.state === 'waiting';
  const ahead = waiting ? aheadOf(state, t) : null;
  const def = t.windowId ? state.catalog.windows.get(t.windowId) : undefined;
  return {
    id: t.id,
    number: t.number,
    state: t.state,
    ahead,
    estimatedWaitMinutes: ahead === null ? null : (outlook?.minutes ?? estimateWaitMinutes(state, t, ahead)),
    estimateRange: ahead === null ? null : (outlook?.range ?? null),
    windowNumber: def?.number ?? null,
    windowName: def?.name ?? null,
    serviceNames: t.serviceIds.map((id) => state.catalog.services.get(id)?.name ?? id),
    takenAt: t.takenAt,
    hallName: state.catalog.hall.name,
    ...servableOf(state, t, rosterOpens),
  };
}

/** The last completed ticket at a window, while unrated and recent: what its evaluation pad asks about. */
export function pendingEvaluation(state: HallState, windowId: string, now: number, windowMs = 15 * 60_000): PendingEvaluation | null {
  const id = state.lastCompleted.get(windowId);
  const t = id ? state.tickets.get(id) : undefined;
  if (!t || t.completedAt === null || t.caseIds.length === 0 || now - t.completedAt > windowMs) return null;
  const open = t.caseIds.filter((c) => !state.cases.get(c)?.evaluated);
  if (open.length === 0) return null;
  const def = state.catalog.windows.get(windowId)!;
  return {
    ticketId: t.id,
    number: t.number,
    caseIds: open,
    serviceNames: t.serviceIds.map((s) => state.catalog.services.get(s)?.name ?? s),
    staffName: t.staffId ? (state.catalog.staff.get(t.staffId)?.name ?? null) : null,
    windowName: def.name,
    completedAt: t.completedAt,
  };
}
