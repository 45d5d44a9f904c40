import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { useConnectionStore } from '../shared/stores/connection';
import { useHallStore } from '../shared/stores/hall';
import { FakeHallClient } from '../shared/testing/fake-client';
import { clerkSnapshot, ticketDetail, windowView } from '../shared/testing/fixtures';
import ClerkApp from './ClerkApp.vue';
import { useDeskStore } from './stores/desk';
import { useSessionStore } from './stores/session';

function setup(snapshot = clerkSnapshot()) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSessionStore();
  session.token = 'session-token-0123456789';
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  useDeskStore().bind(client);
  client.online(snapshot);
  const wrapper = mount(ClerkApp, { global: { plugins: [pinia] }, attachTo: document.body });
  return { client, wrapper, desk: useDeskStore() };
}

const key = (k: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

describe('ClerkApp', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('asks for a window when the clerk has not signed in to one, and signs in', async () => {
    const { client, wrapper } = setup(clerkSnapshot({ window: null, me: { staffId: 's', name: '张伟', role: 'clerk', windowId: null } }));
    client.answer = () => ({ ok: true, window: windowView({ id: 'w01', name: '1号综合窗口' }) });
    await wrapper.find('[data-window="w01"]').trigger('click');
    expect(client.sent[0]).toMatchObject({ name: 'window:signIn', payload: { windowId: 'w01' } });
  });

  it('calls the next ticket with F1 and shows the reason', async () => {
    const { client, wrapper, desk } = setup(clerkSnapshot({ queue: [{ ticket: ticketDetail(), reason: { code: 'LONGEST_WAIT', text: '等候时间最长（10 分钟）' } }], servable: 1 }));
    expect(wrapper.find('[data-testid="next-reason"]').text()).toContain('等候时间最长');
    client.answer = () => ({ ok: true, ticket: ticketDetail({ state: 'called', calledAt: Date.now(), windowId: 'w05', callCount: 1 }), reason: { text: '等候时间最长（10 分钟）' } });
    key('F1');
    await vi.waitFor(() => expect(desk.current?.number).toBe('A023'));
    expect(client.sent.map((s) => s.name)).toEqual(['window:callNext']);
    await nextTick();
    expect(wrapper.find('[data-testid="current-number"]').text()).toBe('A023');
    expect(wrapper.find('[data-action="start"]').attributes('disabled')).toBeUndefined();
    expect(wrapper.find('[data-action="callNext"]').attributes('disabled')).toBeDefined();
  });

  it('ignores a key whose action makes no sense now', async () => {
    const { client } = setup();
    key('F4');
    key('2');
    await nextTick();
    expect(client.sent).toEqual([]);
  });

  it('completes with the chosen outcome and the matters actually handled', async () => {
    const current = ticketDetail({ state: 'serving', windowId: 'w05', callCount: 1, calledAt: Date.now() });
    const { client, wrapper } = setup(clerkSnapshot({ current, window: windowView({ currentTicket: current }) }));
    key('F4');
    await nextTick();
    key('3');
    await nextTick();
    await wrapper.find('[data-service="svc-retire"]').trigger('click');
    await wrapper.find('[data-testid="dialog-confirm"]').trigger('click');
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]).toMatchObject({
      name: 'ticket:complete',
      payload: { ticketId: 'tk-1', outcome: 'correction', serviceIds: ['svc-sscard', 'svc-retire'] },
    });
  });

  it('transfers the ticket to another window chosen in the dialog', async () => {
    const current = ticketDetail({ state: 'serving', windowId: 'w05', callCount: 1, calledAt: Date.now() });
    const windows = [windowView({ id: 'w05', number: 5 }), windowView({ id: 'w01', number: 1, name: '1号综合窗口', staffName: '李娜' })];
    const { client, wrapper } = setup(clerkSnapshot({ current, windows }));
    key('F6');
    await nextTick();
    expect(wrapper.find('[data-transfer-window="w05"]').exists()).toBe(false);
    expect(wrapper.find('[data-transfer-window="w01"]').text()).toContain('李娜');
    await wrapper.find('[data-transfer-window="w01"]').trigger('click');
    key('Enter');
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]).toMatchObject({ name: 'ticket:transfer', payload: { ticketId: 'tk-1', windowId: 'w01' } });
    expect(client.sent[0]!.payload).not.toHaveProperty('acceptUnstaffed', true);
  });

  it('lists staffed windows first and transfers to a window nobody works only when the clerk confirms it', async () => {
    const current = ticketDetail({ state: 'serving', windowId: 'w05', callCount: 1, calledAt: Date.now() });
    const windows = [windowView({ id: 'w05', number: 5 }), windowView({ id: 'w01', number: 1, name: '1号综合窗口', status: 'closed', staffName: null, staffId: null })];
    const allWindows = [
      { id: 'w01', number: 1, name: '1号综合窗口' },
      { id: 'w05', number: 5, name: '5号综合窗口' },
      { id: 'w09', number: 9, name: '9号综合窗口' },
    ];
    const { client, wrapper } = setup(clerkSnapshot({ current, windows: [...windows, windowView({ id: 'w09', number: 9, name: '9号综合窗口', staffName: '王芳' })], allWindows }));
    key('F6');
    await nextTick();
    const listed = wrapper.findAll('[data-transfer-window]').map((b) => [b.attributes('data-transfer-window'), b.attributes('data-status')]);
    expect(listed).toEqual([['w09', 'open'], ['w01', 'closed']]);
    expect(wrapper.find('[data-transfer-window="w01"]').text()).toContain('暂无人员');
    await wrapper.find('[data-transfer-window="w01"]').trigger('click');
    expect(wrapper.find('[data-testid="transfer-unstaffed"]').text()).toContain('1号综合窗口暂无人员');
    key('Enter');
    await nextTick();
    expect(client.sent).toEqual([]);
    await wrapper.find('[data-testid="transfer-accept"]').setValue(true);
    key('Enter');
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]).toMatchObject({ name: 'ticket:transfer', payload: { ticketId: 'tk-1', windowId: 'w01', acceptUnstaffed: true } });
  });

  it('says why the clerk is back at the window picker when the day closes', async () => {
    const closesAt = Date.parse('2026-11-24T17:00:00+08:00');
    const { client, wrapper, desk } = setup();
    useHallStore().applyStatus({ ...useHallStore().status!, closesAt });
    client.push('event', { seq: 20, event: { type: 'DayClosed', at: closesAt + 60 * 60_000, businessDate: '2026-11-24', reason: '营业结束，当日未办理', closedTicketIds: [], signedOutWindowIds: ['w05'] } });
    client.online(clerkSnapshot({ window: null, me: { staffId: 's-zhangwei', name: '张伟', role: 'clerk', windowId: null } }));
    await nextTick();
    expect(desk.window).toBeNull();
    expect(wrapper.text()).toContain('今日营业已结束（17:00 闭厅），本窗口已自动退出');
  });

  it('pauses with a reason and then offers only resume', async () => {
    const { client, wrapper, desk } = setup();
    client.answer = () => ({ ok: true, window: windowView({ status: 'paused', pauseReason: 'lunch' }) });
    await wrapper.find('[data-action="pause"]').trigger('click');
    await wrapper.find('[data-reason="lunch"]').trigger('click');
    await wrapper.find('[data-testid="dialog-confirm"]').trigger('click');
    await vi.waitFor(() => expect(client.sent[0]).toMatchObject({ name: 'window:pause', payload: { reason: 'lunch' } }));
    client.push('windowUpdate', { seq: 11, window: windowView({ status: 'paused', pauseReason: 'lunch' }), current: null, queue: [], noShows: [], servable: 0, figures: null });
    await nextTick();
    expect(desk.enabled.resume).toBe(true);
    expect(desk.enabled.callNext).toBe(false);
    expect(wrapper.text()).toContain('暂停服务（午休）');
  });

  it('shows the refusal of the server', async () => {
    const current = ticketDetail({ state: 'called', windowId: 'w05', callCount: 1, calledAt: Date.now() });
    const { client, wrapper } = setup(clerkSnapshot({ current }));
    client.answer = () => ({ ok: false, error: { code: 'NO_SHOW_TOO_EARLY', message: '至少呼叫 2 次后才能标记过号（已呼叫 1 次）' } });
    key('F5');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="notice"]').text()).toContain('至少呼叫 2 次'));
  });

  it('disables every action and says so while reconnecting', async () => {
    const { client, wrapper } = setup();
    client.setState('reconnecting');
    await nextTick();
    expect(wrapper.find('[data-testid="reconnecting"]').exists()).toBe(true);
    expect(wrapper.findAll('[data-action]').every((b) => b.attributes('disabled') !== undefined)).toBe(true);
    key('F1');
    expect(client.sent).toEqual([]);
  });
});
