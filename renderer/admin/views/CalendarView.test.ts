import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CatalogDocs } from '../../../protocol/admin';
import type { CalendarConfig, CalendarDayView, CalendarPageView } from '../../../protocol/calendar';
import type { AdminApi, ApiResult } from '../api/admin-api';
import { useAdminStore } from '../stores/admin';
import { useCalendarStore } from '../stores/calendar';
import { useSessionStore } from '../stores/session';
import CalendarView from './CalendarView.vue';

const config: CalendarConfig = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  weekday: { hours: { open: '09:00', close: '17:00' }, lunchBreak: null },
  extendedHours: [{ id: 'ext-wed', name: '周三延时服务', weekdays: [3], dates: [], close: '18:30', windowIds: ['w01'], serviceIds: null, note: '' }],
  cutoff: { defaultMinutes: 15, groups: { A: 30 } },
  signInEarlyMinutes: 60,
  closeDayGraceMinutes: 60,
  unknownYear: 'weekday-rules',
  roster: [
    {
      id: 'sat-am',
      name: '周六上午班',
      days: { weekend: ['sat'], holiday: false, dates: [] },
      hours: { open: '09:00', close: '12:00' },
      lunchBreak: null,
      windowIds: ['w01', 'w02'],
      staffIds: ['s-zhangwei'],
      serviceIds: null,
      note: '',
    },
  ],
};

function dayOf(date: string, weekday: number, over: Partial<CalendarDayView> = {}): CalendarDayView {
  const weekend = weekday >= 6;
  return {
    date,
    weekday,
    dayKind: weekend ? 'closed' : 'workday',
    basis: 'holiday-data',
    statutory: { kind: weekend ? 'weekend' : 'workday', makeUpWorkday: false, holidayName: null },
    holidayName: null,
    makeUpWorkday: false,
    override: null,
    shifts: [],
    hours: weekend ? [] : ['9:00-17:00'],
    extended: null,
    warnings: [],
    ...over,
  };
}

/** November 2026: the 1st is a Sunday. */
function month(): CalendarDayView[] {
  return Array.from({ length: 30 }, (_, i) => {
    const d = i + 1;
    const date = `2026-11-${String(d).padStart(2, '0')}`;
    const weekday = ((d + 5) % 7) + 1;
    if (weekday === 6) return dayOf(date, weekday, { dayKind: 'weekend-service', hours: ['9:00-12:00'], shifts: [{ id: 'sat-am', name: '周六上午班', dated: false }] });
    if (weekday === 3) return dayOf(date, weekday, { hours: ['9:00-18:30'], extended: { id: 'ext-wed', name: '周三延时服务', close: '18:30' } });
    return dayOf(date, weekday);
  });
}

const catalog = {
  hall: { name: '测试大厅' },
  groups: [{ id: 'A', name: '个人综合' }],
  windows: [
    { id: 'w01', number: 1, name: '综合窗口', comprehensive: true, serviceIds: [], groupIds: [], area: '' },
    { id: 'w02', number: 2, name: '综合窗口', comprehensive: true, serviceIds: [], groupIds: [], area: '' },
  ],
  staff: [
    { id: 's-zhangwei', username: 'zhangwei', name: '张伟', role: 'clerk', employeeNo: '001' },
    { id: 's-lina', username: 'lina', name: '李娜', role: 'clerk', employeeNo: '002' },
    { id: 's-admin', username: 'admin', name: '管理员', role: 'admin', employeeNo: '' },
  ],
  services: [{ id: 'svc-id-card', code: 'X1', name: '居民身份证申领', groupId: 'A' }],
} as unknown as CatalogDocs;

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

function fakeApi(sent: Sent[], answer: (s: Sent) => ApiResult<object> = () => ({ ok: true })): AdminApi {
  const page: CalendarPageView = { month: '2026-11', config, overrides: [], warnings: [], days: month(), calendarWired: true };
  return {
    get: async () => ({ ok: true, calendar: structuredClone(page) }) as never,
    send: async (method, path, body) => {
      const s = { method, path, body: JSON.parse(JSON.stringify(body ?? null)) as unknown };
      sent.push(s);
      return answer(s) as never;
    },
    upload: async () => ({ ok: true }) as never,
    download: async () => ({ ok: true }),
    syncStatus: async () => ({ ok: false, error: { code: 'OFFLINE', message: '' } }),
    notifyStatus: async () => ({ ok: false, error: { code: 'OFFLINE', message: '' } }),
  };
}

async function open(api: AdminApi): Promise<VueWrapper> {
  useSessionStore().api = api;
  useAdminStore().catalog = catalog;
  const w = mount(CalendarView, { attachTo: document.body });
  await flushPromises();
  return w;
}

