import { describe, expect, it } from 'vitest';
import { SnapshotMap } from './snapshot-map';

describe('a snapshot of a live map', () => {
  it('stays as the map was, whatever the map does after, and costs only what changed', () => {
    const live = new SnapshotMap<string, number>();
    for (let i = 0; i < 100; i++) live.set(`k${i}`, i);
    const a = live.freeze();
    live.set('k1', 1000);
    live.delete('k2');
    live.set('new', 7);
    live.set('k1', 2000);
    const b = live.freeze();
    live.set('k3', 3000);
    live.clear();
    live.set('k4', 4);

    expect(a.get('k1')).toBe(1);
    expect(a.get('k2')).toBe(2);
    expect(a.has('new')).toBe(false);
    expect(a.get('k3')).toBe(3);
    expect(a.get('k99')).toBe(99);
    expect(a.size).toBe(100);
    expect([...a.keys()].sort()).toEqual(Array.from({ length: 100 }, (_, i) => `k${i}`).sort());

    expect(b.get('k1')).toBe(2000);
    expect(b.has('k2')).toBe(false);
    expect(b.get('new')).toBe(7);
    expect(b.get('k4')).toBe(4);
    expect(b.size).toBe(100);

    expect([...live]).toEqual([['k4', 4]]);
    expect(live.snapshots).toBe(2);
    a.release();
    b.release();
    expect(live.snapshots).toBe(0);
    expect(() => a.get('k1')).toThrow(/released/);
  });
});
