import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LiveView as Live, NotifyStatus, PrinterStatusView, SyncStatus } from '../../../protocol/admin';
import type { AdminApi } from '../api/admin-api';
import { useSessionStore } from '../stores/session';
import { useAdminStore } from '../stores/admin';
import { useConnectionStore } from '../../shared/stores/connection';
import { FakeHallClient } from '../../shared/testing/fake-client';
import LiveView from './LiveView.vue';

const live: Live = {
  now: 0,
  businessDate: '2026-11-24',
  dayOpen: true,
  waitAlertMinutes: 30,
  totals: { taken: 5, served: 3, noShows: 0, waiting: 2, windowsOpen: 2 },
  groups: [],
  windows: [],
  longWaits: [],
  stranded: [],
  waiting: [],
  matters: [],
};

const notifyBase: NotifyStatus = {
  configured: false,
  enabled: false,
  adapter: 'none',
  contacts: 0,
  backlog: 0,
  sent: 0,
  deadLetters: 0,
  lastSuccessAt: null,
  lastError: null,
  nextAttemptAt: null,
  recentDeadLetters: [],
};

function fakeApi(sync: SyncStatus, printers: PrinterStatusView[] = [], notify: NotifyStatus = notifyBase): AdminApi {
  return {
    get: async () => ({ ok: true, live, alerts: [], printers }) as never,
    send: async () => ({ ok: true }) as never,
    upload: async () => ({ ok: true }) as never,
    download: async () => ({ ok: true }),
    syncStatus: async () => ({ ok: true, ...sync }),
    notifyStatus: async () => ({ ok: true, ...notify }),
  };
}

const base: SyncStatus = {
  configured: true,
  adapter: 'yichuang-v1',
  backlog: 0,
  deadLetters: 0,
  lastSuccessAt: null,
  lastAttemptAt: null,
  lastError: null,
  consecutiveFailures: 0,
  nextAttemptAt: null,
  inFlight: null,
};

describe('live view', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows the cloud sync backlog, the last success and the last error', async () => {
    useSessionStore().api = fakeApi({
      ...base,
      backlog: 42,
      lastSuccessAt: '2026-11-24T02:00:00.000Z',
      lastError: { at: '2026-11-24T02:05:00.000Z', code: 'RECEIVER_UNAVAILABLE', message: '区级云暂时不可用' },
      nextAttemptAt: '2026-11-24T02:06:00.000Z',
    });
    const w = mount(LiveView);
    await flushPromises();
    const text = w.get('[data-testid="sync"]').text();
    expect(text).toContain('待发办件 42');
    expect(text).toContain('11-24 10:00:00'); // Beijing time
    expect(text).toContain('RECEIVER_UNAVAILABLE 区级云暂时不可用');
    w.unmount();
  });

  it('shows the text messages that could not be sent, by ticket number, and no panel without a gateway', async () => {
    useSessionStore().api = fakeApi(base, [], {
      ...notifyBase,
      configured: true,
      enabled: true,
      adapter: 'http',
      backlog: 2,
      deadLetters: 1,
      lastError: { at: '2026-11-24T02:05:00.000Z', code: 'TIMEOUT', message: '短信网关响应超时' },
      recentDeadLetters: [{ id: 7, ticketNumber: 'A023', kind: 'call', text: '…', attempts: 5, lastError: 'TIMEOUT: 短信网关响应超时', deadAt: '2026-11-24T02:05:00.000Z' }],
    });
    const w = mount(LiveView);
    await flushPromises();
    const text = w.get('[data-testid="notify"]').text();
    expect(text).toContain('待发 2');
    expect(text).toContain('发送失败 1');
    expect(w.get('[data-testid="notify-dead"]').text()).toContain('A023');
    expect(w.get('[data-testid="notify-dead"]').text()).toContain('TIMEOUT: 短信网关响应超时');
    w.unmount();
    useSessionStore().api = fakeApi(base);
    const none = mount(LiveView);
    await flushPromises();
    expect(none.find('[data-testid="notify"]').exists()).toBe(false);
    none.unmount();
  });

  it('says plainly when no district cloud is configured', async () => {
    useSessionStore().api = fakeApi({ ...base, configured: false, backlog: 7 });
    const w = mount(LiveView);
    await flushPromises();
    expect(w.get('[data-testid="sync"]').text()).toContain('未配置区级云地址');
    w.unmount();
  });

  it('flags a kiosk printer out of paper and its failed print', async () => {
    const printer: PrinterStatusView = {
      deviceId: 'kiosk-1',
      deviceName: '1号取号机（入口左）',
      uri: 'tcp://127.0.0.1:9100',
      type: 'epson',
      paperWidthMm: 80,
      status: { online: true, paper: 'out', coverOpen: false, error: null, checkedAt: '2026-11-24T02:00:00.000Z' },
      lastPrint: { at: Date.parse('2026-11-24T02:00:00Z'), ticketNumber: 'A012', reprint: false, ok: false, code: 'PRINTER_NO_PAPER' },
    };
    useSessionStore().api = fakeApi(base, [printer]);
    const w = mount(LiveView);
    await flushPromises();
    const row = w.get('[data-testid="printers"] tbody tr');
    expect(row.classes()).toContain('hot');
    expect(row.text()).toContain('缺纸');
    expect(row.text()).toContain('A012 打印失败：打印机缺纸');
    w.unmount();
  });
});

