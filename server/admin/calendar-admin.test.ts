import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarConfig, CalendarDayView, CalendarPageView } from '../../protocol/calendar';
import { FakeClock, rid } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

/** Tuesday 2026-11-24 09:00 in the hall. Sunday 2026-11-29 has no shift in the demo roster. */
const TUESDAY = Date.parse('2026-11-24T09:00:00+08:00');
const SUNDAY_10 = Date.parse('2026-11-29T10:00:00+08:00');

describe('admin calendar', () => {
  let h: AdminHall;
  let token: string;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(TUESDAY);
    h = await startAdminHall({ clock, hallOptions: { calendar: 'hall', schedulerEveryMs: 0 } });
    token = await h.login('admin');
  });
  afterEach(async () => {
    await h.stop();
  });

  async function page(month = '2026-11'): Promise<CalendarPageView> {
    return (await h.api<{ calendar: CalendarPageView }>(token, 'GET', `/calendar?month=${month}`)).body.calendar;
  }
  const day = (p: CalendarPageView, date: string) => p.days.find((d) => d.date === date)!;

  it('shows each day with its kind, hours, shifts, extension and the statutory arrangement beneath an override', async () => {
    const oct = await page('2026-10');
    expect(day(oct, '2026-10-01')).toMatchObject({ dayKind: 'closed', statutory: { kind: 'holiday', holidayName: '国庆节' }, shifts: [] });
    expect(day(oct, '2026-10-04')).toMatchObject({ dayKind: 'holiday-service', hours: ['9:00-12:00'], shifts: [{ id: 'nd-duty', dated: true }] });
    expect(day(oct, '2026-10-10')).toMatchObject({ dayKind: 'workday', makeUpWorkday: true, statutory: { kind: 'workday', makeUpWorkday: true } });
    // Without a month, the hall's own month (its clock, not the browser's).
    const nov = (await h.api<{ calendar: CalendarPageView }>(token, 'GET', '/calendar')).body.calendar;
    expect(nov.month).toBe('2026-11');
    expect(nov.days).toHaveLength(30);
    expect(day(nov, '2026-11-25')).toMatchObject({ dayKind: 'workday', hours: ['9:00-18:30'], extended: { id: 'ext-wed', close: '18:30' } });
    expect(day(nov, '2026-11-28')).toMatchObject({ dayKind: 'weekend-service', shifts: [{ id: 'sat-am', dated: false }] });

    const put = await h.api(token, 'PUT', '/calendar/overrides/2026-10-05', { kind: 'hours', name: '假期加班', hours: { open: '09:00', close: '11:00' } });
    expect(put.status).toBe(200);
    // The override decides the day; the statutory arrangement is still shown beside it.
    expect(day(await page('2026-10'), '2026-10-05')).toMatchObject({ basis: 'override', hours: ['9:00-11:00'], statutory: { kind: 'holiday', holidayName: '国庆节' } });
  });

  it('saves a Sunday as a 办事无休日 with its new shift in one step, and the hall serves it', async () => {
    const before = await page();
    expect(day(before, '2026-11-29').dayKind).toBe('closed');
    const config = structuredClone(before.config!) as CalendarConfig;
    config.roster.push({
      id: 'sun-1129',
      name: '11月29日加班',
      days: { weekend: [], holiday: false, dates: ['2026-11-29'] },
      hours: { open: '09:00', close: '12:00' },
      lunchBreak: null,
      windowIds: ['w01', 'w02'],
      staffIds: ['s-zhangwei', 's-lina'],
      serviceIds: ['svc-id-card', 'svc-sscard'],
      note: '',
    });
    const r = await h.api<{ day: CalendarDayView }>(token, 'PUT', '/calendar/days/2026-11-29', { override: null, config });
    expect(r.status).toBe(200);
    expect(r.body.day).toMatchObject({ dayKind: 'weekend-service', hours: ['9:00-12:00'], shifts: [{ id: 'sun-1129', dated: true }] });

    // The running hall took it: on that Sunday the kiosk issues for the shift's matters, the roster signs in.
    const cal = h.server.calendar!;
    expect(cal.status(SUNDAY_10)).toMatchObject({ dayKind: 'weekend-service', open: true });
    expect(cal.canIssue(SUNDAY_10, 'A', ['svc-id-card']).ok).toBe(true);
    expect(cal.canIssue(SUNDAY_10, 'A', ['svc-hukou-move']).ok).toBe(false);
    expect(cal.canSignIn(SUNDAY_10, 's-lina', 'w02').ok).toBe(true);
    expect(cal.canSignIn(SUNDAY_10, 's-wangfang', 'w02').ok).toBe(false);

    const audit = (await h.api(token, 'GET', '/audit?targetKind=calendar')).body.entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'calendar.update', actorId: 's-admin' });
  });

  it('sets and removes a day override through the day editor, each audited', async () => {
    const config = (await page()).config;
    const set = await h.api(token, 'PUT', '/calendar/days/2026-11-26', { override: { kind: 'closed', name: '设备检修', note: '' }, config });
    expect(set.status).toBe(200);
    expect(set.body.day).toMatchObject({ dayKind: 'closed', override: { kind: 'closed', name: '设备检修' }, statutory: { kind: 'workday' } });
    const cleared = await h.api(token, 'PUT', '/calendar/days/2026-11-26', { override: null, config });
    expect(cleared.body.day).toMatchObject({ dayKind: 'workday', override: null });
    const audit = (await h.api(token, 'GET', '/audit?targetKind=calendarOverride')).body.entries;
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['calendarOverride.create', 'calendarOverride.delete']);
    // The configuration was sent unchanged: no calendar.update row.
    expect((await h.api(token, 'GET', '/audit?targetKind=calendar')).body.entries).toHaveLength(0);
  });

  it('refuses a day with every bad field named by path and in Chinese, and writes nothing', async () => {
    const config = structuredClone((await page()).config!) as CalendarConfig;
    config.roster.push({
      id: 'sun-1129',
      name: '周日加班',
      days: { weekend: [], holiday: false, dates: ['2026-11-29'] },
      hours: { open: '12:00', close: '09:00' },
      lunchBreak: null,
      windowIds: ['w01', 'w99'],
      staffIds: [],
      serviceIds: null,
      note: '',
    });
    const r = await h.api(token, 'PUT', '/calendar/days/2026-11-29', { override: { kind: 'hours', name: '', hours: { open: '09:00', close: '25:00' } }, config });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    const issues = r.body.error.issues as { path: string; message: string }[];
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'override.name', message: '请填写名称' },
        { path: 'override.hours.close', message: '时间格式为 HH:MM（00:00-24:00）' },
        { path: 'roster[2].hours.close', message: '结束时间须晚于开始时间' },
        { path: 'roster[2].staffIds', message: '至少选择一名工作人员' },
      ]),
    );
    expect(r.body.error.message).toMatch(/^本日设置无效：日期调整 · 名称：请填写名称（另有 \d 处）$/);
    expect((await h.api(token, 'GET', '/audit')).body.entries).toHaveLength(0);

    // Once the form is right, the unknown window is named beside its field.
    config.roster[2]!.hours = { open: '09:00', close: '12:00' };
    config.roster[2]!.staffIds = ['s-zhangwei'];
    const refs = await h.api(token, 'PUT', '/calendar/days/2026-11-29', { override: null, config });
    expect(refs.body.error.issues).toEqual([{ path: 'roster[2].windowIds[1]', message: '窗口 w99 不存在' }]);
    expect(refs.body.error.message).toBe('本日设置无效：班次「周日加班」 · 窗口 · 第 2 项：窗口 w99 不存在');
  });

  it('refuses a shift dated on a working day, which the day would ignore', async () => {
    const config = structuredClone((await page()).config!) as CalendarConfig;
    config.roster[0]!.days.dates = ['2026-11-26'];
    const r = await h.api(token, 'PUT', '/calendar/days/2026-11-26', { override: null, config });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]).toMatchObject({ path: 'shifts' });
    expect(r.body.error.issues[0].message).toContain('本日是工作日');
    // Made a day off first, the same shift runs.
    const ok = await h.api(token, 'PUT', '/calendar/days/2026-11-26', { override: { kind: 'holiday', name: '调休放假' }, config });
    expect(ok.body.day).toMatchObject({ dayKind: 'holiday-service', shifts: [{ id: config.roster[0]!.id, dated: true }] });
  });

  it('refuses the whole configuration with the field of each problem, in Chinese', async () => {
    const config = structuredClone((await page()).config!) as CalendarConfig;
    config.weekday.hours.close = '08:00';
    const r = await h.api(token, 'PUT', '/calendar', config);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('日历配置无效：工作日 · 时间 · 结束时间：结束时间须晚于开始时间');
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toContain('weekday.hours.close');
  });

  it('lets a clerk sign in on the new service day only to the roster', async () => {
    const config = structuredClone((await page()).config!) as CalendarConfig;
    config.roster.push({ id: 'sun-1129', name: '周日加班', days: { weekend: [], holiday: false, dates: ['2026-11-29'] }, hours: { open: '09:00', close: '12:00' }, lunchBreak: null, windowIds: ['w03'], staffIds: ['s-wangfang'], serviceIds: null, note: '' });
    expect((await h.api(token, 'PUT', '/calendar/days/2026-11-29', { override: null, config })).status).toBe(200);
    clock.t = SUNDAY_10;
    h.server.scheduler?.tick();
    const clerk = (await h.terminal(await h.login('wangfang'))).socket;
    const ok = await clerk.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w03' });
    expect(ok.ok).toBe(true);
    const other = (await h.terminal(await h.login('zhangwei'))).socket;
    const refused = await other.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w04' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_ON_ROSTER' } });
  });
});
