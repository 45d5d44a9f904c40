import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveView } from '../../protocol/admin';
import { FakeClock, rid } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

const MIN = 60_000;
const KIOSK = 'demo-kiosk-1-7d3f9c2a41';

describe('the live view: tickets nobody can call (无人可办)', () => {
  let h: AdminHall;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T10:00:00+08:00'));
    h = await startAdminHall({ clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function take(serviceIds: string[]): Promise<string> {
    const kiosk = (await h.terminal(KIOSK)).socket;
    const r = await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds });
    return r.ticket.id as string;
  }
  const live = async (token: string): Promise<LiveView> => (await h.api<{ live: LiveView }>(token, 'GET', '/live')).body.live;

  it('flags a ticket and its group when no staffed window serves it, with the windows that could', async () => {
    const token = await h.login('admin');
    const clerk = (await h.terminal(await h.login('zhangwei'))).socket;
    await clerk.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w01' });
    await take(['svc-sscard']);
    const d = await take(['svc-project-filing']);
    clock.advance(12 * MIN);
    const view = await live(token);
    expect(view.stranded).toHaveLength(1);
    expect(view.stranded[0]).toMatchObject({ ticketId: d, number: 'D001', waitedMinutes: 12, targetWindow: null });
    expect(view.stranded[0]!.windows.length).toBeGreaterThan(0);
    expect(view.stranded[0]!.windows.map((w) => w.id)).not.toContain('w01');
    expect(view.groups.find((g) => g.groupId === 'D')).toMatchObject({ waiting: 1, stranded: 1 });
    expect(view.groups.find((g) => g.groupId === 'A')).toMatchObject({ waiting: 1, stranded: 0 });
  });

  it('opens a window for it (audited), after which nobody is stranded', async () => {
    const token = await h.login('admin');
    await take(['svc-project-filing']);
    const target = (await live(token)).stranded[0]!.windows[0]!;
    const r = await h.api(token, 'POST', `/live/windows/${target.id}/open`, { requestId: rid(), staffId: 's-lina' });
    expect(r).toMatchObject({ status: 200, body: { ok: true } });
    expect(h.server.hall.state.windows.get(target.id)).toMatchObject({ status: 'open', staffId: 's-lina' });
    expect((await live(token)).stranded).toEqual([]);
    const audit = (await h.api(token, 'GET', '/audit')).body.entries as { action: string; summary: string }[];
    expect(audit[0]).toMatchObject({ action: 'window.open', summary: `开启 ${target.name}，由 李娜 值守` });
  });

  it('cancels it with the reason (audited), and refuses a cancel without one', async () => {
    const token = await h.login('admin');
    const id = await take(['svc-project-filing']);
    const bad = await h.api(token, 'POST', `/live/tickets/${id}/cancel`, { requestId: rid(), reason: '' });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST' } } });
    const r = await h.api(token, 'POST', `/live/tickets/${id}/cancel`, { requestId: rid(), reason: '投资窗口今日无人，已约明日办理' });
    expect(r.status).toBe(200);
    expect(h.server.hall.state.tickets.get(id)).toMatchObject({ state: 'cancelled', endReason: '值班负责人取消：投资窗口今日无人，已约明日办理' });
    expect((await live(token)).stranded).toEqual([]);
    const audit = (await h.api(token, 'GET', '/audit')).body.entries as { action: string; summary: string }[];
    expect(audit[0]).toMatchObject({ action: 'ticket.cancel', summary: '取消号票 D001（投资窗口今日无人，已约明日办理）' });
  });

  it('is not for clerks', async () => {
    const id = await take(['svc-project-filing']);
    const r = await h.api(await h.login('zhangwei'), 'POST', `/live/tickets/${id}/cancel`, { requestId: rid(), reason: '不应允许' });
    expect(r.status).toBe(403);
  });
});
