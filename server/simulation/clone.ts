import { enqueue } from '../domain/evolve';
import { initialState } from '../domain/state';
import type { HallState, Ticket } from '../domain/types';

const LIVE: ReadonlySet<Ticket['state']> = new Set(['waiting', 'called', 'serving', 'noShow']);

/**
 * A copy of the hall that a run may mutate (the domain's evolve mutates in place). Only what can still
 * change is copied: tickets waiting, at a window or no-show today, the windows, the counters and the
 * daily caps. Finished tickets and the day's figures stay behind: no rule of dispatch reads them. The
 * waiting lines are rebuilt in line order, so every insert is an append. The catalogue is shared (it is
 * replaced whole, never mutated).
 */
export function cloneForRun(src: HallState): HallState {
  const s = initialState(src.catalog);
  s.businessDate = src.businessDate;
  s.dayOpen = src.dayOpen;
  s.counters = new Map(src.counters);
  s.caseCounter = src.caseCounter;
  s.nextOrdinal = src.nextOrdinal;
  for (const [id, w] of src.windows) s.windows.set(id, { ...w });
  for (const [id, c] of src.serviceTaken) s.serviceTaken.set(id, { ...c });
  const waiting: Ticket[] = [];
  for (const t of liveTickets(src)) {
    const copy: Ticket = { ...t, serviceIds: [...t.serviceIds], caseIds: [...t.caseIds] };
    s.tickets.set(t.id, copy);
    if (copy.state === 'waiting') waiting.push(copy);
    else if (copy.state === 'noShow') s.noShowIds.add(copy.id);
  }
  waiting.sort((a, b) => a.sortKey - b.sortKey || a.ordinal - b.ordinal);
  for (const t of waiting) enqueue(s, t);
  return s;
}

/**
 * The tickets that can still change, without scanning the day: the waiting lines, the windows' current
 * tickets and the no-show set are indexes the live state keeps.
 */
function* liveTickets(src: HallState): IterableIterator<Ticket> {
  for (const line of src.queue.lines.values()) {
    for (const list of [line.priority, line.ordinary]) {
      for (const e of list) {
        const t = src.tickets.get(e.ticketId);
        if (t && LIVE.has(t.state)) yield t;
      }
    }
  }
  for (const w of src.windows.values()) {
    const t = w.currentTicketId ? src.tickets.get(w.currentTicketId) : undefined;
    if (t && (t.state === 'called' || t.state === 'serving')) yield t;
  }
  for (const id of src.noShowIds) {
    const t = src.tickets.get(id);
    if (t && t.state === 'noShow') yield t;
  }
}
