import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { ClerkSnapshot, QueueItem, TicketDetail } from '../../protocol/views';
import { useConnectionStore } from '../shared/stores/connection';
import { FakeHallClient } from '../shared/testing/fake-client';
import { clerkSnapshot, NOW, ticketDetail, windowView } from '../shared/testing/fixtures';
import ClerkApp from './ClerkApp.vue';
import { returnedPlaceText, useDeskStore } from './stores/desk';
import { useSessionStore } from './stores/session';

/** 跳号叫号 and 过号重排 on the clerk terminal. */
function setup(snapshot: ClerkSnapshot) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().token = 'session-token-0123456789';
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  useDeskStore().bind(client);
  client.online(snapshot);
  const wrapper = mount(ClerkApp, { global: { plugins: [pinia] }, attachTo: document.body });
  return { client, wrapper, desk: useDeskStore() };
}

const key = (k: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
const item = (id: string, number: string, minutesAgo: number): QueueItem => ({
  ticket: ticketDetail({ id, number, queuedAt: NOW - minutesAgo * 60_000, takenAt: NOW - minutesAgo * 60_000 }),
  reason: { code: 'LONGEST_WAIT', text: `等候时间最长（${minutesAgo} 分钟）` },
});
const QUEUE = [item('tk-1', 'A001', 30), item('tk-2', 'A002', 20), item('tk-3', 'A003', 10)];
const noShow = (over: Partial<TicketDetail> = {}) =>
  ticketDetail({ id: 'tk-9', number: 'A009', state: 'noShow', windowId: 'w05', callCount: 2, calledAt: NOW - 300_000, lastCalledAt: NOW - 240_000, ...over });

describe('clerk: out-of-turn call (跳号叫号)', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('offers 跳号 on every waiting ticket but the first, which call next takes anyway', () => {
    const { wrapper } = setup(clerkSnapshot({ queue: QUEUE, servable: 3 }));
    expect(wrapper.findAll('[data-call-ticket]').map((b) => b.attributes('data-call-ticket'))).toEqual(['tk-2', 'tk-3']);
  });

  it('calls only through the dialog: 其他 needs a note, and the call shows its reason', async () => {
    const { client, wrapper, desk } = setup(clerkSnapshot({ queue: QUEUE, servable: 3 }));
    await wrapper.find('[data-call-ticket="tk-3"]').trigger('click');
    expect(wrapper.find('[data-testid="call-ticket-dialog"]').text()).toContain('A003');
    expect(client.sent).toEqual([]);
    const confirm = () => wrapper.find('[data-testid="dialog-confirm"]');
    expect(confirm().attributes('disabled')).toBeDefined();
    await wrapper.find('[data-oot-reason="other"]').trigger('click');
    expect(confirm().attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('选择“其他”时必须填写说明');
    key('Enter');
    await nextTick();
    expect(client.sent).toEqual([]);
    await wrapper.find('[data-testid="oot-note"]').setValue('  领导交办的急件  ');
    expect(confirm().attributes('disabled')).toBeUndefined();
    client.answer = () => ({
      ok: true,
      ticket: ticketDetail({ id: 'tk-3', number: 'A003', state: 'called', windowId: 'w05', callCount: 1, calledAt: NOW }),
      reason: { code: 'OUT_OF_TURN', text: '跳号叫号（其他：领导交办的急件）' },
    });
    await confirm().trigger('click');
    await vi.waitFor(() => expect(desk.current?.number).toBe('A003'));
    expect(client.sent).toEqual([
      expect.objectContaining({ name: 'window:callTicket', payload: expect.objectContaining({ ticketId: 'tk-3', reason: 'other', note: '领导交办的急件' }) }),
    ]);
    await nextTick();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="notice"]').text()).toBe('已呼叫 A003：跳号叫号（其他：领导交办的急件）');
  });

  it('works from the keyboard: focus starts on a reason, digits choose, Enter confirms, Esc cancels', async () => {
    const { client, wrapper } = setup(clerkSnapshot({ queue: QUEUE, servable: 3 }));
    const button = wrapper.find<HTMLButtonElement>('[data-call-ticket="tk-2"]');
    button.element.focus();
    await button.trigger('click');
    expect(document.activeElement?.getAttribute('data-oot-reason')).toBe('green_channel');
    key('Escape');
    await nextTick();
    await nextTick();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(document.activeElement).toBe(button.element);
    expect(client.sent).toEqual([]);
    // Keys of the desk do nothing while the dialog is open: 1 chooses a reason, not "call next".
    await button.trigger('click');
    key('1');
    await nextTick();
    expect(wrapper.find('[data-oot-reason="green_channel"]').attributes('aria-checked')).toBe('true');
    client.answer = () => ({ ok: true, ticket: ticketDetail({ id: 'tk-2', number: 'A002', state: 'called', windowId: 'w05', callCount: 1 }), reason: { text: '跳号叫号（绿色通道）' } });
    key('Enter');
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]).toMatchObject({ name: 'window:callTicket', payload: { ticketId: 'tk-2', reason: 'green_channel', note: '' } });
  });

  it('disables 跳号 while a ticket is at the window, while paused and while offline', async () => {
    const at = ticketDetail({ id: 'tk-0', number: 'A000', state: 'serving', windowId: 'w05', callCount: 1, calledAt: NOW });
    for (const snap of [
      clerkSnapshot({ queue: QUEUE, servable: 3, current: at }),
      clerkSnapshot({ queue: QUEUE, servable: 3, window: windowView({ status: 'paused', pauseReason: 'lunch' }) }),
    ]) {
      const { client, wrapper, desk } = setup(snap);
      const buttons = wrapper.findAll('[data-call-ticket]');
      expect(buttons.length).toBe(2);
      expect(buttons.every((b) => b.attributes('disabled') !== undefined)).toBe(true);
      desk.openCallTicket(QUEUE[1]!.ticket);
      expect(desk.dialog).toBeNull();
      expect(client.sent).toEqual([]);
      wrapper.unmount();
    }
    const { client, wrapper } = setup(clerkSnapshot({ queue: QUEUE, servable: 3 }));
    expect(wrapper.find('[data-call-ticket="tk-2"]').attributes('disabled')).toBeUndefined();
    client.setState('reconnecting');
    await nextTick();
    expect(wrapper.find('[data-call-ticket="tk-2"]').attributes('disabled')).toBeDefined();
  });

  it('closes the dialog and says so when the ticket leaves the queue meanwhile', async () => {
    const { client, wrapper, desk } = setup(clerkSnapshot({ queue: QUEUE, servable: 3 }));
    await wrapper.find('[data-call-ticket="tk-3"]').trigger('click');
    client.push('windowUpdate', { seq: 11, window: windowView(), current: null, queue: QUEUE.slice(0, 2), servable: 2, figures: null, noShows: [] });
    await nextTick();
    expect(desk.dialog).toBeNull();
    expect(wrapper.find('[data-testid="notice"]').text()).toContain('已不在本窗口的等候队列');
  });
});

