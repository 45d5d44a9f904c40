import { describe, expect, it } from 'vitest';
import { SeqSync } from './seq-sync';

const ev = (seq: number) => ({ seq, event: { type: 'WindowResumed' as const, at: seq, windowId: 'w01' } });

describe('SeqSync', () => {
  it('applies events that follow the snapshot one by one', () => {
    const s = new SeqSync();
    s.onSnapshot(10);
    expect(s.onEvent(ev(11))).toBe('apply');
    expect(s.onEvent(ev(12))).toBe('apply');
    expect(s.lastSeq).toBe(12);
  });

  it('ignores an event the snapshot already covers', () => {
    const s = new SeqSync();
    s.onSnapshot(10);
    expect(s.onEvent(ev(10))).toBe('ignore');
    expect(s.onEvent(ev(7))).toBe('ignore');
  });

  it('reports a gap and holds later events until the snapshot, then replays those after it', () => {
    const s = new SeqSync();
    s.onSnapshot(10);
    expect(s.onEvent(ev(13))).toBe('gap');
    expect(s.resyncing).toBe(true);
    expect(s.onEvent(ev(14))).toBe('buffer');
    expect(s.onEvent(ev(15))).toBe('buffer');
    const { replay, gap } = s.onSnapshot(13);
    expect(replay.map((p) => p.seq)).toEqual([14, 15]);
    expect(gap).toBe(false);
    expect(s.lastSeq).toBe(15);
  });

  it('asks again when the held events still have a hole after the snapshot', () => {
    const s = new SeqSync();
    s.onSnapshot(10);
    s.onEvent(ev(12));
    s.onEvent(ev(15));
    const { replay, gap } = s.onSnapshot(12);
    expect(replay).toEqual([]);
    expect(gap).toBe(true);
  });

  it('holds events that arrive before the first snapshot', () => {
    const s = new SeqSync();
    expect(s.onEvent(ev(5))).toBe('buffer');
    expect(s.onSnapshot(4).replay.map((p) => p.seq)).toEqual([5]);
  });
});
