import { LineCache } from './eligibility';
import { MapOverBase } from './map-over-base';
import { SnapshotMap } from './snapshot-map';
import { SortedList, type QueueEntry, compareEntries } from './sorted-list';

/**
 * The waiting tickets, indexed so that "call next" never scans the day.
 *
 * Tickets wait in lines keyed by their signature (queue group + the matters asked for). A hall has a bounded
 * number of signatures (its catalogue), so a window's "call next" looks at the head of each line it can serve:
 * the cost grows with the catalogue, not with the number of tickets taken today. Each signature has a
 * priority line and an ordinary line, for the interleave rule. Tickets transferred to a named window wait in
 * that window's own lines.
 */
export interface Line {
  signature: string;
  groupId: string;
  serviceIds: string[];
  /** A window-targeted line serves only that window. */
  targetWindowId: string | null;
  priority: SortedList;
  ordinary: SortedList;
}

export function signatureOf(groupId: string, serviceIds: readonly string[], targetWindowId: string | null): string {
  const base = `${groupId}|${[...serviceIds].sort().join(',')}`;
  return targetWindowId ? `@${targetWindowId}|${base}` : base;
}

export interface WaitingPlacement {
  ticketId: string;
  key: number;
  ordinal: number;
  groupId: string;
  serviceIds: string[];
  targetWindowId: string | null;
  priority: boolean;
}

/** Where a ticket waits: its line's signature, its entry, which of the line's two lists. Never changed in place. */
interface Place {
  signature: string;
  entry: QueueEntry;
  priority: boolean;
}

export class QueueIndex {
  readonly lines = new Map<string, Line>();
  /** ticket id → where it waits, for O(log n) removal (shared by copies: a place names its line, not the object). */
  private readonly where: Map<string, Place>;
  /** Bumped whenever a line is created, so windows can cache which lines they serve. */
  generation = 0;
  /** Which lines each window serves; a cache, rebuilt from the catalogue when either changes. */
  readonly lineCache = new LineCache();

  constructor(where: Map<string, Place> = new SnapshotMap()) {
    this.where = where;
  }

  get size(): number {
    return this.where.size;
  }

  has(ticketId: string): boolean {
    return this.where.has(ticketId);
  }

  add(p: WaitingPlacement): void {
    if (this.where.has(p.ticketId)) this.remove(p.ticketId);
    const signature = signatureOf(p.groupId, p.serviceIds, p.targetWindowId);
    let line = this.lines.get(signature);
    if (!line) {
      line = {
        signature,
        groupId: p.groupId,
        serviceIds: [...p.serviceIds].sort(),
        targetWindowId: p.targetWindowId,
        priority: SortedList.empty(),
        ordinary: SortedList.empty(),
      };
      this.lines.set(signature, line);
      this.generation++;
    }
    const entry: QueueEntry = { key: p.key, ordinal: p.ordinal, ticketId: p.ticketId };
    (p.priority ? line.priority : line.ordinary).insert(entry);
    this.where.set(p.ticketId, { signature, entry, priority: p.priority });
  }

  remove(ticketId: string): void {
    const w = this.where.get(ticketId);
    if (!w) return;
    const line = this.lines.get(w.signature)!;
    (w.priority ? line.priority : line.ordinary).remove(w.entry);
    this.where.delete(ticketId);
  }

  entryOf(ticketId: string): QueueEntry | undefined {
    return this.where.get(ticketId)?.entry;
  }

  /** Tickets of a group that go before the probe, over all the group's lines. */
  countAheadInGroup(groupId: string, probe: QueueEntry): number {
    let n = 0;
    for (const line of this.lines.values()) {
      if (line.groupId !== groupId) continue;
      n += line.priority.countBefore(probe) + line.ordinary.countBefore(probe);
    }
    return n;
  }

  /** Waiting tickets per group, and the heads of the group's lines (the longest waits are among them). */
  groupCounts(): Map<string, { waiting: number; heads: string[] }> {
    const out = new Map<string, { waiting: number; heads: string[] }>();
    for (const line of this.lines.values()) {
      const c = out.get(line.groupId) ?? { waiting: 0, heads: [] };
      c.waiting += line.priority.size + line.ordinary.size;
      for (const l of [line.priority, line.ordinary]) {
        const h = l.head();
        if (h) c.heads.push(h.ticketId);
      }
      out.set(line.groupId, c);
    }
    return out;
  }

  /**
   * An index of its own with the same lines and entries, in the same order, as this one is now, whatever
   * this one does later: the lines' sorted arrays shared until either side writes to one (copy on write),
   * the places read through a snapshot of this index's (`SnapshotMap.freeze`), so it costs the lines, not
   * the queue. The estimate service's snapshot of the live hall is this; `release` ends it (the live index
   * stops keeping what it changes for it).
   */
  snapshot(): { index: QueueIndex; release: () => void } {
    if (this.where instanceof SnapshotMap) {
      const frozen = this.where.freeze();
      return { index: this.copyLines(new QueueIndex(new MapOverBase(frozen))), release: () => frozen.release() };
    }
    return { index: this.copyLines(new QueueIndex(new Map(this.where))), release: () => {} };
  }

  /**
   * An index of its own over this one, which must not change while the fork is in use (a snapshot, or a
   * state a run plays to its end in one go): the lines shared as `snapshot` shares them, and the places
   * read through to this index's. A simulator run forks its snapshot's index at the cost of its lines,
   * not its tickets.
   */
  fork(): QueueIndex {
    return this.copyLines(new QueueIndex(new MapOverBase(this.where)));
  }

  private copyLines(q: QueueIndex): QueueIndex {
    for (const [signature, line] of this.lines) {
      q.lines.set(signature, { ...line, serviceIds: [...line.serviceIds], priority: line.priority.clone(), ordinary: line.ordinary.clone() });
    }
    q.generation = this.generation;
    return q;
  }

  /** Merge several lines in order, lazily: the k-way merge behind queue previews and "n-th in line". */
  static *merge(lists: SortedList[]): IterableIterator<QueueEntry> {
    const cursors = lists.filter((l) => l.size > 0).map((l) => ({ list: l, i: 0 }));
    for (;;) {
      let best: { list: SortedList; i: number } | undefined;
      for (const c of cursors) {
        if (c.i >= c.list.size) continue;
        if (!best || compareEntries(c.list.at(c.i)!, best.list.at(best.i)!) < 0) best = c;
      }
      if (!best) return;
      yield best.list.at(best.i)!;
      best.i++;
    }
  }
}
