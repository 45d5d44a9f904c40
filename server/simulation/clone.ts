import { enqueue } from '../domain/evolve';
import { QueueIndex } from '../domain/queue-index';
import type { QueueEntry } from '../domain/sorted-list';
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
  const job = new CloneJob(src);
  job.step(Infinity);
  job.detach();
  return job.state;
}

/**
 * The same copy made a piece at a time, for a run: `step(n)` takes in or enqueues at most `n` tickets,
 * so a run on a hall of 20,000 waiting need not hold the event loop for its whole copy. Tickets are
 * copied when the run first reads them (`TicketsOnRead`), not here, so the source must not change until
 * the run is over: a batch's own snapshot (from `cloneForRun`), or a state the caller runs to its end
 * in one go (`simulateRun`), never the live hall across turns. The waiting tickets are enqueued in
 * (sort key, ordinal) order by a lazy merge of the source's lines (each already in that order), not by
 * one sort of them all, which could not be cut. Dispatch sees the very copy `cloneForRun` makes.
 */
export class CloneJob {
  readonly state: HallState;
  /** Units of work done so far (tickets taken in, then enqueued). */
  units = 0;
  private readonly source: IterableIterator<Ticket>;
  private readonly tickets = new TicketsOnRead();
  private order: IterableIterator<QueueEntry> | null = null;
  private phase: 'copy' | 'enqueue' | 'done' = 'copy';

  constructor(private readonly src: HallState) {
    const s = initialState(src.catalog);
    s.businessDate = src.businessDate;
    s.dayOpen = src.dayOpen;
    s.counters = new Map(src.counters);
    s.caseCounter = src.caseCounter;
    s.nextOrdinal = src.nextOrdinal;
    for (const [id, w] of src.windows) s.windows.set(id, { ...w });
    for (const [id, c] of src.serviceTaken) s.serviceTaken.set(id, { ...c });
    s.tickets = this.tickets;
    this.state = s;
    this.source = liveTickets(src);
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  /** Copies every ticket now, into a plain map: a copy that no longer reads its source (only before any read). */
  detach(): void {
    const plain = new Map<string, Ticket>();
    for (const [id, t] of this.tickets.pending) plain.set(id, copyTicket(t));
    this.tickets.pending.clear();
    this.state.tickets = plain;
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
        // The line is built from the source's ticket (enqueue keeps none of it); the run copies it when it reads it.
        const t = this.tickets.pending.get(it.value.ticketId);
        if (t?.state === 'waiting') enqueue(s, t);
        this.units++;
      }
    }
    return this.phase === 'done';
  }
}

/**
 * The run's tickets, copied when first read: `get` hands out (and keeps) a private copy of the source's
 * ticket, so only the tickets a run touches are copied, and a ticket called and completed early in the
 * run is garbage before the next collection instead of a copy that lives through the whole run. Reads
 * and writes go through `get`/`set`/`has`/`delete`, as the domain's rules do; anything that walks the
 * whole map (only closing the day does, which runs never do) first copies the rest, in an order that
 * can differ from the eager copy's.
 */
class TicketsOnRead extends Map<string, Ticket> {
  /** Source tickets not copied (nor deleted) yet. */
  readonly pending = new Map<string, Ticket>();

  override get(id: string): Ticket | undefined {
    const own = super.get(id);
    if (own !== undefined) return own;
    const src = this.pending.get(id);
    if (src === undefined) return undefined;
    this.pending.delete(id);
    const copy = copyTicket(src);
    super.set(id, copy);
    return copy;
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
    for (const id of [...this.pending.keys()]) this.get(id);
  }
}

function copyTicket(t: Ticket): Ticket {
  return { ...t, serviceIds: [...t.serviceIds], caseIds: [...t.caseIds] };
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
