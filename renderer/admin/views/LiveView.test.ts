import { mount, flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LiveView as Live, NotifyStatus, PrinterStatusView, SyncStatus } from '../../../protocol/admin';
import type { AdminApi } from '../api/admin-api';
import { useSessionStore } from '../stores/session';
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
        { ticketId: 'tk-d1', number: 'D001', groupId: 'D', serviceNames: ['企业投资项目备案'], waitedMinutes: 12, targetWindow: null, windows: [{ id: 'w15', number: 15, name: '15号投资项目窗口' }], servableFrom: null },
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
