import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifyStatus } from '../protocol/admin';
import { startFakeGateway, type FakeGateway } from '../server/notify/test-support/fake-gateway';
import { send, startTestHall, TOKENS, type TestHall, until } from './helpers/hall';

const SECRET = 'hall-sms-secret-0123456789abcdef';
const PHONE = '13812345678';

async function serveNext(clerk: Socket): Promise<string> {
  const c = await send(clerk, 'window:callNext', {});
  if (!c.ok || !c.ticket) throw new Error('nothing to call');
  expect((await send(clerk, 'ticket:start', { ticketId: c.ticket.id })).ok).toBe(true);
  expect((await send(clerk, 'ticket:complete', { ticketId: c.ticket.id, outcome: 'done', serviceIds: c.ticket.serviceIds })).ok).toBe(true);
  return c.ticket.number;
}

describe('text messages to citizens (notifier)', () => {
  let gw: FakeGateway;
  let dir: string;
  let hall: TestHall | null = null;
  const start = () =>
    startTestHall({
      dir,
      keyFile: path.join(dir, 'yichuang-hall.key'),
      notify: { url: gw.url, secret: SECRET, pollMs: 20, timeoutMs: 300, backoffBaseMs: 50, backoffCapMs: 200, maxAttempts: 3 },
    });
  beforeEach(async () => {
    gw = await startFakeGateway(SECRET);
    dir = mkdtempSync(path.join(tmpdir(), 'yichuang-notify-'));
  });
  afterEach(async () => {
    await hall?.stop();
    hall = null;
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells a citizen when five are ahead and when called, then forgets the number when the ticket ends', async () => {
    hall = await start();
    const { socket: kiosk, snapshot } = await hall.terminal(TOKENS.kiosk);
    expect(snapshot.role === 'kiosk' && snapshot.textMessages).toBe(true);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    for (let i = 0; i < 7; i++) expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const mine = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], phone: '138 1234 5678' });
    expect(mine.ok && mine.ahead).toBe(7);
    expect(hall.server.notifier.status().contacts).toBe(1);
    // The public status page says texts will come, and never shows the number.
    const status = async (id: string) => ((await (await fetch(`${hall!.server.url}/api/tickets/${id}`)).json()) as { ticket: { textReminder?: boolean } }).ticket;
    expect(await status(mine.ticket.id)).toMatchObject({ number: 'A008', textReminder: true });
    expect(JSON.stringify(await status(mine.ticket.id))).not.toMatch(/138|5678/);
    const other = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect((await status(other.ticket.id)).textReminder).toBe(false);

    await serveNext(clerk); // 6 ahead: not yet
    await new Promise((r) => setTimeout(r, 100));
    expect(gw.received).toEqual([]);
    await serveNext(clerk); // 5 ahead
    await until(() => gw.received.length === 1);
    expect(gw.received[0]).toMatchObject({ to: PHONE, text: '西湖区行政服务中心：您的 A008 号前面还有 5 人，请回到大厅等候叫号。' });

    for (let i = 0; i < 5; i++) await serveNext(clerk); // "near" is said once only
    const called = await send(clerk, 'window:callNext', {});
    expect(called.ok && called.ticket.number).toBe('A008');
    await until(() => gw.received.length === 2);
    expect(gw.received[1]).toMatchObject({ to: PHONE, text: '西湖区行政服务中心：请 A008 号到 1 号窗口办理。' });

    expect((await send(clerk, 'ticket:complete', { ticketId: called.ok ? called.ticket.id : '', outcome: 'done', serviceIds: ['svc-sscard'] })).ok).toBe(true);
    expect(hall.server.notifier.status()).toMatchObject({ contacts: 0, backlog: 0, sent: 2 });
    // Served: the number waits for the rating only (a 差评 would keep it for the callback); a good one ends it.
    expect(hall.server.db.prepare('SELECT COUNT(*) AS n FROM notify_contacts WHERE awaiting_rating = 1').get()).toEqual({ n: 1 });
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    expect((await send(pad, 'evaluation:submit', { ticketId: called.ok ? called.ticket.id : '', level: 5 })).ok).toBe(true);
    expect(hall.server.db.prepare('SELECT COUNT(*) AS n FROM notify_contacts').get()).toEqual({ n: 0 });
    expect(hall.server.db.prepare('SELECT COUNT(*) AS n FROM callback_contacts').get()).toEqual({ n: 0 });
  });

  it('keeps the hall answering while the gateway hangs, and shows the dead letter to the admin', async () => {
    hall = await start();
    gw.mode = 'hang';
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], phone: PHONE })).ok).toBe(true);
    const called = await send(clerk, 'window:callNext', {});
    expect(called.ok).toBe(true);
    await until(() => gw.attempts >= 1);
    // The sender is stuck in a request the gateway never answers; the hall is not.
    for (let i = 0; i < 5; i++) expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], phone: PHONE })).ok).toBe(true);
    expect((await send(clerk, 'ticket:start', { ticketId: called.ok ? called.ticket.id : '' })).ok).toBe(true);

    await until(() => hall!.server.notifier.status().deadLetters >= 1, 10_000);
    const admin = await hall.login('admin', 'admin1234');
    const res = await fetch(`${hall.server.url}/api/notify/status`, { headers: { authorization: `Bearer ${admin}` } });
    const body = (await res.json()) as NotifyStatus & { ok: boolean };
    expect(body).toMatchObject({ ok: true, configured: true, enabled: true, adapter: 'http' });
    expect(body.deadLetters).toBeGreaterThanOrEqual(1);
    expect(body.recentDeadLetters.at(-1)).toMatchObject({ ticketNumber: 'A001', kind: 'call', attempts: 3 });
    expect(body.recentDeadLetters.at(-1)!.lastError).toContain('TIMEOUT');
    expect(JSON.stringify(body)).not.toContain(PHONE);
    const clerkToken = await hall.login('lina');
    expect((await fetch(`${hall.server.url}/api/notify/status`, { headers: { authorization: `Bearer ${clerkToken}` } })).status).toBe(403);
  }, 20_000);

  it('commits a call and its message together: when the message cannot be written the call does not happen', async () => {
    hall = await start();
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], phone: PHONE });
    const seq = hall.server.hall.seq;
    hall.server.db.exec('ALTER TABLE notify_outbox RENAME TO notify_outbox_gone');
    expect(await send(clerk, 'window:callNext', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(hall.server.hall.seq).toBe(seq);
    expect(hall.server.hall.state.tickets.get(taken.ok ? taken.ticket.id : '')?.state).toBe('waiting');
    hall.server.db.exec('ALTER TABLE notify_outbox_gone RENAME TO notify_outbox');
    expect((await send(clerk, 'window:callNext', {})).ok).toBe(true);
    await until(() => gw.received.length === 1);
  });

  it('asks for no number and keeps none in a hall without a gateway', async () => {
    hall = await startTestHall({ dir, keyFile: path.join(dir, 'yichuang-hall.key') });
    const { socket: kiosk, snapshot } = await hall.terminal(TOKENS.kiosk);
    expect(snapshot.role === 'kiosk' && snapshot.textMessages).toBe(false);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], phone: PHONE })).ok).toBe(true);
    expect(hall.server.notifier.status()).toMatchObject({ configured: false, contacts: 0, backlog: 0 });
  });

  it('sends after a restart what was queued while the gateway was down', async () => {
    hall = await start();
    gw.mode = { status: 503 };
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], phone: PHONE })).ok).toBe(true);
    expect((await send(clerk, 'window:callNext', {})).ok).toBe(true);
    await until(() => gw.attempts >= 1);
    await hall.stop();
    gw.mode = 'ok';
    hall = await start();
    await until(() => gw.received.length === 1, 5000);
    expect(gw.received[0]).toMatchObject({ to: PHONE, text: '西湖区行政服务中心：请 A001 号到 1 号窗口办理。' });
  });
});
