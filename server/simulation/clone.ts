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
  return job.state;
}

/**
 * The same copy made a piece at a time: `step(n)` copies or enqueues at most `n` tickets, so a run on a
 * hall of 20,000 waiting need not hold the event loop for its whole copy. The waiting tickets are
 * enqueued in (sort key, ordinal) order by a lazy merge of the source's lines (each already in that
 * order), not by one sort of them all, which could not be cut. The source must not change until the copy is done (a batch's own
 * snapshot, never the live hall). The result is the very copy `cloneForRun` makes.
 */
export class CloneJob {
  readonly state: HallState;
  /** Units of work done so far (tickets copied, sorted, enqueued). */
  units = 0;
  private readonly source: IterableIterator<Ticket>;
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
        const copy: Ticket = { ...t, serviceIds: [...t.serviceIds], caseIds: [...t.caseIds] };
        s.tickets.set(t.id, copy);
        if (copy.state === 'noShow') s.noShowIds.add(copy.id);
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
        const copy = s.tickets.get(it.value.ticketId);
        if (copy?.state === 'waiting') enqueue(s, copy);
        this.units++;
      }
    }
    return this.phase === 'done';
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
