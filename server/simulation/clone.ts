import { enqueue } from '../domain/evolve';
import { QueueIndex } from '../domain/queue-index';
import type { QueueEntry } from '../domain/sorted-list';
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
 * The same copy made a piece at a time, for a run: `step(n)` takes in or enqueues at most `n` tickets,
 * so a run on a hall of 20,000 waiting need not hold the event loop for its whole copy. Tickets are
 * not copied here: the run shares the source's and replaces those it changes (`TicketsOnWrite`), so the
 * source's lines and windows must not change until the run is over: a batch's own snapshot (from `cloneForRun`), or a state the caller runs to its end
 * in one go (`simulateRun`), never the live hall across turns. The waiting tickets are enqueued in
 * (sort key, ordinal) order by a lazy merge of the source's lines (each already in that order), not by
 * one sort of them all, which could not be cut. Dispatch sees the same lines as on `cloneForRun`'s copy.
 */
export class CloneJob {
  readonly state: HallState;
  /** Units of work done so far (tickets taken in, then enqueued). */
  units = 0;
  private readonly source: IterableIterator<Ticket>;
  private readonly tickets = new TicketsOnWrite();
  private order: IterableIterator<QueueEntry> | null = null;
  private phase: 'copy' | 'enqueue' | 'done' = 'copy';

  constructor(private readonly src: HallState) {
    const s = startOf(src);
    s.tickets = this.tickets;
    this.state = s;
    this.source = liveTickets(src);
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  /** Does at most `maxUnits` units of the copy; true once it is complete. */
  step(maxUnits: number): boolean {
    const s = this.state;
    let budget = maxUnits;
    if (this.phase === 'copy') {
      for (; budget > 0; budget--) {
        const it = this.source.next();
        if (it.done) {
          this.phase = 'enqueue';
          const lists = [...this.src.queue.lines.values()].flatMap((l) => [l.priority, l.ordinary]);
          this.order = QueueIndex.merge(lists);
          break;
        }
        const t = it.value;
        this.tickets.pending.set(t.id, t);
        if (t.state === 'noShow') s.noShowIds.add(t.id);
        this.units++;
      }
    }
    if (this.phase === 'enqueue') {
      for (; budget > 0; budget--) {
        const it = this.order!.next();
        if (it.done) {
          this.phase = 'done';
          this.order = null;
          break;
        }
        // The line is built from the source's ticket (enqueue keeps none of it).
        const t = this.tickets.pending.get(it.value.ticketId);
        if (t?.state === 'waiting') enqueue(s, t);
        this.units++;
      }
    }
    return this.phase === 'done';
  }
}

/**
 * The run's tickets, over its source's: reads share the source's ticket objects, and a ticket the run
 * changes is replaced in the run's own map (the domain's `evolve` replaces a ticket, never changes it in
 * place), so a run copies only the tickets it changes, one copy per change, and the source stays as it
 * was. Reads and writes go through `get`/`set`/`has`/`delete`, as the domain's rules do; anything that
 * walks the whole map (only closing the day does, which runs never do) first takes the rest in, in an
 * order that can differ from the eager copy's.
 */
class TicketsOnWrite extends Map<string, Ticket> {
  /** Source tickets not copied (nor deleted) yet. */
  readonly pending = new Map<string, Ticket>();

  override get(id: string): Ticket | undefined {
    const own = super.get(id);
    if (own !== undefined) return own;
    // The source's own object: the domain replaces a ticket when it changes it, so reading shares it.
    return this.pending.get(id);
  }

  override has(id: string): boolean {
    return super.has(id) || this.pending.has(id);
  }

  override set(id: string, t: Ticket): this {
    this.pending?.delete(id);
    return super.set(id, t);
  }

  override delete(id: string): boolean {
    const had = this.pending.delete(id);
    return super.delete(id) || had;
  }

  override clear(): void {
    this.pending.clear();
    super.clear();
  }

  override get size(): number {
    return super.size + this.pending.size;
  }

  override forEach(fn: (value: Ticket, key: string, map: Map<string, Ticket>) => void, thisArg?: unknown): void {
    this.all();
    super.forEach(fn, thisArg);
  }

  override entries(): MapIterator<[string, Ticket]> {
    this.all();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.all();
    return super.keys();
  }

  override values(): MapIterator<Ticket> {
    this.all();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, Ticket]> {
    return this.entries();
  }

  private all(): void {
    for (const [id, t] of this.pending) if (!super.has(id)) super.set(id, t);
    this.pending.clear();
  }
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
