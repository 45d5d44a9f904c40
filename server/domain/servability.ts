import { windowCanServe } from './eligibility';
import type { HallState } from './types';

/** What a ticket (or a matter about to be taken) asks of the windows: its group, its matters, a named window. */
export interface ServeNeed {
  groupId: string;
  serviceIds: readonly string[];
  /** A transfer to a named window: only that window may call it. */
  targetWindowId?: string | null;
}

/**
 * Who can serve a need: `capable` are the windows whose skills (or the named target) fit, staffed or not;
 * `staffed` those of them with a clerk signed in (open, or paused — a paused window comes back). `now` is
 * false when no staffed window can call it: the ticket waits in no open window's queue.
 */
export interface Servability {
  now: boolean;
  capable: string[];
  staffed: string[];
}

/**
 * Whether any window with a clerk can serve a need now. Pure: the kiosk's honest estimate, the transfer
 * guard, the admin live view's "nobody can serve" list and the simulator's estimate all read this one
 * answer; when a capable window opens later is the calendar's part (`rosterOpensAt`).
 */
export function servability(state: HallState, need: ServeNeed): Servability {
  const capable: string[] = [];
  const staffed: string[] = [];
  for (const def of state.catalog.windows.values()) {
    const fits = need.targetWindowId ? def.id === need.targetWindowId : windowCanServe(state.catalog, def, need.groupId, need.serviceIds);
    if (!fits) continue;
    capable.push(def.id);
    const w = state.windows.get(def.id);
    if (w && w.status !== 'closed' && w.staffId) staffed.push(def.id);
  }
  return { now: staffed.length > 0, capable, staffed };
}