describe('live view: tickets nobody can call (无人可办)', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists them with the windows that could serve, and cancels one with the reason typed', async () => {
    const stranded: Live = {
      ...live,
      groups: [{ groupId: 'D', name: '投资项目', kind: 'intake', waiting: 1, longestWaitMinutes: 12, overThreshold: false, stranded: 1 }],
      stranded: [
        { ticketId: 'tk-d1', number: 'D001', groupId: 'D', serviceNames: ['企业投资项目备案'], waitedMinutes: 12, targetWindow: null, windows: [{ id: 'w15', number: 15, name: '15号投资项目窗口' }], servableFrom: null, matterWindows: [{ id: 'w15', number: 15, name: '15号投资项目窗口' }] },
      ],
    };
    const sent: { method: string; path: string; body: unknown }[] = [];
    const staff = [{ id: 's-lina', username: 'lina', name: '李娜', role: 'clerk', employeeNo: '1002', passwordSet: true, passwordUpdatedAt: null, windowId: null }];
    useSessionStore().api = {
      ...fakeApi(base),
      get: async (path: string) => (path === '/staff' ? { ok: true, staff } : { ok: true, live: stranded, alerts: [], printers: [] }) as never,
      send: async (method: string, path: string, body?: unknown) => {
        sent.push({ method, path, body });
        return { ok: true } as never;
      },
    };
    const w = mount(LiveView);
    await flushPromises();
    const card = w.get('[data-testid="stranded"]');
    expect(card.text()).toContain('D001');
    expect(card.text()).toContain('15号投资项目窗口');
    expect(w.get('[data-stranded-group="D"]').text()).toContain('1 人无人可办');
    await w.get('[data-testid="stranded-open"]').trigger('click');
    expect(w.get('[data-testid="stranded-staff"]').text()).toContain('李娜（1002）');
    await w.get('[data-testid="stranded-cancel"]').trigger('click');
    await w.get('[data-testid="stranded-reason"]').setValue('已约群众明日办理');
    await w.get('.act-form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([{ method: 'POST', path: '/live/tickets/tk-d1/cancel', body: { requestId: expect.any(String), reason: '已约群众明日办理' } }]);
    w.unmount();
  });
});

