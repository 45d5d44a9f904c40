import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_MS, ticketIdFromPath, useTicketStatusStore } from './ticket-status';

const view = (state: string, over = {}) => ({
  id: 'tk-abcdef',
  number: 'A023',
  state,
  ahead: state === 'waiting' ? 2 : null,
  estimatedWaitMinutes: state === 'waiting' ? 12 : null,
  windowNumber: state === 'called' ? 5 : null,
  windowName: state === 'called' ? '5号综合窗口' : null,
  serviceNames: ['社会保障卡申领'],
  takenAt: 0,
  hallName: '西湖区行政服务中心',
  ...over,
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

describe('ticket status page', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => vi.useRealTimers());

  it('reads the ticket id from /t/<id>', () => {
    expect(ticketIdFromPath('/t/tk-abcdef')).toBe('tk-abcdef');
    expect(ticketIdFromPath('/t/../etc')).toBeNull();
    expect(ticketIdFromPath('/kiosk')).toBeNull();
  });

  it('polls while the ticket waits and stops once it is done', async () => {
    const states = ['waiting', 'called', 'completed'];
    let calls = 0;
    const fetchFn = vi.fn(async () => json(200, { ok: true, ticket: view(states[Math.min(calls++, 2)]!) }));
    const s = useTicketStatusStore();
    await s.follow('tk-abcdef', fetchFn as unknown as typeof fetch);
    expect(s.ticket?.ahead).toBe(2);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(s.ticket?.windowNumber).toBe(5);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(s.ticket?.state).toBe('completed');
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(fetchFn).toHaveBeenCalledTimes(3);
  });

  it('says a ticket does not exist and stops asking', async () => {
    const fetchFn = vi.fn(async () => json(404, { ok: false, error: { code: 'UNKNOWN_TICKET', message: '号票不存在' } }));
    const s = useTicketStatusStore();
    await s.follow('tk-nothere', fetchFn as unknown as typeof fetch);
    expect(s.error).toBe('号票不存在');
    await vi.advanceTimersByTimeAsync(POLL_MS * 2);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('keeps the last status and retries when the server is unreachable', async () => {
    let fail = false;
    const fetchFn = vi.fn(async () => {
      if (fail) throw new TypeError('fetch failed');
      return json(200, { ok: true, ticket: view('waiting') });
    });
    const s = useTicketStatusStore();
    await s.follow('tk-abcdef', fetchFn as unknown as typeof fetch);
    fail = true;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(s.ticket?.number).toBe('A023');
    expect(s.error).toContain('网络');
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(fetchFn).toHaveBeenCalledTimes(3);
  });
});