describe('calendar page', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows the month with each day its kind, hours, shifts and evening', async () => {
    const w = await open(fakeApi([]));
    const grid = w.get('[data-testid=month-grid]');
    // Monday first: November 2026 starts on a Sunday, so six blanks lead.
    expect(grid.findAll('.cal-blank')).toHaveLength(6);
    expect(grid.get('[data-date="2026-11-28"]').text()).toContain('办事无休日');
    expect(grid.get('[data-date="2026-11-28"]').text()).toContain('周六上午班');
    expect(grid.get('[data-date="2026-11-25"]').text()).toContain('延时服务至 18:30');
    expect(grid.get('[data-date="2026-11-29"]').text()).toContain('休息');
    w.unmount();
  });

  it('opens a day with the statutory arrangement beside the override form', async () => {
    const w = await open(fakeApi([]));
    await w.get('[data-date="2026-11-29"]').trigger('click');
    const editor = w.get('[data-testid=day-editor]');
    expect(editor.get('[data-testid=statutory]').text()).toContain('周末');
    expect(editor.get('[data-testid=planned]').text()).toContain('不开放');
    expect(editor.get('h2').text()).toBe('2026年11月29日 周日');
    w.unmount();
  });

  it('refuses a new service day with no clerk on its shift, in Chinese beside the field, and sends nothing', async () => {
    const sent: Sent[] = [];
    const w = await open(fakeApi(sent));
    await w.get('[data-date="2026-11-29"]').trigger('click');
    await w.get('[data-testid=add-day-shift]').trigger('click');
    const shift = w.get('[data-testid=day-editor] [data-shift="d-2026-11-29"]');
    await shift.get('[data-pick="window:w01"]').setValue(true);
    await w.get('[data-testid=save-day]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([]);
    expect(shift.get('[data-error-for="roster[1].staffIds"]').text()).toBe('至少选择一名工作人员');
    expect(w.get('[data-testid=calendar-issues]').text()).toContain('班次「11月29日值班」 · 工作人员：至少选择一名工作人员');
    expect(w.get('[data-testid=calendar-notice]').text()).toContain('未保存');
    w.unmount();
  });

  it('saves the day with its override and the shift that names it, in one request', async () => {
    const sent: Sent[] = [];
    const w = await open(fakeApi(sent));
    await w.get('[data-date="2026-11-29"]').trigger('click');
    await w.get('[data-mode=hours]').setValue(true);
    await w.get('[data-field="override.hours.open"]').setValue('09:00');
    await w.get('[data-field="override.hours.close"]').setValue('11:30');
    await w.get('[data-testid=add-day-shift]').trigger('click');
    const shift = w.get('[data-shift="d-2026-11-29"]');
    await shift.get('[data-pick="window:w02"]').setValue(true);
    await shift.get('[data-pick="staff:s-lina"]').setValue(true);
    await w.get('[data-testid=save-day]').trigger('click');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'PUT', path: '/calendar/days/2026-11-29' });
    const body = sent[0]!.body as { override: unknown; config: CalendarConfig };
    expect(body.override).toEqual({ kind: 'hours', name: '特殊时间', note: '', hours: { open: '09:00', close: '11:30' } });
    expect(body.config.roster[1]).toMatchObject({ id: 'd-2026-11-29', days: { dates: ['2026-11-29'] }, windowIds: ['w02'], staffIds: ['s-lina'] });
    expect(w.get('[data-testid=calendar-notice]').text()).toBe('2026-11-29 已保存');
    w.unmount();
  });

  it("shows the server's refusal beside the field it names", async () => {
    const sent: Sent[] = [];
    const refusal: ApiResult<object> = {
      ok: false,
      error: { code: 'BAD_REQUEST', message: '本日设置无效：班次「周六上午班」 · 工作人员 · 第 1 项：工作人员 s-zhangwei 不存在', issues: [{ path: 'roster[0].staffIds[0]', message: '工作人员 s-zhangwei 不存在' }] },
    };
    const w = await open(fakeApi(sent, () => refusal));
    await w.get('[data-sub=roster]').trigger('click');
    await w.get('[data-testid=save-roster]').trigger('click');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(w.get('[data-testid=staff-matrix] [data-error-for="roster[0].staffIds"]').text()).toBe('工作人员 s-zhangwei 不存在');
    expect(w.get('[data-testid=calendar-notice]').text()).toContain('工作人员 s-zhangwei 不存在');
    w.unmount();
  });

  it('puts a clerk on a shift from the roster grid', async () => {
    const sent: Sent[] = [];
    const w = await open(fakeApi(sent));
    await w.get('[data-sub=roster]').trigger('click');
    await w.get('[data-cell="staff:s-lina:0"]').setValue(true);
    await w.get('[data-cell="window:w02:0"]').setValue(false);
    expect(useCalendarStore().dirty).toBe(true);
    await w.get('[data-testid=save-roster]').trigger('click');
    await flushPromises();
    const body = sent[0]!.body as CalendarConfig;
    expect(sent[0]!.path).toBe('/calendar');
    expect(body.roster[0]).toMatchObject({ staffIds: ['s-zhangwei', 's-lina'], windowIds: ['w01'] });
    w.unmount();
  });

  it('checks the workday timetable before saving: closing before opening is named', async () => {
    const sent: Sent[] = [];
    const w = await open(fakeApi(sent));
    await w.get('[data-sub=timetable]').trigger('click');
    await w.get('[data-field="weekday.hours.close"]').setValue('08:00');
    await w.get('[data-testid=save-timetable]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([]);
    expect(w.get('[data-error-for="weekday.hours.close"]').text()).toBe('结束时间须晚于开始时间');
    w.unmount();
  });

  it('refuses JSON that does not parse, and JSON that parses but is wrong, in Chinese', async () => {
    const sent: Sent[] = [];
    const w = await open(fakeApi(sent));
    await w.get('[data-sub=raw]').trigger('click');
    const box = w.get('textarea');
    expect((box.element as HTMLTextAreaElement).value).toContain('周六上午班');
    await box.setValue('{ "version": 1,');
    await w.get('[data-testid=save-raw]').trigger('click');
    expect(w.get('[data-testid=calendar-issues]').text()).toContain('不是有效的 JSON');
    await box.setValue(JSON.stringify({ ...config, cutoff: { defaultMinutes: 999 } }));
    await w.get('[data-testid=save-raw]').trigger('click');
    expect(w.get('[data-testid=calendar-issues]').text()).toContain('取号截止 · 默认截止分钟：不能超过 240 分钟');
    expect(sent).toEqual([]);
    w.unmount();
  });
});
