import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../shared/stores/connection';
import { FakeHallClient } from '../../shared/testing/fake-client';
import { evalSnapshot, NOW } from '../../shared/testing/fixtures';
import { THANKS_MS, useEvaluationStore } from './evaluation';

const pending = (over = {}) => ({
  ticketId: 'tk-1',
  number: 'A023',
  caseIds: ['c1'],
  serviceNames: ['社会保障卡申领'],
  staffName: '张伟',
  windowName: '5号综合窗口',
  completedAt: NOW,
  ...over,
});

function setup() {
  setActivePinia(createPinia());
  const client = new FakeHallClient();
  useConnectionStore().bind(client);
  const ev = useEvaluationStore();
  ev.bind(client);
  client.online(evalSnapshot());
  return { client, ev };
}

describe('evaluation pad', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('is idle until a service completes, then asks for a rating', () => {
    const { client, ev } = setup();
    expect(ev.stage).toBe('idle');
    client.push('pending', pending());
    expect(ev.stage).toBe('rate');
    expect(ev.pending?.staffName).toBe('张伟');
  });

  it('submits a good rating at once, thanks, and goes back to idle', async () => {
    const { client, ev } = setup();
    client.push('pending', pending());
    ev.choose(5);
    await vi.waitFor(() => expect(ev.stage).toBe('thanks'));
    expect(client.sent[0]).toMatchObject({ name: 'evaluation:submit', payload: { ticketId: 'tk-1', level: 5, comment: '' } });
    vi.advanceTimersByTime(THANKS_MS);
    expect(ev.stage).toBe('idle');
  });

  it('asks the reason of a poor rating and sends it as the comment', async () => {
    const { client, ev } = setup();
    client.push('pending', pending());
    ev.choose(1);
    expect(ev.stage).toBe('reason');
    ev.toggleReason('等候时间太长');
    ev.toggleReason('业务不熟练');
    await ev.submit();
    expect(client.sent[0]!.payload).toMatchObject({ level: 1, comment: '等候时间太长；业务不熟练' });
  });

  it('rates a case once: the same case offered again is not asked again', async () => {
    const { client, ev } = setup();
    client.push('pending', pending());
    ev.choose(4);
    await vi.waitFor(() => expect(ev.stage).toBe('thanks'));
    vi.advanceTimersByTime(THANKS_MS);
    client.push('pending', pending());
    expect(ev.stage).toBe('idle');
    ev.choose(3);
    expect(client.sent).toHaveLength(1);
  });

  it('shows a refusal and stays on the rating', async () => {
    const { client, ev } = setup();
    client.answer = () => ({ ok: false, error: { code: 'NOTHING_TO_EVALUATE', message: '没有待评价的办件' } });
    client.push('pending', pending());
    ev.choose(5);
    await vi.waitFor(() => expect(ev.error).toBe('没有待评价的办件'));
    expect(ev.stage).toBe('rate');
  });

  it('goes back to idle when the case is no longer pending', () => {
    const { client, ev } = setup();
    client.push('pending', pending());
    client.push('pending', null);
    expect(ev.stage).toBe('idle');
  });
});
