/** An entry in a waiting line: ordered by key, then by the order it entered the line. */
export interface QueueEntry {
  key: number;
  ordinal: number;
  ticketId: string;
}

export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  return a.key - b.key || a.ordinal - b.ordinal;
}

/** Below this many entries passed over at the head, the array is not compacted (a copy costs more). */
const COMPACT_MIN = 256;

/**
 * A list kept sorted by (key, ordinal). New tickets mostly land at the end (their key is "now"), so insertion
 * is a binary search plus an append in the common case. Calls mostly take the head, so removing the head
 * only moves a start offset past it: on a line of 20,000 it does not move the 19,999 behind (the array is
 * compacted once the entries passed over are half of it, so that stays O(1) amortised). Removal elsewhere is
 * a binary search plus a splice.
 *
 * A clone shares the array with its original until one of them writes to it (copy on write): the simulator
 * clones the hall's lines for every run, and a run mostly takes heads, which writes nothing.
 */
export class SortedList {
  /** Entries before `start` have left the list; the array may be shared with clones while `shared`. */
  private constructor(
    private items: QueueEntry[],
    private start: number,
    private shared: boolean,
  ) {}

  static empty(): SortedList {
    return new SortedList([], 0, false);
  }

  /** A list of its own with the same entries (entries are never changed in place, only added and removed). */
  clone(): SortedList {
    this.shared = true;
    return new SortedList(this.items, this.start, true);
  }

  get size(): number {
    return this.items.length - this.start;
  }

  head(): QueueEntry | undefined {
    return this.items[this.start];
  }

  at(index: number): QueueEntry | undefined {
    return index < 0 ? undefined : this.items[this.start + index];
  }

  /** Index of the first entry not before `probe`. */
  lowerBound(probe: QueueEntry): number {
    let lo = this.start;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.items[mid]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }

  insert(entry: QueueEntry): void {
    const last = this.items[this.items.length - 1];
    const i = !last || this.size === 0 || compareEntries(last, entry) <= 0 ? this.size : this.lowerBound(entry);
    const items = this.own();
    if (i === this.size) items.push(entry);
    else items.splice(this.start + i, 0, entry);
  }

  remove(entry: QueueEntry): boolean {
    const i = this.lowerBound(entry);
    const found = this.at(i);
    if (!found || found.ticketId !== entry.ticketId) return false;
    if (i === 0) {
      this.start++;
      if (this.start >= COMPACT_MIN && this.start * 2 >= this.items.length) this.compact();
    } else {
      this.own().splice(this.start + i, 1);
    }
    return true;
  }

  /** How many entries go before `probe`. */
  countBefore(probe: QueueEntry): number {
    return this.lowerBound(probe);
  }

  *[Symbol.iterator](): IterableIterator<QueueEntry> {
    const { items, start } = this;
    for (let i = start; i < items.length; i++) yield items[i]!;
  }

  /** The array to write to: its own, copied (without the entries passed over) if it was shared. */
  private own(): QueueEntry[] {
    if (this.shared) this.compact();
    return this.items;
  }

  /** A new array of the list's entries alone: drops the ones passed over, and shares with no clone. */
  private compact(): void {
    this.items = this.items.slice(this.start);
    this.start = 0;
    this.shared = false;
  }
}
