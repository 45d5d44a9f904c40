import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminConfigSchema } from '../../protocol/admin';
import { FakeClock, rid } from '../../test/helpers/hall';
import { startFakeGateway, type FakeGateway } from '../notify/test-support/fake-gateway';
import { writeAdminConfig } from './config';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';
import { TOKENS } from './test-support/play-day';

const SECRET = 'callback-sms-secret-0123456789';
const PHONE = '13812345678';
const DAY = 86_400_000;

async function ok(socket: Socket, event: string, payload: Record<string, unknown>): Promise<any> {
  const r = await socket.timeout(5000).emitWithAck(event, { requestId: rid(), ...payload });
  if (!r.ok) throw new Error(`${event} refused: ${r.error.code} ${r.error.message}`);
  return r;
}

describe('差评回访: the number kept for the callback', () => {
  let h: AdminHall;
  let gw: FakeGateway;
  let clock: FakeClock;
  let token: string;
  let kiosk: Socket;
  let clerk: Socket;
  let pad: Socket;

  beforeEach(async () => {
    gw = await startFakeGateway(SECRET);
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock, hallOptions: { notify: { url: gw.url, secret: SECRET, pollMs: 50 }, retentionEveryMs: 0 } });
    token = await h.login('admin');
    kiosk = (await h.terminal(TOKENS.kiosk)).socket;
    clerk = (await h.terminal(await h.login('zhangwei'))).socket;
    pad = (await h.terminal(TOKENS.evalW01)).socket;
    await ok(clerk, 'window:signIn', { windowId: 'w01' });
  });
  afterEach(async () => {
    await h.stop();
    await gw.close();
  });

  /** One visit with a phone number, served at w01 and rated `level` on the pad. */
  async function visit(level: number | null, phone: string | null = PHONE): Promise<string> {
    await ok(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'], ...(phone ? { phone } : {}) });
    const { ticket } = await ok(clerk, 'window:callNext', {});
    await ok(clerk, 'ticket:start', { ticketId: ticket.id });
    await ok(clerk, 'ticket:complete', { ticketId: ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
    if (level !== null) await ok(pad, 'evaluation:submit', { ticketId: ticket.id, level, comment: level <= 2 ? '等太久' : '' });
    await h.admin.tick();
    return ticket.id as string;
  }
  const count = (table: string) => (h.server.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const followUps = async () => (await h.api(token, 'GET', '/followups')).body.followUps;
  const act = (id: number, body: unknown) => h.api(token, 'POST', `/followups/${id}/actions`, body);

  it('keeps a 差评 number sealed outside what hall.db can open, shows it masked, and reveals it audited', async () => {
    const ticketId = await visit(1);
    expect(count('notify_contacts')).toBe(0);
    expect(count('callback_contacts')).toBe(1);
    // The database file itself, with its WAL: the number is in neither, in any form a search would find.
    h.server.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(path.join(h.dir, 'hall.db')).includes(Buffer.from(PHONE))).toBe(false);

    const [f] = await followUps();
    expect(f).toMatchObject({ ticketId, level: 1, callback: { phoneMasked: '138****5678', calls: [] } });
    expect(f.callback.keepUntil).toBe(clock.t + 30 * DAY);
    expect(JSON.stringify(f)).not.toContain(PHONE);

    const shown = await h.api(token, 'POST', `/followups/${f.id}/phone`);
    expect(shown).toMatchObject({ status: 200, body: { ok: true, phone: PHONE } });
    const audit = (await h.api(token, 'GET', '/audit?targetKind=followup')).body.entries;
    expect(audit[0]).toMatchObject({ action: 'followup.revealPhone', actorName: '大厅管理员', targetId: String(f.id) });
    expect(audit[0].summary).toContain('138****5678');
    expect(JSON.stringify(audit)).not.toContain(PHONE);
  });

  it('refuses 显示号码 to a clerk and to a follow-up without a number, with catalogue codes', async () => {
    await visit(2, null);
    const [f] = await followUps();
    expect(f.callback.phoneMasked).toBeNull();
    expect((await h.api(token, 'POST', `/followups/${f.id}/phone`)).body.error.code).toBe('NOT_FOUND');
    expect((await h.api(token, 'POST', '/followups/9999/phone')).body.error.code).toBe('NOT_FOUND');
    expect((await h.api(token, 'POST', '/followups/x/phone')).body.error.code).toBe('BAD_REQUEST');
    const clerkToken = await h.login('zhangwei');
    const refused = await h.api(clerkToken, 'POST', `/followups/${f.id}/phone`);
    expect(refused.status).toBe(403);
    expect(refused.body.ok).toBe(false);
  });

  it('records the calls, counts a reached one as the contact, and deletes the number on a final outcome', async () => {
    const ticketId = await visit(2);
    const [f] = await followUps();
    expect((await act(f.id, { action: 'callback', outcome: 'maybe', note: 'x' })).body.error.code).toBe('BAD_REQUEST');
    expect((await act(f.id, { action: 'callback', outcome: 'not_reached', note: '' })).body.error.code).toBe('BAD_REQUEST');

    const missed = (await act(f.id, { action: 'callback', outcome: 'not_reached', note: '无人接听' })).body.followUp;
    expect(missed).toMatchObject({ state: 'open', contactedAt: null, callback: { phoneMasked: '138****5678' } });
    const reached = (await act(f.id, { action: 'callback', outcome: 'reached', note: '群众反映等候时间长' })).body.followUp;
    expect(reached).toMatchObject({ state: 'contacted', contactNote: '电话回访（已联系上）：群众反映等候时间长', callback: { phoneMasked: '138****5678' } });
    const resolved = (await act(f.id, { action: 'callback', outcome: 'resolved', note: '告知已增开窗口，群众认可' })).body.followUp;
    expect(resolved.callback).toMatchObject({ phoneMasked: null, keepUntil: null });
    expect(resolved.callback.calls.map((c: { outcome: string; actorName: string }) => [c.outcome, c.actorName])).toEqual([
      ['not_reached', '大厅管理员'],
      ['reached', '大厅管理员'],
      ['resolved', '大厅管理员'],
    ]);
    expect(h.server.db.prepare('SELECT COUNT(*) AS n FROM callback_contacts WHERE ticket_id = ?').get(ticketId)).toEqual({ n: 0 });
    expect((await h.api(token, 'POST', `/followups/${f.id}/phone`)).body.error.code).toBe('NOT_FOUND');
    const audit = (await h.api(token, 'GET', '/audit?targetKind=followup')).body.entries;
    expect(audit[0]).toMatchObject({ action: 'followup.callback' });
    expect(audit[0].summary).toContain('已解决');
  });

  it('deletes the number when the follow-up is closed', async () => {
    await visit(1);
    const [f] = await followUps();
    await act(f.id, { action: 'contact', note: '上门走访' });
    await act(f.id, { action: 'fix', fix: '增开窗口' });
    expect((await act(f.id, { action: 'close', note: '办结' })).body.followUp.callback.phoneMasked).toBeNull();
    expect(count('callback_contacts')).toBe(0);
  });

  it('keeps no number after a good rating, nor after no rating once the day closes', async () => {
    await visit(4);
    expect(count('notify_contacts') + count('callback_contacts')).toBe(0);
    await visit(null);
    expect(count('notify_contacts')).toBe(1); // waits for its rating
    expect(h.server.retention.run().strayContacts).toBe(0); // not a stray: its rating may still come today
    expect((await h.api(token, 'POST', '/day/close', { requestId: rid(), reason: '测试结束营业' })).body.ok).toBe(true);
    expect(count('notify_contacts') + count('callback_contacts')).toBe(0);
  });

  it('keeps none when callbackDays is 0, and the retention job purges a number past callbackDays', async () => {
    writeAdminConfig(h.server.db, adminConfigSchema.parse({ retention: { callbackDays: 0 } }), clock.t);
    await visit(1);
    expect(count('callback_contacts')).toBe(0);
    writeAdminConfig(h.server.db, adminConfigSchema.parse({ retention: { callbackDays: 7 } }), clock.t);
    await visit(1);
    expect(count('callback_contacts')).toBe(1);
    clock.advance(6 * DAY);
    expect(h.server.retention.run().callbackContacts).toBe(0);
    clock.advance(DAY);
    expect(h.server.retention.run()).toMatchObject({ callbackContacts: 1, strayContacts: 0 });
    expect(count('callback_contacts')).toBe(0);
    token = await h.login('admin'); // a week on: the morning's session has expired
    expect((await followUps()).map((f: { callback: { phoneMasked: string | null } }) => f.callback.phoneMasked)).toEqual([null, null]);
  });
});
