import { describe, expect, it } from 'vitest';
import { MapOverBase } from './map-over-base';

describe('a map over a base', () => {
  it('reads the base, keeps its own sets and deletes, and never writes to the base', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['odd', -1],
    ]);
    const m = new MapOverBase(base, (v) => v > 0);
    expect(m.get('a')).toBe(1);
    expect(m.has('odd')).toBe(false);
    m.set('b', 20);
    m.set('d', 4);
    expect(m.delete('c')).toBe(true);
    expect(m.delete('c')).toBe(false);
    expect(m.delete('zzz')).toBe(false);
    expect(m.get('b')).toBe(20);
    expect(m.get('c')).toBeUndefined();
    expect(m.has('d')).toBe(true);
    expect(base).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['odd', -1],
      ]),
    );
    // A key deleted and set again is its own.
    m.set('c', 30);
    expect(m.get('c')).toBe(30);
    m.delete('c');
    // Walking it (or asking its size) takes the rest of the base in: the visible entries, deleted ones left out.
    expect(m.size).toBe(3);
    expect(new Map(m)).toEqual(
      new Map([
        ['b', 20],
        ['d', 4],
        ['a', 1],
      ]),
    );
    // From then on the base is not read.
    base.set('e', 5);
    expect(m.has('e')).toBe(false);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('a')).toBeUndefined();
  });
});
