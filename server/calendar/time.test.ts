import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, businessDateOf, formatMinutes, instantAt, isIsoDate, isoWeekday, minuteOfDay, parseHhmm } from './time';

describe('Shanghai time', () => {
  it('puts 2026-10-09T16:30Z on 2026-10-10 00:30 in the hall', () => {
    const t = Date.parse('2026-10-09T16:30:00Z');
    expect(businessDateOf(t)).toBe('2026-10-10');
    expect(minuteOfDay(t)).toBe(30);
    expect(instantAt('2026-10-10', 30)).toBe(t);
  });

  it('knows weekdays, month ends and leap days', () => {
    expect(isoWeekday('2026-10-10')).toBe(6);
    expect(isoWeekday('2026-02-15')).toBe(7);
    expect(isoWeekday('2026-03-03')).toBe(2);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
  });

  it('reads and writes times as the hall does', () => {
    expect(parseHhmm('09:00')).toBe(540);
    expect(parseHhmm('24:00')).toBe(1440);
    expect(() => parseHhmm('24:01')).toThrow(RangeError);
    expect(() => parseHhmm('9:00')).toThrow(RangeError);
    expect(formatMinutes(540)).toBe('9:00');
    expect(formatMinutes(1110)).toBe('18:30');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => instantAt('2026-2-3', 0)).toThrow(RangeError);
    expect(() => businessDateOf(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips any instant through its date and minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (t) => {
        const start = instantAt(businessDateOf(t), minuteOfDay(t));
        expect(t - start).toBeGreaterThanOrEqual(0);
        expect(t - start).toBeLessThan(60_000);
      }),
    );
  });
});
