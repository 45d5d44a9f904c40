import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAnnouncerStore } from '../../shared/stores/announcer';
import { useConnectionStore } from '../../shared/stores/connection';
import { useHallStore } from '../../shared/stores/hall';
import { FakeHallClient } from '../../shared/testing/fake-client';
import { displaySnapshot, NOW, windowView } from '../../shared/testing/fixtures';
import { useDisplayStore } from './display';

const call = (over = {}) => ({ ticketId: 't1', number: 'A023', windowId: 'w05', windowNumber: 5, windowName: '5号综合窗口', at: NOW, recall: false, seq: 11, ...over });

function setup(snapshot = displaySnapshot(), windowParam: number | null = null) {
  setActivePinia(createPinia());
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  const display = useDisplayStore();
  display.bind(client, windowParam);
  client.online(snapshot);
  // The test's clock is the server's: the snapshot's `now` is NOW.
  useConnectionStore().clockOffset = NOW - Date.now();
  return { client, display, announcer: useAnnouncerStore(), hall: useHallStore() };
}

describe('display store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists a recalled ticket once in 最近呼叫, at the top', () => {
    const { client, display } = setup();
    client.push('call', call());
    client.push('call', call({ ticketId: 't2', number: 'A024', at: NOW + 1, seq: 12 }));
    client.push('call', call({ at: NOW + 2, recall: true, seq: 13 }));
    expect(display.calls.map((c) => [c.number, c.recall])).toEqual([
      ['A023', true],
      ['A024', false],
    ]);
    expect(display.latest?.number).toBe('A023');
  });

  it('shows no call once the day is closed (no stale 请 A005 号 beside 今日办公已结束)', () => {
    const { client, display, hall } = setup();
    client.push('call', call());
    expect(display.latest?.number).toBe('A023');
    hall.applyStatus({ ...hall.status!, dayOpen: false, open: false, message: '今日办公已结束' });
    expect(display.latest).toBeNull();
    expect(display.calls).toEqual([]);
  });

  it('shows and announces a live call on the hall display', () => {
    const { client, display, announcer } = setup();
    client.push('call', call());
    expect(display.latest?.number).toBe('A023');
    expect(display.flash).toBe(1);
    expect(announcer.log.map((e) => e.text)).toEqual(['请 A023 号 到 5 号窗口']);
  });

  it('announces a recall again', () => {
    const { client, announcer } = setup();
    client.push('call', call());
    client.push('call', call({ at: NOW + 1, recall: true, seq: 12 }));
    expect(announcer.log.map((e) => e.recall)).toEqual([false, true]);
  });

  it('shows but does not announce a call replayed long after it was made', () => {
    const { client, display, announcer } = setup();
    client.push('call', call({ at: NOW - 5 * 60_000 }));
    expect(display.latest?.number).toBe('A023');
    expect(announcer.log).toEqual([]);
  });

  it('does not announce the calls a snapshot brings after a reconnect', () => {
    const { client, announcer, display } = setup();
    client.online(displaySnapshot({ recentCalls: [call()] }));
    expect(display.latest?.number).toBe('A023');
    expect(announcer.log).toEqual([]);
  });

  it('as a window screen follows its own window only, quietly', () => {
    const { client, display, announcer } = setup(
      displaySnapshot({ device: { id: 'screen-w05', name: '5号窗口屏', windowId: 'w05' }, windows: [windowView(), windowView({ id: 'w01', number: 1 })] }),
    );
    expect(display.isWindowScreen).toBe(true);
    client.push('call', call({ windowId: 'w01', windowNumber: 1, ticketId: 't9', number: 'A024' }));
    expect(display.flash).toBe(0);
    client.push('call', call());
    expect(display.flash).toBe(1);
    expect(display.myWindow?.currentTicket?.number).toBe('A023');
    expect(announcer.log).toEqual([]);
  });

  it('finds the window of ?window=<number> among the windows', () => {
    const { display } = setup(displaySnapshot({ windows: [windowView(), windowView({ id: 'w01', number: 1 })] }), 1);
    expect(display.windowId).toBe('w01');
  });
});
