import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalendarConfigInput, CalendarOverrideInput } from './schema';
import { at, calendarOf, seedConfig } from './test-fixtures';
import { addDays } from './time';

/** Random halls: the seed with its lunch, extension and Saturday matters varied, plus random overrides. */
const hallArb = fc.record({
  lunch: fc.constantFrom('none', 'closed', 'reduced'),
  saturdayServices: fc.constantFrom<string[] | null>(null, ['svc-a'], ['svc-a', 'svc-b']),
  extensionServices: fc.constantFrom<string[] | null>(null, ['svc-b']),
  unknownYear: fc.constantFrom('weekday-rules', 'closed'),
  overrides: fc.uniqueArray(
    fc.record({
      day: fc.integer({ min: 0, max: 800 }),
      kind: fc.constantFrom('holiday', 'workday', 'closed', 'hours'),
      open: fc.integer({ min: 6, max: 12 }),
      length: fc.integer({ min: 1, max: 9 }),
    }),
    { selector: (o) => o.day, maxLength: 30 },
  ),
});

type Hall = typeof hallArb extends fc.Arbitrary<infer T> ? T : never;

function build(h: Hall) {
  const config: CalendarConfigInput = {
    ...seedConfig,
    unknownYear: h.unknownYear,
    weekday: {
      hours: { open: '09:00', close: '17:00' },
      lunchBreak: h.lunch === 'none' ? null : { start: '12:00', end: '13:30', mode: h.lunch, windowIds: h.lunch === 'reduced' ? ['w01'] : [] },
    },
    extendedHours: [{ id: 'ext-wed', name: '周三延时服务', weekdays: [3], close: '18:30', windowIds: ['w01'], serviceIds: h.extensionServices }],
    roster: seedConfig.roster.map((s) => (s.id === 'sat-am' ? { ...s, serviceIds: h.saturdayServices } : s)),
  };
  const hh = (n: number) => `${String(n).padStart(2, '0')}:00`;
  const overrides: CalendarOverrideInput[] = h.overrides.map((o) => {
    const date = addDays('2025-12-01', o.day);
    return o.kind === 'hours'
      ? { date, kind: 'hours', name: '调整', hours: { open: hh(o.open), close: hh(o.open + o.length) } }
      : { date, kind: o.kind, name: '调整' };
  });
  return calendarOf(overrides, config);
}

const instantArb = fc.integer({ min: at('2025-12-01 00:00'), max: at('2028-02-01 00:00') });
const groupArb = fc.constantFrom('A', 'B', 'C');
const servicesArb = fc.constantFrom<string[]>([], ['svc-a'], ['svc-b'], ['svc-a', 'svc-b']);

describe('calendar properties', () => {
  it('nextOpenAt is now or later, open, and nothing before it is open', () => {
    fc.assert(
      fc.property(hallArb, instantArb, fc.double({ min: 0, max: 1, noNaN: true }), (h, t, frac) => {
        const cal = build(h);
        const s = cal.status(t);
        if (s.nextOpenAt === null) {
          expect(s.open).toBe(false);
          return;
        }
        expect(s.nextOpenAt).toBeGreaterThanOrEqual(t);
        expect(cal.status(s.nextOpenAt).open).toBe(true);
        expect(s.open).toBe(s.nextOpenAt === t);
        const between = t + Math.floor((s.nextOpenAt - t) * frac);
        if (between < s.nextOpenAt) expect(cal.status(between).open).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('nextIssuingAt is now or later and issuing, and the headline shows exactly when not issuing', () => {
    fc.assert(
      fc.property(hallArb, instantArb, (h, t) => {
        const cal = build(h);
        const s = cal.status(t);
        expect(s.message === null).toBe(s.issuing);
        if (s.nextIssuingAt === null) return;
        expect(s.nextIssuingAt).toBeGreaterThanOrEqual(t);
        expect(cal.status(s.nextIssuingAt).issuing).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a refused ticket can be taken at the nextOpenAt it was told', () => {
    fc.assert(
      fc.property(hallArb, instantArb, groupArb, servicesArb, (h, t, g, services) => {
        const cal = build(h);
        const d = cal.canIssue(t, g, services);
        if (d.ok || d.nextOpenAt === null) return;
        expect(d.nextOpenAt).toBeGreaterThan(t);
        expect(cal.canIssue(d.nextOpenAt, g, services)).toMatchObject({ ok: true });
      }),
      { numRuns: 400 },
    );
  });

  it('an accepted ticket comes while the hall is open and before its cut-off', () => {
    fc.assert(
      fc.property(hallArb, instantArb, groupArb, servicesArb, (h, t, g, services) => {
        const cal = build(h);
        const d = cal.canIssue(t, g, services);
        if (!d.ok) return;
        const s = cal.status(t);
        expect(s.open).toBe(true);
        expect(s.issuing).toBe(true);
        expect(t).toBeLessThan(d.cutoffAt);
        expect(d.cutoffAt).toBeLessThanOrEqual(s.closesAt!);
      }),
      { numRuns: 400 },
    );
  });

  it('never calls a day of a year without data a workday, unless the hall entered the year or the day', () => {
    fc.assert(
      fc.property(hallArb, fc.integer({ min: at('2027-01-01 00:00'), max: at('2027-12-31 23:59') }), (h, t) => {
        const cal = build(h);
        const s = cal.status(t);
        if (cal.coverage(2027).covered) {
          expect(s.warnings.filter((w) => w.startsWith('2027 年'))).toEqual([]);
          expect(s.dayKind).not.toBe('unknown');
        } else if (s.basis !== 'override') {
          expect(s.dayKind).toBe('unknown');
          expect(s.warnings.filter((w) => w.startsWith('2027 年'))).toHaveLength(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers an instant as a fresh calendar does, whatever it was asked before (its memo of the last day)', () => {
    // Instants around one midnight and the next day's, so the memo is reused, left and taken up again.
    const near = fc.integer({ min: at('2026-11-24 23:50'), max: at('2026-11-25 00:10') });
    const far = fc.integer({ min: at('2026-11-23 08:00'), max: at('2026-11-27 18:00') });
    fc.assert(
      fc.property(hallArb, fc.array(fc.oneof(near, far, instantArb), { minLength: 1, maxLength: 12 }), groupArb, servicesArb, (h, instants, g, services) => {
        const cal = build(h);
        for (const t of instants) {
          const fresh = build(h);
          expect(cal.canIssue(t, g, services)).toEqual(fresh.canIssue(t, g, services));
          expect(cal.tag(t)).toEqual(fresh.tag(t));
        }
        expect(() => cal.canIssue(Number.NaN, g, services)).toThrow(RangeError);
      }),
      { numRuns: 100 },
    );
  });
});
