import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, businessDateOf, hallWallClock, isIsoDate } from './business-date';

describe('business date', () => {
  it('turns the date at 16:00 UTC, the hall’s midnight', () => {
    expect(businessDateOf(Date.parse('2026-10-09T15:59:59.999Z'))).toBe('2026-10-09');
    expect(businessDateOf(Date.parse('2026-10-09T16:00:00Z'))).toBe('2026-10-10');
    expect(businessDateOf(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('reads the wall clock in the hall’s time whatever the offset it was written with', () => {
    expect(hallWallClock(Date.parse('2026-11-24T01:05:09Z'))).toBe('2026-11-24T09:05:09.000');
    expect(hallWallClock(Date.parse('2026-11-24T09:05:09+08:00'))).toBe('2026-11-24T09:05:09.000');
  });

  it('agrees with the Asia/Shanghai zone of the platform for any instant since 1992', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2040, 0, 1) }), (t) => {
        expect(businessDateOf(t)).toBe(zone.format(t));
      }),
    );
  });

  it('refuses what is not an instant or a date', () => {
    expect(() => businessDateOf(Number.NaN)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });
});
