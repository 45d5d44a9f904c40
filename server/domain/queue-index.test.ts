import { describe, expect, it } from 'vitest';
import { QueueIndex, type WaitingPlacement } from './queue-index';

const placement = (ticketId: string, key: number, ordinal: number, groupId = 'A', priority = false): WaitingPlacement => ({
  ticketId,
  key,
  ordinal,
  groupId,
  serviceIds: groupId === 'A' ? ['svc-sscard'] : ['svc-invoice'],
  targetWindowId: null,
  priority,
});

const order = (q: QueueIndex) => [...q.lines.values()].map((l) => [l.signature, [...l.priority].map((e) => e.ticketId), [...l.ordinary].map((e) => e.ticketId)]);

describe('a snapshot of a queue index', () => {
  it('has the same lines in the same order, and goes its own way after', () => {
    const q = new QueueIndex();
    q.add(placement('t1', 100, 1));
    q.add(placement('t2', 90, 2, 'A', true));
    q.add(placement('t3', 110, 3, 'B'));
    q.add(placement('t4', 105, 4));
    const snap = q.snapshot();
    const c = snap.index;
    expect(order(c)).toEqual(order(q));
    expect(c.size).toBe(4);
    expect(c.entryOf('t4')).toEqual(q.entryOf('t4'));
    expect(c.generation).toBe(q.generation);

    // The live index moves on: the clone stays as it was.
    q.remove('t1');
    q.add(placement('t5', 95, 5));
    expect(c.has('t1')).toBe(true);
    expect(c.has('t5')).toBe(false);
    expect([...c.lines.get('A|svc-sscard')!.ordinary].map((e) => e.ticketId)).toEqual(['t1', 't4']);

    // And the clone's own changes do not reach the live index.
    c.remove('t4');
    c.add(placement('t6', 80, 6, 'B'));
    expect(q.has('t4')).toBe(true);
    expect(q.has('t6')).toBe(false);
    expect([...c.lines.get('B|svc-invoice')!.ordinary].map((e) => e.ticketId)).toEqual(['t6', 't3']);
    expect(c.size).toBe(4);
    snap.release();
  });
});

describe('a queue index forked', () => {
  it('reads through to its source, and its own changes stay its own', () => {
    const q = new QueueIndex();
    for (let i = 1; i <= 5; i++) q.add(placement(`t${i}`, 100 + i, i));
    q.add(placement('b1', 100, 6, 'B'));
    const f = q.fork();
    expect(order(f)).toEqual(order(q));
    expect(f.size).toBe(6);
    expect(f.entryOf('t3')).toBe(q.entryOf('t3'));

    f.remove('t1');
    f.remove('t3');
    f.add(placement('t6', 200, 7));
    expect([...f.lines.get('A|svc-sscard')!.ordinary].map((e) => e.ticketId)).toEqual(['t2', 't4', 't5', 't6']);
    expect(f.has('t1')).toBe(false);
    expect(f.has('t6')).toBe(true);
    expect(f.size).toBe(5);
    // The source is as it was.
    expect([...q.lines.get('A|svc-sscard')!.ordinary].map((e) => e.ticketId)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(q.has('t1')).toBe(true);
    expect(q.has('t6')).toBe(false);
    expect(q.size).toBe(6);
  });
});
