import { afterEach, describe, expect, it, vi } from 'vitest';
import { repeatEvery } from './repeat';

describe('repeatEvery', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('looks at once, then every period, and not after stop', () => {
    vi.useFakeTimers();
    const look = vi.fn();
    const r = repeatEvery(1000, look, () => undefined);
    expect(look).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2500);
    expect(look).toHaveBeenCalledTimes(3);
    r.stop();
    vi.advanceTimersByTime(5000);
    expect(look).toHaveBeenCalledTimes(3);
  });

  it('hands a failed look to onError and keeps looking', () => {
    vi.useFakeTimers();
    let n = 0;
    const errors: unknown[] = [];
    const r = repeatEvery(
      100,
      () => {
        n++;
        if (n <= 2) throw new Error(`look ${n}`);
      },
      (e) => errors.push(e),
    );
    vi.advanceTimersByTime(300);
    r.stop();
    expect(n).toBe(4);
    expect(errors.map((e) => (e as Error).message)).toEqual(['look 1', 'look 2']);
  });
});
