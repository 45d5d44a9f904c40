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
 * Whether any window with a clerk can serve a need now. Pure: the transfer and reassign guards read it;
 * the take answer, the status page, the live view's "nobody can serve" list and the estimate's `noWindow`
 * read it through `servableWhen`.
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

/** When the roster next opens one of these windows today (the calendar's `rosterOpensAt`); null = not known. */
export type RosterOpens = (windowIds: readonly string[]) => number | null;

/** `servability` with, when nobody can serve now, `from`: when the roster opens a capable window (else null). */
export interface ServableWhen extends Servability {
  from: number | null;
}

/**
 * The one answer to "can anyone serve this, and if not, from when?": the take answer (`servableNow`,
 * `servableFrom`), the ticket's status page, the admin live view's stranded list and the wait estimate's
 * `noWindow`/`servableFrom` are all this function, so they cannot disagree. Who can serve now is the
 * domain's (`servability`); when a capable window opens is the calendar's, passed in as `rosterOpens`
 * (absent: a hall without a calendar, which cannot say).
 */
export function servableWhen(state: HallState, need: ServeNeed, rosterOpens?: RosterOpens): ServableWhen {
  const s = servability(state, need);
  // Spelled out: V8 (Node 20) adds a key after a spread some fifty times slower than it builds the literal.
  return { now: s.now, capable: s.capable, staffed: s.staffed, from: s.now ? null : (rosterOpens?.(s.capable) ?? null) };
}
