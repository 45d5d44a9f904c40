import { MapOverBase } from '../domain/map-over-base';
import type { QueueIndex } from '../domain/queue-index';
import { SnapshotMap } from '../domain/snapshot-map';
import { initialState } from '../domain/state';
import type { HallState, Ticket } from '../domain/types';

const LIVE: ReadonlySet<Ticket['state']> = new Set(['waiting', 'called', 'serving', 'noShow']);

/** The tickets that can still change: the only ones a run reads (finished ones stay behind). */
const isLive = (t: Ticket) => LIVE.has(t.state);

/** A snapshot of the hall for a batch of runs, and the end of it (the live hall stops keeping for it). */
export interface RunSnapshot {
  state: HallState;
  release: () => void;
}

/**
 * A snapshot of the hall that a batch's runs may fork, as it is now, whatever the live hall does while the
 * batch is played over many turns. The windows, the counters and the daily caps are copied (the domain's
 * evolve changes them in place; there are a few dozen). The tickets and the lines' places are not: they
 * are read through snapshots of the live maps (`SnapshotMap.freeze`), which keep what the live hall
 * changes while the batch runs, and the lines' sorted arrays are shared until either side writes (copy on
 * write). Tickets are never changed in place (evolve replaces them), so sharing them is safe. Only the
 * tickets that can still change are seen; finished tickets and the day's figures stay behind: no rule of
 * dispatch reads them. So the snapshot costs the hall's windows and lines, not its queue: it was the one
 * step of a batch that grew with the queue (12–40 ms on 20,000 waiting). The catalogue is shared (it is
 * replaced whole, never mutated). Call `release` when the batch is over.
 */
export function snapshotForRuns(src: HallState): RunSnapshot {
  const tickets = src.tickets instanceof SnapshotMap ? src.tickets.freeze() : null;
  const lines = src.queue.snapshot();
  return {
    state: over(src, tickets ?? new Map(src.tickets), lines.index),
    release: () => {
      tickets?.release();
      lines.release();
    },
  };
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
 * are copied on their first write). Only the tickets that can still change are seen, as in
 * `snapshotForRuns`. The source must not change until the run is over: a batch's snapshot, or a
 * state the caller runs to its end in one go (`simulateRun`), never the live hall across turns.
 */
export function forkForRun(src: HallState): HallState {
  return over(src, src.tickets, src.queue.fork());
}

/** The copied part of `src` (`startOf`), over `tickets` (the live ones seen) and with `queue` as its lines. */
function over(src: HallState, tickets: ReadonlyMap<string, Ticket>, queue: QueueIndex): HallState {
  const s = startOf(src);
  s.tickets = new MapOverBase(tickets, isLive);
  for (const id of src.noShowIds) if (src.tickets.get(id)?.state === 'noShow') s.noShowIds.add(id);
  s.queue = queue;
  return s;
}
