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
  const job = new CloneJob(src);
  job.step(Infinity);
  return job.state;
}

/**
 * The same copy made a piece at a time: `step(n)` copies or enqueues at most `n` tickets (the sort of
 * the waiting tickets counts as one unit per ticket), so a run on a hall of 20,000 waiting need not hold
 * the event loop for its whole copy. The source must not change until the copy is done (a batch's own
 * snapshot, never the live hall). The result is the very copy `cloneForRun` makes.
 */
export class CloneJob {
  readonly state: HallState;
  /** Units of work done so far (tickets copied, sorted, enqueued). */
  units = 0;
  private readonly source: IterableIterator<Ticket>;
  private readonly waiting: Ticket[] = [];
  private phase: 'copy' | 'sort' | 'enqueue' | 'done' = 'copy';
  private next = 0;

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
    while (budget > 0 && this.phase !== 'done') {
      if (this.phase === 'copy') {
        for (; budget > 0; budget--) {
          const it = this.source.next();
          if (it.done) {
            this.phase = 'sort';
            break;
          }
          const t = it.value;
          const copy: Ticket = { ...t, serviceIds: [...t.serviceIds], caseIds: [...t.caseIds] };
          s.tickets.set(t.id, copy);
          if (copy.state === 'waiting') this.waiting.push(copy);
          else if (copy.state === 'noShow') s.noShowIds.add(copy.id);
          this.units++;
        }
      } else if (this.phase === 'sort') {
        // One sort, charged as many units as it orders (a sort cannot be cut; its cost follows the count).
        if (budget < this.waiting.length && budget !== maxUnits) break;
        this.waiting.sort((a, b) => a.sortKey - b.sortKey || a.ordinal - b.ordinal);
        this.units += this.waiting.length;
        budget -= this.waiting.length;
        this.phase = 'enqueue';
      } else {
        for (; budget > 0; budget--) {
          const t = this.waiting[this.next];
          if (!t) {
            this.phase = 'done';
            this.waiting.length = 0;
            break;
          }
          this.next++;
          enqueue(s, t);
          this.units++;
        }
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
