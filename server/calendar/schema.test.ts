import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCalendarConfig, parseCalendarOverride, parseCalendarOverrides, type CalendarConfigInput } from './schema';

const seed: unknown = JSON.parse(readFileSync(new URL('../../seeds/calendar.json', import.meta.url), 'utf8'));

/** A minimal valid configuration that each case below breaks in one place. */
function base(): CalendarConfigInput {
  return {
    version: 1,
    weekday: { hours: { open: '09:00', close: '17:00' } },
    cutoff: { defaultMinutes: 30 },
    roster: [
      {
        id: 'sat',
        name: '周六班',
        days: { weekend: ['sat'] },
        hours: { open: '09:00', close: '12:00' },
        windowIds: ['w01'],
        staffIds: ['s-zhang'],
        serviceIds: null,
      },
    ],
  };
}

function refusal(input: unknown): string {
  const r = parseCalendarConfig(input);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe('BAD_REQUEST');
  return r.error.message;
}

describe('calendar config schema', () => {
  it('accepts the demo hall seed and fills in defaults', () => {
    const r = parseCalendarConfig(seed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.timeZone).toBe('Asia/Shanghai');
    expect(r.value.weekday.lunchBreak?.mode).toBe('reduced');
    expect(r.value.roster.map((s) => s.id)).toContain('sat-am');
  });

  it('fills defaults on a minimal config', () => {
    const r = parseCalendarConfig(base());
    expect(r.ok && r.value).toMatchObject({ signInEarlyMinutes: 60, closeDayGraceMinutes: 0, unknownYear: 'weekday-rules', extendedHours: [] });
  });

  it.each<[string, (c: CalendarConfigInput) => void, string]>([
    ['closing before opening', (c) => (c.weekday.hours.close = '08:00'), 'weekday.hours.close'],
    ['a time that is not HH:MM', (c) => (c.weekday.hours.open = '9:00'), 'weekday.hours.open'],
    ['a lunch break outside the hours', (c) => (c.weekday.lunchBreak = { start: '17:30', end: '18:00', mode: 'closed' }), 'weekday.lunchBreak'],
    ['a reduced lunch without windows', (c) => (c.weekday.lunchBreak = { start: '12:00', end: '13:00', mode: 'reduced' }), 'windowIds'],
    ['a shift without days', (c) => (c.roster![0]!.days = {}), 'roster.0.days'],
    ['a shift without staff', (c) => (c.roster![0]!.staffIds = []), 'roster.0.staffIds'],
    ['a window id in capitals', (c) => (c.roster![0]!.windowIds = ['W01']), 'roster.0.windowIds.0'],
    ['a date that does not exist', (c) => (c.roster![0]!.days.dates = ['2026-02-30']), 'roster.0.days.dates.0'],
    ['two shifts with one id', (c) => c.roster!.push({ ...c.roster![0]! }), 'roster.1'],
    ['a cut-off group that is not a letter', (c) => (c.cutoff.groups = { ab: 30 }), 'cutoff.groups'],
    ['extended hours closing before the workday does', (c) => (c.extendedHours = [{ id: 'e', name: '延时', weekdays: [3], close: '16:00', windowIds: null, serviceIds: null }]), 'extendedHours.0.close'],
    ['an unknown-year policy that does not exist', (c) => ((c as Record<string, unknown>).unknownYear = 'guess'), 'unknownYear'],
  ])('refuses %s and names the field', (_what, breakIt, field) => {
    const c = base();
    breakIt(c);
    expect(refusal(c)).toContain(field);
  });

  it('answers in Chinese', () => {
    expect(refusal({ ...base(), version: 2 })).toMatch(/^日历配置无效：version：/);
  });
});

describe('calendar override schema', () => {
  it('accepts each kind, hours only with hours', () => {
    const r = parseCalendarOverrides([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节调休' },
      { date: '2026-03-06', kind: 'closed', name: '设备检修', note: '配电改造' },
      { date: '2026-03-05', kind: 'hours', name: '提前闭厅', hours: { open: '09:00', close: '15:00' } },
    ]);
    expect(r.ok).toBe(true);
  });

  it('refuses an hours override without hours', () => {
    const r = parseCalendarOverride({ date: '2026-03-05', kind: 'hours', name: '提前闭厅' });
    expect(r.ok).toBe(false);
  });

  it('refuses two overrides on one date', () => {
    const r = parseCalendarOverrides([
      { date: '2026-03-06', kind: 'closed', name: '设备检修' },
      { date: '2026-03-06', kind: 'holiday', name: '休息' },
    ]);
    expect(!r.ok && r.error.message).toContain('调整日期重复：2026-03-06');
  });

  it('refuses a kind it does not know', () => {
    expect(parseCalendarOverride({ date: '2026-03-06', kind: 'maybe', name: 'x' }).ok).toBe(false);
  });
});
