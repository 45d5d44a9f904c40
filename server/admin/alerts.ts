import type { HallWindow } from '../../protocol/catalog';
import type { HallAlert } from '../../protocol/views';
import { groupCounts } from '../hall/views';
import type { Catalog, HallState } from '../domain/types';
import { clerkRoom, ROOM_STAFF, type HallIo } from '../hall/io';
import type { AdminConfig } from '../../protocol/admin';

/** What the console and the clerk terminals receive as `hall:alert` (the protocol's type). */
export type { HallAlert };

/** Whether a window could serve tickets of a group: the whole group, a comprehensive window on a pooled group, or one of its matters. */
export function windowCouldServe(catalog: Catalog, w: HallWindow, groupId: string): boolean {
  if (w.groupIds.includes(groupId)) return true;
  if (w.comprehensive && catalog.groups.get(groupId)?.pooled) return true;
  return w.serviceIds.some((s) => catalog.services.get(s)?.groupId === groupId);
}

/** The alerts a hall state calls for now (pure). */
export function alertsFor(state: HallState, now: number, cfg: AdminConfig['alerts']): HallAlert[] {
  if (!cfg.enabled || !state.dayOpen) return [];
  const waitMinutes = state.catalog.settings.waitAlertMinutes;
  const out: HallAlert[] = [];
  for (const g of groupCounts(state, now)) {
    if (g.waiting === 0) continue;
    const base = { groupId: g.groupId, groupName: g.name, waiting: g.waiting, longestWaitMinutes: g.longestWaitMinutes, at: now, cleared: false };
    if (g.longestWaitMinutes >= waitMinutes) {
      out.push({ ...base, id: `${g.groupId}-wait`, kind: 'wait', message: `${g.groupId} 组等候超过 ${waitMinutes} 分钟，建议增开窗口` });
    }
    if (g.waiting >= cfg.waitingCount) {
      out.push({ ...base, id: `${g.groupId}-count`, kind: 'count', message: `${g.groupId} 组等候人数达 ${g.waiting} 人，建议增开窗口` });
    }
  }
  return out;
}

/**
 * Watches the queue and says so when a group's longest wait or its number waiting passes the threshold:
 * to the admins' consoles and to the clerks of idle or paused windows that could serve the group. An alert
 * still true is repeated every `repeatMinutes`; one that has passed is sent once more as cleared.
 */
export class AlertMonitor {
  private readonly active = new Map<string, { alert: HallAlert; saidAt: number }>();

  constructor(private readonly io: HallIo) {}

  current(): HallAlert[] {
    return [...this.active.values()].map((a) => a.alert);
  }

  check(state: HallState, now: number, cfg: AdminConfig['alerts']): HallAlert[] {
    const due = alertsFor(state, now, cfg);
    const said: HallAlert[] = [];
    const seen = new Set<string>();
    for (const alert of due) {
      seen.add(alert.id);
      const prior = this.active.get(alert.id);
      if (prior && now - prior.saidAt < cfg.repeatMinutes * 60_000) {
        prior.alert = { ...alert, at: prior.alert.at };
        continue;
      }
      this.active.set(alert.id, { alert, saidAt: now });
      this.send(state, alert);
      said.push(alert);
    }
    for (const [id, a] of this.active) {
      if (seen.has(id)) continue;
      this.active.delete(id);
      this.send(state, { ...a.alert, at: now, cleared: true });
    }
    return said;
  }

  /** Rooms of the admins, and of the clerks at idle or paused windows able to serve the group. */
  rooms(state: HallState, groupId: string): string[] {
    const rooms = new Set<string>();
    for (const s of state.catalog.staff.values()) if (s.role === 'admin') rooms.add(clerkRoom(s.id));
    for (const w of state.windows.values()) {
      if (!w.staffId || w.status === 'closed') continue;
      const idle = w.status === 'paused' || !w.currentTicketId;
      const def = state.catalog.windows.get(w.id);
      if (idle && def && windowCouldServe(state.catalog, def, groupId)) rooms.add(clerkRoom(w.staffId));
    }
    return [...rooms];
  }

  private send(state: HallState, alert: HallAlert): void {
    // A cleared alert goes to all staff: a clerk told earlier may have become busy since.
    const rooms = alert.cleared ? [ROOM_STAFF] : this.rooms(state, alert.groupId);
    if (rooms.length > 0) this.io.to(rooms).emit('hall:alert', alert);
  }
}
