import { describe, expect, it } from 'vitest';
import { hourOf, mean, p90, percent, toMinutes } from './stats';

describe('report statistics', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[1, 1, 7, 15], 15],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 9],
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 11], 10],
  ])('takes the nearest-rank 90th percentile of %j as %s', (xs, want) => {
    expect(p90(xs)).toBe(want);
  });

  it('rounds minutes and percentages to one decimal, and says null for nothing', () => {
    expect(toMinutes(525_000)).toBe(8.8);
    expect(toMinutes(null)).toBe(null);
    expect(mean([])).toBe(null);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBe(null);
  });

  it('reads the hour in the hall time zone', () => {
    expect(hourOf(Date.parse('2026-11-24T09:59:59+08:00'))).toBe(9);
    expect(hourOf(Date.parse('2026-11-24T00:30:00+08:00'))).toBe(0);
    expect(hourOf(Date.parse('2026-11-23T23:30:00+08:00'))).toBe(23);
  });
});
