import { MapOverBase } from '../domain/map-over-base';
import { initialState } from '../domain/state';
import type { HallState, Ticket } from '../domain/types';

const LIVE: ReadonlySet<Ticket['state']> = new Set(['waiting', 'called', 'serving', 'noShow']);

/**
 * A copy of the hall that a run may play on. The windows, the counters, the daily caps and the lines are
 * copied (the domain's evolve changes them in place); tickets are not: evolve replaces a ticket it
 * changes, so the copy holds the tickets' objects as they are now, and they stay so. Only what can still
 * change is taken: tickets waiting, at a window or no-show today, the windows, the counters and the
 * daily caps. Finished tickets and the day's figures stay behind: no rule of dispatch reads them. The
 * lines are the live index's own copy (`QueueIndex.clone`: the sorted arrays copied, no ticket put in
 * line again), so the copy costs a few milliseconds on a hall of 20,000 waiting. The catalogue is shared
 * (it is replaced whole, never mutated).
 */
export function cloneForRun(src: HallState): HallState {
  const s = startOf(src);
  const tickets = new Map<string, Ticket>();
  for (const t of liveTickets(src)) {
    tickets.set(t.id, t);
    if (t.state === 'noShow') s.noShowIds.add(t.id);
  }
  s.tickets = tickets;
  // The lines as they are: their sorted arrays copied, not every waiting ticket put in line again.
  s.queue = src.queue.clone();
  return s;
}

/** A fresh state with what can change copied from `src`: the day, the counters, the windows, the caps. */
function startOf(src: HallState): HallState {
  const s = initialState(src.catalog);
  s.businessDate = src.businessDate;
  s.dayOpen = src.dayOpen;
  s.counters = new Map(src.counters);
  s.caseCounter = src.caseCounter;
  s.nextOrdinal = src.nextOrdinal;
  for (const [id, w] of src.windows) s.windows.set(id, { ...w });
  for (const [id, c] of src.serviceTaken) s.serviceTaken.set(id, { ...c });
  return s;
}

/**
 * A run's own copy of a snapshot, made at the cost of the hall's windows and lines, not of its tickets: the
 * run's tickets and its lines' places read through to the snapshot's (`MapOverBase`), and a run replaces
 * what it changes (the domain's `evolve` replaces a ticket, never changes it in place; the lines' arrays
 * are copied on their first write). Only the tickets that can still change are seen, as in `cloneForRun`.
 * The snapshot must not change until the run is over: a batch's own snapshot (from `cloneForRun`), or a
 * state the caller runs to its end in one go (`simulateRun`), never the live hall across turns.
 */
export function forkForRun(src: HallState): HallState {
  const s = startOf(src);
  s.tickets = new MapOverBase(src.tickets, (t) => LIVE.has(t.state));
  for (const id of src.noShowIds) if (src.tickets.get(id)?.state === 'noShow') s.noShowIds.add(id);
  s.queue = src.queue.fork();
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
