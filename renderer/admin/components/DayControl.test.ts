import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DayView } from '../../../protocol/admin';
import type { AdminApi } from '../api/admin-api';
import { useSessionStore } from '../stores/session';
import DayControl from './DayControl.vue';

/** A console API that holds one day and records what the page sends. */
function fakeApi(day: DayView, answer: (body: Record<string, unknown>) => DayView | { code: string; message: string }) {
  const sent: { path: string; body: Record<string, unknown> }[] = [];
  const api: AdminApi = {
    get: async () => ({ ok: true, day }) as never,
    send: async (_method, path, body) => {
      sent.push({ path, body: body as Record<string, unknown> });
      const next = answer(body as Record<string, unknown>);
      return ('code' in next ? { ok: false, error: next } : { ok: true, day: next }) as never;
    },
    upload: async () => ({ ok: true }) as never,
    download: async () => ({ ok: true }),
    syncStatus: async () => ({ ok: false, error: { code: 'OFFLINE', message: '' } }),
    notifyStatus: async () => ({ ok: false, error: { code: 'OFFLINE', message: '' } }),
  };
  return { api, sent };
}

describe('the business day card', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows a wrong day against the hall date and goes back only with a reason, forcing the hall date', async () => {
    const { api, sent } = fakeApi({ businessDate: '2026-13-45', dayOpen: true, hallDate: '2026-11-24', matchesClock: false }, () => ({
      businessDate: '2026-11-24',
      dayOpen: true,
      hallDate: '2026-11-24',
      matchesClock: true,
    }));
    useSessionStore().api = api;
    const w = mount(DayControl);
    await flushPromises();
    expect(w.get('[data-testid="day-mismatch"]').text()).toContain('当前营业日 2026-13-45 与大厅日期 2026-11-24 不一致');
    expect(w.find('[data-testid="day-open"]').exists()).toBe(false);
    const back = w.get('[data-testid="day-back"]');
    expect(back.attributes('disabled')).toBeDefined();
    await w.get('[data-testid="back-reason"]').setValue('日期选错');
    await back.trigger('click');
    await flushPromises();
    expect(sent).toEqual([{ path: '/day/open', body: { requestId: expect.any(String), businessDate: '2026-11-24', force: true, reason: '日期选错' } }]);
    expect(w.find('[data-testid="day-mismatch"]').exists()).toBe(false);
    expect(w.get('[data-testid="business-date"]').text()).toBe('2026-11-24');
    w.unmount();
  });

  it('reopens the same day after a close, and shows a refusal in Chinese', async () => {
    const { api, sent } = fakeApi({ businessDate: '2026-11-24', dayOpen: false, hallDate: '2026-11-24', matchesClock: true }, () => ({
      code: 'DAY_ALREADY_OPEN',
      message: '营业日已开始',
    }));
    useSessionStore().api = api;
    const w = mount(DayControl);
    await flushPromises();
    expect(w.text()).toContain('号码和办件编号接着今天已发出的继续');
    const open = w.get('[data-testid="day-open"]');
    expect(open.text()).toBe('重新开始营业');
    await open.trigger('click');
    await flushPromises();
    expect(sent).toEqual([{ path: '/day/open', body: { requestId: expect.any(String), businessDate: '2026-11-24' } }]);
    expect(w.get('[data-testid="day-notice"]').text()).toBe('营业日已开始');
    w.unmount();
  });

  it('asks for a reason before it ends the day', async () => {
    const { api, sent } = fakeApi({ businessDate: '2026-11-24', dayOpen: true, hallDate: '2026-11-24', matchesClock: true }, () => ({
      businessDate: '2026-11-24',
      dayOpen: false,
      hallDate: '2026-11-24',
      matchesClock: true,
    }));
    useSessionStore().api = api;
    const w = mount(DayControl);
    await flushPromises();
    await w.get('[data-testid="day-close"]').trigger('click');
    await w.get('[data-testid="close-reason"]').setValue('停电');
    await w.get('[data-testid="day-close-confirm"]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([{ path: '/day/close', body: { requestId: expect.any(String), reason: '停电' } }]);
    expect(w.get('[data-testid="day-open"]').text()).toBe('重新开始营业');
    w.unmount();
  });
});
