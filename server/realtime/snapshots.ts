import type { WindowUpdatePush } from '../../protocol/pushes';
import type { ClerkSnapshot, Snapshot, TicketDetail } from '../../protocol/views';
import { servableCount } from '../domain/dispatch';
import { windowCanServe } from '../domain/eligibility';
import type { HallState, Ticket } from '../domain/types';
import {
  clerkQueue,
  groupCounts,
  hallInfo,
  kioskCatalog,
  pendingEvaluation,
  recentCalls,
  toDetail,
  windowFigures,
  windowView,
  windowViews,
} from '../hall/views';
import type { Identity, RealtimeDeps } from './context';

/**
 * The snapshot a terminal gets on every (re)connect, cut to what its role shows: a display's stays small
 * on a busy day (windows, the last calls, counts), never the whole day.
 */
export function snapshotFor(identity: Identity, deps: RealtimeDeps, now: number): Snapshot {
  const state = deps.hall.state;
  const base = {
    seq: deps.hall.seq,
    now,
    hall: hallInfo(state),
    status: deps.status.status(now),
    groups: groupCounts(state, now),
    windows: windowViews(state),
    recentCalls: recentCalls(state),
  };
  switch (identity.role) {
    case 'kiosk': {
      const device = deps.devices().get(identity.deviceId!);
      return {
        ...base,
        role: 'kiosk',
        device: {
          id: identity.deviceId!,
          name: identity.name,
          printer: device?.printer ? { attached: device.printer.attached, network: !device.printer.attached } : null,
        },
        catalog: kioskCatalog(state, deps.status.servicesToday(now)),
        textMessages: deps.notifier?.active() ?? false,
        phoneCallbackDays: deps.notifier?.callbackDays() ?? 0,
      };
    }
    case 'display':
      return { ...base, role: 'display', device: { id: identity.deviceId!, name: identity.name, windowId: identity.windowId ?? null } };
    case 'eval':
      return {
        ...base,
        role: 'eval',
        device: { id: identity.deviceId!, name: identity.name, windowId: identity.windowId ?? null },
        pending: identity.windowId ? pendingEvaluation(state, identity.windowId, now) : null,
      };
    case 'clerk':
    case 'admin':
      return clerkSnapshot(identity, deps, base, now);
  }
}

/** The window a staff member is signed in to, if any. */
export function windowOfStaff(state: HallState, staffId: string): string | null {
  for (const w of state.windows.values()) if (w.staffId === staffId && w.status !== 'closed') return w.id;
  return null;
}

/** What a clerk's window shows (`window:update`, and the window part of the clerk's snapshot). */
export function windowUpdate(state: HallState, windowId: string | null, now: number, seq: number): WindowUpdatePush {
  const w = windowId ? state.windows.get(windowId) : undefined;
  const current = w?.currentTicketId ? state.tickets.get(w.currentTicketId) : undefined;
  return {
    seq,
    window: w ? windowView(state, w) : null,
    current: current ? toDetail(current) : null,
    queue: windowId ? clerkQueue(state, windowId, now) : [],
    servable: windowId ? servableCount(state, windowId) : 0,
    figures: windowId ? windowFigures(state, windowId) : null,
    noShows: windowId ? returnableNoShows(state, windowId) : [],
  };
}

/** At most this many no-shows in a clerk's list: the newest are the ones still likely to come back. */
export const NO_SHOW_LIST_LIMIT = 20;

/**
 * Today's no-shows a window could serve that may still be put back in line, newest first, at most
 * `NO_SHOW_LIST_LIMIT`. Cheap on a busy day: the hall keeps the ids of the tickets now in the no-show
 * state (`state.noShowIds`), a few dozen at most, so the day is never scanned.
 */
export function returnableNoShows(state: HallState, windowId: string): TicketDetail[] {
  const def = state.catalog.windows.get(windowId);
  if (!def || !state.dayOpen) return [];
  const max = state.catalog.settings.noShowMaxReturns;
  const out: Ticket[] = [];
  for (const id of state.noShowIds) {
    const t = state.tickets.get(id);
    if (!t || t.state !== 'noShow' || t.returns >= max) continue;
    // A ticket transferred to a named window comes back to that window's line only.
    const canServe = t.targetWindowId ? t.targetWindowId === windowId : windowCanServe(state.catalog, def, t.groupId, t.serviceIds);
    if (canServe) out.push(t);
  }
  out.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0) || b.ordinal - a.ordinal);
  return out.slice(0, NO_SHOW_LIST_LIMIT).map(toDetail);
}

function clerkSnapshot(identity: Identity, deps: RealtimeDeps, base: Omit<ClerkSnapshot, 'role' | 'me' | 'window' | 'current' | 'queue' | 'servable' | 'figures' | 'noShows' | 'services' | 'bundles' | 'allWindows'>, now: number): ClerkSnapshot {
  const state = deps.hall.state;
  const windowId = windowOfStaff(state, identity.staffId!);
  const staff = state.catalog.staff.get(identity.staffId!)!;
  return {
    ...base,
    role: identity.role as 'clerk' | 'admin',
    me: { staffId: staff.id, name: staff.name, role: staff.role, windowId },
    ...windowUpdate(state, windowId, now, base.seq),
    services: [...state.catalog.services.values()].map((s) => ({ id: s.id, name: s.name, groupId: s.groupId, materials: s.materials })),
    bundles: [...state.catalog.bundles.values()].map((b) => ({ id: b.id, name: b.name, serviceIds: b.serviceIds })),
    allWindows: [...state.catalog.windows.values()].map((w) => ({ id: w.id, number: w.number, name: w.name })),
  };
}
