import { describe, expect, it } from 'vitest';
import { intervalOverDays, type Measured } from '../bench/estimates';
import { p90 } from '../bench/stats';

/** A measured ticket told `told` minutes that waited `waited`. */
const ticket = (told: number, waited: number): Measured => ({
  actualMin: waited, oursMin: told, low: 0, high: null, formulaMin: 0, groupId: 'A', priority: 'none', bundle: false, ahead: 0, takenAt: 0,
});
const day = (errors: number[]) => errors.map((e) => ticket(10, 10 + e));

describe("the accuracy bench's interval over days", () => {
  it('is a single point when every day is alike', () => {
    const d = day([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const i = intervalOverDays([d, d, d, d])!;
    expect(i.p90Min).toEqual([9, 9]);
    expect(i.maeMin).toEqual([4.5, 4.5]);
  });

  it('spreads around the pooled figure when one day is worse, and says nothing from one day', () => {
    const good = day([0, 1, 1, 2, 2, 3, 3, 4, 4, 5]);
    const bad = day([5, 8, 10, 12, 15, 18, 20, 25, 30, 40]);
    const days = [good, good, good, good, good, bad];
    const pooled = p90(days.flat().map((x) => Math.abs(x.oursMin - x.actualMin)));
    const i = intervalOverDays(days)!;
    expect(i.p90Min[0]).toBeLessThan(pooled);
    expect(i.p90Min[1]).toBeGreaterThan(pooled);
    expect(intervalOverDays(days)).toEqual(i);
    expect(intervalOverDays([bad])).toBeNull();
  });
});
