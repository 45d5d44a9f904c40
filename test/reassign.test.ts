import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { AuditEntry, LiveView } from '../protocol/admin';
import type { HallEventPush } from '../protocol/pushes';
import type { TakeResult, TicketStatusView } from '../protocol/views';
import { collect, FakeClock, send, startTestHall, TOKENS, until, type TestHall } from './helpers/hall';

/**
 * 改派 over real sockets (issue 12): the hall manager moves a waiting ticket nobody can call to a staffed
 * window; only the manager may, only a waiting ticket, never to a target nobody staffs; the move is in the
 * feed (the reason for staff only), in the audit log, on the ticket's status page, and survives a restart.
 */

let hall: TestHall | null = null;
let dir: string | null = null;
afterEach(async () => {
  await hall?.stop();
  hall = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function clerkAt(h: TestHall, username: string, windowId: string): Promise<Socket> {
  const socket = (await h.terminal(await h.login(username))).socket;
  expect(await send(socket, 'window:signIn', { windowId })).toMatchObject({ ok: true });
  return socket;
}

async function getJson<T>(h: TestHall, url: string, token?: string): Promise<T> {
  const res = await fetch(`${h.server.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return (await res.json()) as T;
}

const ticketStatus = async (h: TestHall, id: string) => (await getJson<{ ticket: TicketStatusView }>(h, `/api/tickets/${id}`)).ticket;

describe('ticket:reassign (改派)', () => {
  it('moves a stranded ticket to a staffed window: answered, pushed, audited, re-estimated, called there, and kept over a restart', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'yichuang-reassign-'));
    const clock = new FakeClock();
    hall = await startTestHall({ dir, clock });
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    const adminToken = await hall.login('admin', 'admin1234');
    const manager = (await hall.terminal(adminToken)).socket;
    await clerkAt(hall, 'zhangwei', 'w01');
    await clerkAt(hall, 'lina', 'w12');
    const staffFeed = collect<HallEventPush>(manager, 'hall:event');
    const publicFeed = collect<HallEventPush>(kiosk, 'hall:event');

    // 投资项目 (group D): window 15 only, nobody there. Stranded in the live view and on its status page.
    const taken = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-project-filing'] })) as { ok: true } & TakeResult;
    expect(taken).toMatchObject({ servableNow: false, estimateRange: { noWindow: true } });
    const live = async () => (await getJson<{ live: LiveView }>(hall!, '/api/admin/live', adminToken)).live;
    expect((await live()).stranded.map((s) => s.number)).toEqual(['D001']);
    clock.advance(10 * 60_000);

    const keyBefore = hall.server.hall.state.tickets.get(taken.ticket.id)!.sortKey;
    const payload = { requestId: 'reassign-d001-1', ticketId: taken.ticket.id, windowId: 'w12', serviceIds: ['svc-company-setup'], reason: '投资项目窗口无人，改派企业窗口' };
    const answer = await send(manager, 'ticket:reassign', payload);
    expect(answer).toMatchObject({ ok: true, ahead: 0, ticket: { number: 'D001', state: 'waiting', groupId: 'B', targetWindowId: 'w12', serviceIds: ['svc-company-setup'] } });

    await until(() => staffFeed.some((p) => p.event.type === 'TicketReassigned') && publicFeed.some((p) => p.event.type === 'TicketReassigned'));
    const staffEvent = staffFeed.find((p) => p.event.type === 'TicketReassigned')!;
    expect(staffEvent.seq).toBe(answer.seq);
    expect(staffEvent.event).toMatchObject({ reason: '投资项目窗口无人，改派企业窗口', from: { groupId: 'D', serviceIds: ['svc-project-filing'], targetWindowId: null }, groupId: 'B', targetWindowId: 'w12' });
    // The public feed says where the ticket went, not who moved it or why.
    const publicEvent = publicFeed.find((p) => p.event.type === 'TicketReassigned')!.event;
    expect(Object.keys(publicEvent).sort()).toEqual(['at', 'groupId', 'serviceIds', 'targetWindowId', 'ticketId', 'type']);

    const audit = (await getJson<{ entries: AuditEntry[] }>(hall, '/api/admin/audit?targetKind=ticket', adminToken)).entries;
    expect(audit[0]).toMatchObject({
      action: 'ticket.reassign',
      actorId: 's-admin',
      targetId: taken.ticket.id,
      at: clock.t,
      before: { groupId: 'D', targetWindowId: null },
      after: { groupId: 'B', targetWindowId: 'w12', reason: '投资项目窗口无人，改派企业窗口' },
    });
    expect(audit[0]!.summary).toContain('D001');
    expect(audit[0]!.summary).toContain('12号企业综合窗口');

    // Nobody stranded any more; the status page and its estimate say a window can call it.
    expect((await live()).stranded).toEqual([]);
    // The estimate follows the next batch of the simulator (coalesced after the change).
    let status = await ticketStatus(hall, taken.ticket.id);
    for (let i = 0; i < 50 && !status.estimateRange; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await ticketStatus(hall, taken.ticket.id);
    }
    expect(status).toMatchObject({ state: 'waiting', servableNow: true, servableFrom: null, estimateRange: { noWindow: false } });

    // A repeat of the same request answers the first answer and writes nothing twice.
    const seq = hall.server.hall.seq;
    expect(await send(manager, 'ticket:reassign', payload)).toMatchObject({ ok: true, ticket: { targetWindowId: 'w12' } });
    expect(hall.server.hall.seq).toBe(seq);
    const auditRows = () => (hall!.server.db.prepare("SELECT COUNT(*) AS n FROM admin_audit WHERE action = 'ticket.reassign'").get() as { n: number }).n;
    expect(auditRows()).toBe(1);

    // Restart: the ticket is read back in its new line, and window 12 calls it.
    await hall.stop();
    hall = await startTestHall({ dir, clock });
    const t = hall.server.hall.state.tickets.get(taken.ticket.id)!;
    expect(t).toMatchObject({ state: 'waiting', groupId: 'B', targetWindowId: 'w12', sortKey: keyBefore });
    const again = await clerkAt(hall, 'lina', 'w12');
    expect(await send(again, 'window:callNext', {})).toMatchObject({ ok: true, ticket: { number: 'D001' } });
  });

  it('refuses what is not the manager\'s or not waiting, with catalogue codes, and changes nothing', async () => {
    hall = await startTestHall();
    const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
    const manager = (await hall.terminal(await hall.login('admin', 'admin1234'))).socket;
    const clerk = await clerkAt(hall, 'zhangwei', 'w01');
    const a = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })) as { ok: true } & TakeResult;
    const d = (await send(kiosk, 'ticket:take', { serviceIds: ['svc-project-filing'] })) as { ok: true } & TakeResult;
    await send(clerk, 'window:callNext', {});
    const seq = hall.server.hall.seq;
    const cases: [Socket, object, string][] = [
      [clerk, { ticketId: d.ticket.id, windowId: 'w01', serviceIds: ['svc-sscard'], reason: '窗口自行改派' }, 'FORBIDDEN'],
      [kiosk, { ticketId: d.ticket.id, windowId: 'w01', serviceIds: ['svc-sscard'], reason: '取号机改派' }, 'FORBIDDEN'],
      [manager, { ticketId: a.ticket.id, windowId: 'w02', reason: '已叫号的号票' }, 'TICKET_NOT_WAITING'],
      [manager, { ticketId: d.ticket.id, windowId: 'w15', reason: '投资项目窗口无人' }, 'REASSIGN_TARGET_UNSTAFFED'],
      [manager, { ticketId: d.ticket.id, windowId: 'w01', reason: '综合窗口不办投资项目' }, 'CANNOT_SERVE'],
      [manager, { ticketId: d.ticket.id, windowId: 'w01', serviceIds: ['svc-sscard'] }, 'BAD_REQUEST'],
      [manager, { ticketId: d.ticket.id, reason: '没有目标' }, 'BAD_REQUEST'],
      [manager, { ticketId: 'nope', windowId: 'w01', serviceIds: ['svc-sscard'], reason: '不存在的号票' }, 'UNKNOWN_TICKET'],
    ];
    for (const [socket, payload, code] of cases) {
      const r = await send(socket, 'ticket:reassign', payload as never);
      expect(r, `${code} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
      expect(r.ok ? '' : r.error.message).not.toMatch(/Error\b|\n\s+at /);
    }
    expect(hall.server.hall.seq).toBe(seq);
    expect((hall.server.db.prepare("SELECT COUNT(*) AS n FROM admin_audit WHERE action = 'ticket.reassign'").get() as { n: number }).n).toBe(0);
  });
});
