import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useAnnouncerStore } from '../shared/stores/announcer';
import { useConnectionStore } from '../shared/stores/connection';
import { FakeHallClient } from '../shared/testing/fake-client';
import { kioskSnapshot, NOW, status, takeResult } from '../shared/testing/fixtures';
import KioskApp from './KioskApp.vue';
import { useKioskStore } from './stores/kiosk';

function setup(snapshot = kioskSnapshot()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  const kiosk = useKioskStore();
  kiosk.bind(client);
  client.online(snapshot);
  const wrapper = mount(KioskApp, { global: { plugins: [pinia] }, props: { idleMs: 60_000 }, attachTo: document.body });
  return { client, kiosk, wrapper };
}

describe('KioskApp', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  it('shows the bundles and categories on the first screen', () => {
    const { wrapper } = setup();
    expect(wrapper.find('[data-bundle="bdl-retire"]').text()).toContain('退休一件事');
    expect(wrapper.findAll('[data-category]').map((c) => c.text())).toEqual([
      expect.stringContaining('个人事项'),
      expect.stringContaining('企业事项'),
    ]);
  });

  it('goes back to the start after a minute untouched, with nothing of the last citizen left', async () => {
    const { client, kiosk, wrapper } = setup();
    client.answer = () => ({ ok: true, ...takeResult() });
    await wrapper.find('[data-bundle="bdl-retire"]').trigger('click');
    await wrapper.find('[data-testid="take"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="ticket-number"]').exists()).toBe(true));
    expect(wrapper.text()).toContain('A023');
    vi.advanceTimersByTime(59_000);
    await nextTick();
    expect(kiosk.screen).toBe('ticket');
    vi.advanceTimersByTime(2_000);
    await nextTick();
    expect(kiosk.screen).toBe('home');
    expect(wrapper.text()).not.toContain('A023');
    expect(kiosk.result).toBeNull();
  });

  it('does not go back while the citizen keeps touching the screen', async () => {
    const { kiosk, wrapper } = setup();
    await wrapper.find('[data-category="personal"]').trigger('click');
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(30_000);
      window.dispatchEvent(new Event('pointerdown'));
    }
    await nextTick();
    expect(kiosk.screen).toBe('category');
  });

  it('says issuing has stopped and when the hall opens next', () => {
    const nextOpenAt = Date.parse('2026-11-28T01:00:00Z');
    const { wrapper } = setup(kioskSnapshot({ status: status({ issuing: false, message: '今日已停止取号（17:00 截止）', nextOpenAt }) }));
    expect(wrapper.find('[data-testid="kiosk-closed"]').text()).toContain('今日已停止取号');
    expect(wrapper.find('[data-testid="next-open"]').text()).toBe('11月28日（周六）09:00');
    expect(wrapper.find('[data-testid="kiosk-home"]').exists()).toBe(false);
  });

  it('stops issuing by itself once the cut-off passes', async () => {
    const { wrapper } = setup(kioskSnapshot({ status: status({ cutoffAt: NOW + 5_000 }) }));
    expect(wrapper.find('[data-testid="kiosk-closed"]').exists()).toBe(false);
    vi.advanceTimersByTime(6_000);
    await nextTick();
    expect(wrapper.find('[data-testid="kiosk-closed"]').exists()).toBe(true);
  });

  it('shows the public "系统连接中，请稍候" (not the clerk\'s 暂不能操作) and disables taking while the link is down', async () => {
    const { client, wrapper } = setup();
    await wrapper.find('[data-choice]').exists();
    await wrapper.find('[data-bundle="bdl-retire"]').trigger('click');
    client.setState('reconnecting');
    await nextTick();
    expect(wrapper.find('[data-testid="reconnecting"]').text()).toBe('系统连接中，请稍候');
    expect(wrapper.find('[data-testid="take"]').attributes('disabled')).toBeDefined();
  });

  it('finds a matter by pinyin initials typed on the screen keys', async () => {
    const { kiosk, wrapper } = setup();
    await wrapper.find('[data-testid="open-search"]').trigger('click');
    for (const k of ['S', 'B', 'K']) await wrapper.find(`[data-key="${k}"]`).trigger('click');
    await wrapper.find('[data-choice="svc-sscard"]').trigger('click');
    expect(kiosk.chosenTitle).toBe('社会保障卡申领');
    expect(wrapper.find('[data-testid="materials"]').text()).toContain('近期免冠照片');
  });

  it('offers 预约取号 and every bundle in elderly mode, and speaks the ticket number', async () => {
    const { client, kiosk, wrapper } = setup();
    await wrapper.find('[data-testid="elderly-toggle"]').trigger('click');
    expect(wrapper.find('[data-testid="open-appointment"]').exists()).toBe(true);
    expect(wrapper.findAll('[data-bundle]')).toHaveLength(kiosk.bundles.length);
    client.answer = () => ({ ok: true, ...takeResult() });
    await wrapper.find('[data-bundle="bdl-retire"]').trigger('click');
    await wrapper.find('[data-testid="take"]').trigger('click');
    await vi.waitFor(() => expect(kiosk.screen).toBe('ticket'));
    await nextTick();
    const said = useAnnouncerStore().log.map((e) => e.text);
    expect(said.at(-1)).toBe('A023 号。取号成功，请留意叫号');
  });

  it('takes a scanned appointment code wherever the focus is, after a digit was tapped', async () => {
    const { client, kiosk, wrapper } = setup();
    client.answer = () => ({ ok: true, ...takeResult() });
    await wrapper.find('[data-testid="open-appointment"]').trigger('click');
    const key = wrapper.find('[data-key="1"]');
    await key.trigger('mousedown');
    await key.trigger('click');
    expect(kiosk.appointmentCode).toBe('1');
    // The tapped key does not keep the focus: it is not focusable from the keyboard either.
    expect(key.attributes('tabindex')).toBe('-1');
    // A scanner types the code and Enter within milliseconds, with the focus on the body.
    for (const k of [...'yy2026-0007', 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    await vi.waitFor(() => expect(client.sent.filter((s) => s.name === 'ticket:take')).toHaveLength(1));
    expect(client.sent.find((s) => s.name === 'ticket:take')!.payload).toMatchObject({ appointmentCode: 'YY2026-0007' });
  });
});