describe('live view: 改派 (the manager steers the live queue)', () => {
  beforeEach(() => setActivePinia(createPinia()));

  const window = (id: string, number: number, name: string, activity: 'idle' | 'closed', staffName: string | null): Live['windows'][number] => ({
    id,
    number,
    name,
    comprehensive: true,
    activity,
    status: activity === 'closed' ? 'closed' : 'open',
    staffId: staffName ? `s-${id}` : null,
    staffName,
    pauseReason: null,
    currentTicket: null,
    since: 0,
  });
  const hall: Live = {
    ...live,
    groups: [
      { groupId: 'A', name: '个人综合', kind: 'intake', waiting: 2, longestWaitMinutes: 20, overThreshold: false, stranded: 1 },
      { groupId: 'D', name: '投资项目', kind: 'intake', waiting: 1, longestWaitMinutes: 12, overThreshold: false, stranded: 1 },
    ],
    windows: [window('w01', 1, '1号综合窗口', 'closed', null), window('w02', 2, '2号综合窗口', 'idle', '李娜'), window('w15', 15, '15号投资项目窗口', 'closed', null)],
    stranded: [
      { ticketId: 'tk-a1', number: 'A001', groupId: 'A', serviceNames: ['社会保障卡申领'], waitedMinutes: 20, targetWindow: { id: 'w05', name: '5号综合窗口' }, windows: [{ id: 'w05', number: 5, name: '5号综合窗口' }], servableFrom: null, matterWindows: [{ id: 'w01', number: 1, name: '1号综合窗口' }, { id: 'w02', number: 2, name: '2号综合窗口' }] },
      { ticketId: 'tk-d1', number: 'D001', groupId: 'D', serviceNames: ['企业投资项目备案'], waitedMinutes: 12, targetWindow: null, windows: [{ id: 'w15', number: 15, name: '15号投资项目窗口' }], servableFrom: Date.parse('2026-11-24T05:30:00Z'), matterWindows: [{ id: 'w15', number: 15, name: '15号投资项目窗口' }] },
    ],
    waiting: [
      { ticketId: 'tk-a1', number: 'A001', groupId: 'A', serviceIds: ['svc-sscard'], serviceNames: ['社会保障卡申领'], priority: '普通', waitedMinutes: 20, targetWindow: { id: 'w05', name: '5号综合窗口' }, stranded: true, matterWindows: [{ id: 'w01', number: 1, name: '1号综合窗口' }, { id: 'w02', number: 2, name: '2号综合窗口' }] },
      { ticketId: 'tk-a2', number: 'A002', groupId: 'A', serviceIds: ['svc-id-card'], serviceNames: ['居民身份证申领'], priority: '老年人', waitedMinutes: 5, targetWindow: null, stranded: false, matterWindows: [{ id: 'w01', number: 1, name: '1号综合窗口' }, { id: 'w02', number: 2, name: '2号综合窗口' }] },
      { ticketId: 'tk-d1', number: 'D001', groupId: 'D', serviceIds: ['svc-project-filing'], serviceNames: ['企业投资项目备案'], priority: '普通', waitedMinutes: 12, targetWindow: null, stranded: true, matterWindows: [{ id: 'w15', number: 15, name: '15号投资项目窗口' }] },
    ],
    matters: [
      { groupId: 'A', name: '个人综合', services: [{ id: 'svc-sscard', name: '社会保障卡申领' }] },
      { groupId: 'B', name: '企业综合', services: [{ id: 'svc-company-setup', name: '企业设立登记' }] },
    ],
  };

  async function mountHall() {
    useSessionStore().api = { ...fakeApi(base), get: async (path: string) => (path === '/staff' ? { ok: true, staff: [] } : { ok: true, live: hall, alerts: [], printers: [] }) as never };
    const client = new FakeHallClient();
    useConnectionStore().bind(client);
    client.setState('online');
    client.answer = (name, payload) => ({ ok: true, ticket: { number: payload.ticketId === 'tk-d1' ? 'D001' : 'A002' }, at: 0, ahead: 0 });
    const w = mount(LiveView);
    await flushPromises();
    return { w, client };
  }

  it('reassigns a stranded ticket to a staffed window over the hall socket, with the reason; closed windows are shown but not offered', async () => {
    const { w, client } = await mountHall();
    const rows = w.findAll('[data-testid="stranded"] tbody tr');
    expect(rows[1]!.get('[data-testid="stranded-opens"]').text()).toBe('13:30');
    expect(rows[0]!.get('[data-testid="stranded-opens"]').text()).toBe('未知');
    // D001: the only window for its matters is closed: window mode offers nothing, matters mode is chosen.
    await rows[1]!.get('[data-testid="stranded-reassign"]').trigger('click');
    const form = w.get('[data-testid="reassign-form"]');
    expect(form.text()).toContain('能办理这些事项的窗口都未开放');
    expect((form.get('[data-testid="reassign-mode-matters"]').element as HTMLInputElement).checked).toBe(true);
    await form.get('[data-testid="reassign-service"]').setValue('svc-company-setup');
    await form.get('[data-testid="reassign-named-window"]').setValue('w02');
    expect(form.get('[data-testid="reassign-named-window"]').text()).not.toContain('1号综合窗口');
    await form.get('[data-testid="reassign-reason"]').setValue('投资项目窗口无人，改派');
    await form.trigger('submit');
    await flushPromises();
    expect(client.sent).toEqual([
      { name: 'ticket:reassign', payload: { ticketId: 'tk-d1', serviceIds: ['svc-company-setup'], windowId: 'w02', reason: '投资项目窗口无人，改派' }, requestId: expect.any(String) },
    ]);
    expect(useAdminStore().notice).toMatchObject({ kind: 'info', text: '已改派 D001，前面还有 0 人' });
    w.unmount();
  });

  it("lists a group's waiting tickets in line order, marks the stranded ones, and reassigns one to a staffed window", async () => {
    const { w, client } = await mountHall();
    const list = w.get('[data-testid="waiting-list"]');
    expect(list.text()).toContain('A 个人综合 等候名单（2 人）');
    expect(list.findAll('tbody tr').map((r) => r.attributes('data-waiting'))).toEqual(['A001', 'A002']);
    expect(list.get('[data-waiting="A001"]').text()).toContain('无人可办');
    expect(list.get('[data-waiting="A001"]').text()).toContain('指定 5号综合窗口');
    await list.get('[data-waiting="A002"] [data-testid="waiting-reassign"]').trigger('click');
    const select = list.get('[data-testid="reassign-window"]');
    const options = select.findAll('option').filter((o) => o.attributes('value'));
    // Staffed first; the closed window is listed, disabled.
    expect(options.map((o) => [o.text(), o.attributes('disabled') !== undefined])).toEqual([
      ['2号综合窗口 · 空闲 · 李娜', false],
      ['1号综合窗口（未开放）', true],
    ]);
    await list.get('[data-testid="reassign-reason"]').setValue('2号窗口空闲');
    await list.get('[data-testid="reassign-form"]').trigger('submit');
    await flushPromises();
    expect(client.sent.map((s) => s.payload)).toEqual([{ ticketId: 'tk-a2', windowId: 'w02', reason: '2号窗口空闲' }]);
    // Another group's list, from the queue table.
    await w.get('[data-group-list="D"]').trigger('click');
    expect(w.get('[data-testid="waiting-list"]').findAll('tbody tr').map((r) => r.attributes('data-waiting'))).toEqual(['D001']);
    w.unmount();
  });

  it('offers a ticket transferred to a closed window the staffed windows that serve its matters', async () => {
    const { w, client } = await mountHall();
    await w.get('[data-testid="stranded"] [data-stranded="A001"] [data-testid="stranded-reassign"]').trigger('click');
    const form = w.get('[data-testid="stranded"] [data-testid="reassign-form"]');
    expect(form.text()).toContain('现转办至 5号综合窗口');
    expect((form.get('[data-testid="reassign-window"]').element as HTMLSelectElement).value).toBe('w02');
    await form.get('[data-testid="reassign-reason"]').setValue('5号窗口无人');
    await form.trigger('submit');
    await flushPromises();
    expect(client.sent.map((x) => x.payload)).toEqual([{ ticketId: 'tk-a1', windowId: 'w02', reason: '5号窗口无人' }]);
    w.unmount();
  });

  it('says why when the hall refuses the reassignment', async () => {
    const { w, client } = await mountHall();
    client.answer = () => ({ ok: false, error: { code: 'REASSIGN_TARGET_UNSTAFFED', message: '2号综合窗口当前无人值守，请先开启窗口或改派到有人值守的窗口' } });
    await w.get('[data-waiting="A002"] [data-testid="waiting-reassign"]').trigger('click');
    await w.get('[data-testid="reassign-reason"]').setValue('试一下');
    await w.get('[data-testid="reassign-form"]').trigger('submit');
    await flushPromises();
    expect(useAdminStore().notice).toMatchObject({ kind: 'error', text: '2号综合窗口当前无人值守，请先开启窗口或改派到有人值守的窗口' });
    w.unmount();
  });
});
