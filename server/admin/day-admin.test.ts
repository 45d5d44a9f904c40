import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, rid } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

describe('the business day from the console and the admin socket', () => {
  let h: AdminHall;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('reopens the day after a mistaken close: takes and completions go on with the next numbers, never INTERNAL', async () => {
    const admin = (await h.terminal(await h.login('admin'))).socket;
    const clerk = (await h.terminal(await h.login('zhangwei'))).socket;
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    const send = (s: typeof admin, e: string, p: object = {}) => s.timeout(5000).emitWithAck(e, { requestId: rid(), ...p });
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    const first = await send(clerk, 'window:callNext');
    expect(await send(clerk, 'ticket:complete', { ticketId: first.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] })).toMatchObject({ ok: true });

    expect(await send(admin, 'day:close', { reason: '误操作' })).toMatchObject({ ok: true });
    expect(await send(admin, 'day:open', {})).toMatchObject({ ok: true });
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(taken).toMatchObject({ ok: true, ticket: { number: 'A003' } });
    const called = await send(clerk, 'window:callNext');
    expect(called).toMatchObject({ ok: true, ticket: { number: 'A003' } });
    const done = await send(clerk, 'ticket:complete', { ticketId: called.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
    expect(done).toMatchObject({ ok: true });
    expect(await send(clerk, 'window:callNext')).toMatchObject({ ok: true, ticket: null });
  });

  it('refuses an impossible date on the socket, and a date off the clock unless forced in the console', async () => {
    const admin = (await h.terminal(await h.login('admin'))).socket;
    const send = (e: string, p: object = {}) => admin.timeout(5000).emitWithAck(e, { requestId: rid(), ...p });
    expect(await send('day:open', { businessDate: '2026-13-45' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await send('day:open', { businessDate: '2026-12-24' })).toMatchObject({ ok: false, error: { code: 'BUSINESS_DATE_OUT_OF_RANGE' } });
    const token = await h.login('admin');
    expect((await h.api(token, 'GET', '/day')).body).toEqual({
      ok: true,
      day: { businessDate: '2026-11-24', dayOpen: true, hallDate: '2026-11-24', matchesClock: true },
    });
    const bad = await h.api(token, 'POST', '/day/open', { requestId: rid(), businessDate: '2026-13-45' });
    expect(bad).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST' } } });
    const noReason = await h.api(token, 'POST', '/day/open', { requestId: rid(), businessDate: '2026-12-24', force: true });
    expect(noReason).toMatchObject({ status: 400, body: { ok: false, error: { code: 'BAD_REQUEST', issues: [{ path: 'reason' }] } } });
    expect(await h.api(token, 'POST', '/day/open', { requestId: rid(), businessDate: '2026-12-24' })).toMatchObject({
      status: 409,
      body: { ok: false, error: { code: 'BUSINESS_DATE_OUT_OF_RANGE' } },
    });
  });

  it('goes back from a wrong day in the console by a forced open of the hall date, audited, and a double click does it once', async () => {
    const token = await h.login('admin');
    const wrong = await h.api(token, 'POST', '/day/open', { requestId: rid(), businessDate: '2026-12-24', force: true, reason: '演示误操作' });
    expect(wrong.body).toMatchObject({ ok: true, day: { businessDate: '2026-12-24', dayOpen: true, hallDate: '2026-11-24', matchesClock: false } });
    // The scheduler and the plain open refuse to go back; the console's forced open is the way.
    expect(await h.api(token, 'POST', '/day/open', { requestId: rid(), businessDate: '2026-11-24' })).toMatchObject({
      status: 409,
      body: { error: { code: 'BUSINESS_DATE_EARLIER' } },
    });
    const requestId = rid();
    const back = await h.api(token, 'POST', '/day/open', { requestId, businessDate: '2026-11-24', force: true, reason: '日期选错，改回今天' });
    expect(back.body).toMatchObject({ ok: true, day: { businessDate: '2026-11-24', dayOpen: true, matchesClock: true } });
    // A double click answers as the first did, and does nothing twice.
    expect((await h.api(token, 'POST', '/day/open', { requestId, businessDate: '2026-11-24', force: true, reason: '日期选错，改回今天' })).body).toMatchObject({ ok: true });
    const audit = (await h.api(token, 'GET', '/audit?targetKind=day')).body.entries as { action: string; targetId: string; summary: string }[];
    expect(audit.map((a) => [a.action, a.targetId])).toEqual([
      ['day.forceOpen', '2026-11-24'],
      ['day.forceOpen', '2026-12-24'],
    ]);
    expect(audit[0]!.summary).toContain('日期选错，改回今天');
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    expect(await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'] })).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    expect((await h.api(token, 'POST', '/day/close', { requestId: rid(), reason: '营业结束' })).body).toMatchObject({ ok: true, day: { dayOpen: false } });
  });
});