describe('clerk: returning a no-show (过号重排)', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows no list when there is nothing to return', () => {
    const { wrapper } = setup(clerkSnapshot({ queue: QUEUE, servable: 3 }));
    expect(wrapper.find('[data-testid="no-shows"]').exists()).toBe(false);
  });

  it('lists the no-shows, returns one with 重新排队, and tells where it now stands', async () => {
    const { client, wrapper } = setup(clerkSnapshot({ queue: QUEUE, servable: 3, noShows: [noShow(), noShow({ id: 'tk-8', number: 'A008' })] }));
    const list = wrapper.find('[data-testid="no-shows"]');
    expect(list.text()).toContain('过号待重排 2');
    expect(list.findAll('[data-no-show]').map((r) => r.attributes('data-no-show'))).toEqual(['tk-9', 'tk-8']);
    expect(list.find('[data-no-show="tk-9"]').text()).toContain('末次呼叫 09:56');
    client.answer = () => ({ ok: true, ticket: { id: 'tk-9', number: 'A009', state: 'waiting' } });
    await wrapper.find('[data-return-ticket="tk-9"]').trigger('click');
    await vi.waitFor(() => expect(client.sent).toHaveLength(1));
    expect(client.sent[0]).toMatchObject({ name: 'ticket:return', payload: { ticketId: 'tk-9' } });
    await vi.waitFor(() => expect(wrapper.find('[data-testid="notice"]').text()).toBe('A009 已重新排队'));
    expect(wrapper.find('[data-no-show="tk-9"]').exists()).toBe(false);
    // The window's update brings the queue with the ticket behind three others.
    const back: QueueItem = { ticket: ticketDetail({ id: 'tk-9', number: 'A009', returns: 1 }), reason: { code: 'LONGEST_WAIT', text: '' } };
    client.push('windowUpdate', {
      seq: 12,
      window: windowView(),
      current: null,
      queue: [...QUEUE, back],
      servable: 4,
      figures: null,
      noShows: [noShow({ id: 'tk-8', number: 'A008' })],
    });
    await nextTick();
    expect(wrapper.find('[data-testid="notice"]').text()).toBe('A009 已重新排队：本窗口第 4 位（前面 3 人）');
    expect(wrapper.findAll('[data-no-show]').map((r) => r.attributes('data-no-show'))).toEqual(['tk-8']);
  });

  it('shows the refusal of a return past the limit', async () => {
    const { client, wrapper } = setup(clerkSnapshot({ noShows: [noShow()] }));
    client.answer = () => ({ ok: false, error: { code: 'RETURN_LIMIT', message: '过号票已重新排队过一次' } });
    await wrapper.find('[data-return-ticket="tk-9"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="notice"]').text()).toBe('过号票已重新排队过一次'));
    expect(wrapper.find('[data-no-show="tk-9"]').exists()).toBe(true);
  });

  it('allows a return with a ticket at the window, but not while offline', async () => {
    const at = ticketDetail({ id: 'tk-0', number: 'A000', state: 'serving', windowId: 'w05', callCount: 1, calledAt: NOW });
    const { client, wrapper } = setup(clerkSnapshot({ current: at, noShows: [noShow()] }));
    expect(wrapper.find('[data-return-ticket="tk-9"]').attributes('disabled')).toBeUndefined();
    client.setState('reconnecting');
    await nextTick();
    expect(wrapper.find('[data-return-ticket="tk-9"]').attributes('disabled')).toBeDefined();
  });

  it('says where a returned ticket stands only when it is in the queue', () => {
    expect(returnedPlaceText('A009', 'tk-9', [])).toBeNull();
    expect(returnedPlaceText('A009', 'tk-9', [QUEUE[0]!, { ...QUEUE[1]!, ticket: ticketDetail({ id: 'tk-9' }) }])).toBe('A009 已重新排队：本窗口第 2 位（前面 1 人）');
    expect(returnedPlaceText('A009', 'tk-9', [{ ...QUEUE[0]!, ticket: ticketDetail({ id: 'tk-9' }) }])).toBe('A009 已重新排队：本窗口第 1 位（前面 0 人）');
  });
});
