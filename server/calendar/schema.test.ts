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

function refusal(input: unknown): { message: string; issues: { path: string; message: string }[] } {
  const r = parseCalendarConfig(input);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe('BAD_REQUEST');
  return r.error;
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

  // Each refusal names the field twice: by path for the console to mark the field, in Chinese for people.
  it.each<[string, (c: CalendarConfigInput) => void, string, string, string]>([
    ['closing before opening', (c) => (c.weekday.hours.close = '08:00'), 'weekday.hours.close', '工作日 · 时间 · 结束时间', '结束时间须晚于开始时间'],
    ['a time that is not HH:MM', (c) => (c.weekday.hours.open = '9:00'), 'weekday.hours.open', '工作日 · 时间 · 开始时间', '时间格式为 HH:MM'],
    ['a lunch break outside the hours', (c) => (c.weekday.lunchBreak = { start: '17:30', end: '18:00', mode: 'closed' }), 'weekday.lunchBreak', '工作日 · 午休', '午休须在办公时间之内'],
    ['a reduced lunch without windows', (c) => (c.weekday.lunchBreak = { start: '12:00', end: '13:00', mode: 'reduced' }), 'weekday.lunchBreak.windowIds', '工作日 · 午休 · 窗口', '午间不打烊须列出继续服务的窗口'],
    ['a shift without days', (c) => (c.roster![0]!.days = {}), 'roster[0].days', '班次「周六班」 · 适用日期', '班次须指定周末、节假日或具体日期'],
    ['a shift without staff', (c) => (c.roster![0]!.staffIds = []), 'roster[0].staffIds', '班次「周六班」 · 工作人员', '至少选择一名工作人员'],
    ['a shift without windows', (c) => (c.roster![0]!.windowIds = []), 'roster[0].windowIds', '班次「周六班」 · 窗口', '至少选择一个窗口'],
    ['a shift without a name', (c) => (c.roster![0]!.name = ' '), 'roster[0].name', '班次第 1 项 · 名称', '请填写名称'],
    ['a window id in capitals', (c) => (c.roster![0]!.windowIds = ['W01']), 'roster[0].windowIds[0]', '班次「周六班」 · 窗口 · 第 1 项', '编号只能由小写字母'],
    ['a date that does not exist', (c) => (c.roster![0]!.days.dates = ['2026-02-30']), 'roster[0].days.dates[0]', '班次「周六班」 · 适用日期 · 具体日期 · 第 1 项', '须为真实日期'],
    ['two shifts with one id', (c) => c.roster!.push({ ...c.roster![0]! }), 'roster[1].id', '班次「周六班」 · 编号', '班次编号重复：sat'],
    ['a cut-off group that is not a letter', (c) => (c.cutoff.groups = { ab: 30 }), 'cutoff.groups.ab', '取号截止 · 分组截止分钟 · ab 组', '队列分组是一个大写字母'],
    ['a cut-off too long', (c) => (c.cutoff.groups = { A: 300 }), 'cutoff.groups.A', '取号截止 · 分组截止分钟 · A 组', '不能超过 240 分钟'],
    ['extended hours closing before the workday does', (c) => (c.extendedHours = [{ id: 'e', name: '延时', weekdays: [3], close: '16:00', windowIds: null, serviceIds: null }]), 'extendedHours[0].close', '延时服务「延时」 · 结束时间', '延时服务结束时间须晚于工作日下班时间'],
    ['an unknown-year policy that does not exist', (c) => ((c as Record<string, unknown>).unknownYear = 'guess'), 'unknownYear', '缺节假日数据的年份', '不开放'],
  ])('refuses %s and names the field', (_what, breakIt, path, label, text) => {
    const c = base();
    breakIt(c);
    const e = refusal(c);
    expect(e.issues.map((i) => i.path)).toContain(path);
    expect(e.issues.find((i) => i.path === path)!.message).toContain(text);
    expect(e.message).toContain(label);
    // No machine words reach the manager: no zod vocabulary, no English.
    expect(e.message).not.toMatch(/array|string|number|expected|Invalid/i);
  });

  it('answers in Chinese and lists every issue, not only the first', () => {
    const c = base();
    c.roster![0]!.staffIds = [];
    c.roster![0]!.hours.close = '08:00';
    const e = refusal({ ...c, version: 2 });
    expect(e.message).toMatch(/^日历配置无效：配置版本：配置版本须为 1（另有 2 处）$/);
    expect(e.issues.map((i) => i.path).sort()).toEqual(['roster[0].hours.close', 'roster[0].staffIds', 'version']);
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
