import { describe, expect, it } from 'vitest';
import { SortedList, type QueueEntry } from './sorted-list';

const e = (n: number): QueueEntry => ({ key: n * 10, ordinal: n, ticketId: `t${n}` });
const ids = (l: SortedList) => [...l].map((x) => x.ticketId);

function listOf(...ns: number[]): SortedList {
  const l = SortedList.empty();
  for (const n of ns) l.insert(e(n));
  return l;
}

describe('a sorted list', () => {
  it('keeps its order whatever the order of insertion, and removes from anywhere', () => {
    const l = listOf(5, 1, 4, 2, 3);
    expect(ids(l)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(l.remove(e(3))).toBe(true);
    expect(l.remove(e(3))).toBe(false);
    expect(l.remove(e(1))).toBe(true);
    expect(ids(l)).toEqual(['t2', 't4', 't5']);
    expect(l.head()).toEqual(e(2));
    expect(l.at(1)).toEqual(e(4));
    expect(l.at(-1)).toBeUndefined();
    expect(l.countBefore(e(5))).toBe(2);
    l.insert(e(1));
    expect(ids(l)).toEqual(['t1', 't2', 't4', 't5']);
  });

  it('takes heads one by one from a long line and stays whole (the head passed over, compacted now and then)', () => {
    const n = 2_000;
    const l = SortedList.empty();
    for (let i = 0; i < n; i++) l.insert(e(i));
    for (let i = 0; i < n - 1; i++) {
      expect(l.remove(l.head()!)).toBe(true);
      // Arrivals at the back between calls, as in a hall.
      if (i % 3 === 0) l.insert(e(n + i));
    }
    const expected = [n - 1, ...Array.from({ length: Math.ceil((n - 1) / 3) }, (_, k) => n + 3 * k)];
    expect(ids(l)).toEqual(expected.map((x) => `t${x}`));
    expect(l.size).toBe(expected.length);
    expect(l.countBefore(e(n + 3))).toBe(2);
  });

  it('shares its entries with a clone until either writes: neither sees the other', () => {
    const a = listOf(1, 2, 3, 4);
    const b = a.clone();
    b.remove(e(1));
    b.insert(e(5));
    a.remove(e(3));
    a.insert(e(0));
    const c = b.clone();
    c.remove(e(2));
    expect(ids(a)).toEqual(['t0', 't1', 't2', 't4']);
    expect(ids(b)).toEqual(['t2', 't3', 't4', 't5']);
    expect(ids(c)).toEqual(['t3', 't4', 't5']);
    // The head passed over in a clone is not lost to the original.
    expect(a.head()).toEqual(e(0));
    expect(b.size).toBe(4);
  });
});
