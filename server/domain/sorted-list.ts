/** An entry in a waiting line: ordered by key, then by the order it entered the line. */
export interface QueueEntry {
  key: number;
  ordinal: number;
  ticketId: string;
}

export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  return a.key - b.key || a.ordinal - b.ordinal;
}

/**
 * A list kept sorted by (key, ordinal). New tickets mostly land at the end (their key is "now"), so insertion
 * is a binary search plus an append in the common case; removal is a binary search plus a splice. Lines hold
 * at most a day's tickets of one kind, so the splice's memmove stays small and the cost does not depend on
 * how many tickets the day has already finished.
 */
export class SortedList {
  constructor(private readonly items: QueueEntry[] = []) {}

  /** A list of its own with the same entries (entries are never changed in place, only added and removed). */
  clone(): SortedList {
    return new SortedList(this.items.slice());
  }

  get size(): number {
    return this.items.length;
  }

  head(): QueueEntry | undefined {
    return this.items[0];
  }

  at(index: number): QueueEntry | undefined {
    return this.items[index];
  }

  /** Index of the first entry not before `probe`. */
  lowerBound(probe: QueueEntry): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.items[mid]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(entry: QueueEntry): void {
    const last = this.items[this.items.length - 1];
    if (!last || compareEntries(last, entry) <= 0) {
      this.items.push(entry);
      return;
    }
    this.items.splice(this.lowerBound(entry), 0, entry);
  }

  remove(entry: QueueEntry): boolean {
    const i = this.lowerBound(entry);
    const found = this.items[i];
    if (found && found.ticketId === entry.ticketId) {
      this.items.splice(i, 1);
      return true;
    }
    return false;
  }

  /** How many entries go before `probe`. */
  countBefore(probe: QueueEntry): number {
    return this.lowerBound(probe);
  }

  *[Symbol.iterator](): IterableIterator<QueueEntry> {
    yield* this.items;
  }
}
