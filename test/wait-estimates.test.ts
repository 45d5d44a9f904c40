import { afterEach, describe, expect, it } from 'vitest';
import type { TicketStatusView, WaitRange } from '../protocol/views';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

let hall: TestHall | undefined;
afterEach(async () => {
  await hall?.stop();
  hall = undefined;
});

describe('wait estimates from the hall simulator', () => {
  it('answers a take with an estimate and its range, on the ticket, the print payload and the status page', async () => {
    hall = await startTestHall({ clock: new FakeClock() });
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const token = await hall.login('zhangwei');
    const { socket: clerk } = await hall.terminal(token);
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);

    const first = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(first.ok).toBe(true);
    // One window open and idle: called at once, and only then is it 即将叫号.
    expect(first.estimateRange).toMatchObject({ low: 0, high: 0, noWindow: false, servableFrom: null });
    let last = first;
    for (let i = 0; i < 6; i++) last = await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] });
    const range = last.estimateRange as WaitRange;
    // Six ahead at one window, 6–8 minutes each: tens of minutes, a range around the estimate.
    expect(last.estimatedWaitMinutes).toBeGreaterThan(20);
    expect(range.low).toBeLessThanOrEqual(last.estimatedWaitMinutes);
    expect(range.high!).toBeGreaterThanOrEqual(last.estimatedWaitMinutes);
    expect(range.high!).toBeGreaterThan(range.low);
    expect(last.print.estimateRange).toEqual(range);

    const res = await fetch(`${hall.server.url}/api/tickets/${last.ticket.id}`);
    const status = (await res.json()) as { ok: true; ticket: TicketStatusView };
    expect(status.ticket.estimateRange?.noWindow).toBe(false);
    expect(status.ticket.estimatedWaitMinutes).toBeGreaterThan(20);
  });

  it('says so when no open window can serve the ticket', async () => {
    hall = await startTestHall({ clock: new FakeClock() });
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    // 投资项目 (group D) is served at window 15 only, and nobody has signed in there all day.
    const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-project-filing'] });
    expect(r.ok).toBe(true);
    expect(r.estimateRange).toMatchObject({ noWindow: true, high: null, servableFrom: null });
  });

  it('does not say 即将叫号 while no clerk has signed in yet', async () => {
    hall = await startTestHall({ clock: new FakeClock() });
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const r = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    // No window open, so not 即将叫号; but the rostered windows are expected, not "not today".
    expect(r.estimateRange).toMatchObject({ noWindow: true, servableFrom: null });
    expect(r.estimateRange.high).not.toBeNull();
  });

  it('serves the models to an admin and to nobody else', async () => {
    hall = await startTestHall({ clock: new FakeClock() });
    const url = `${hall.server.url}/api/admin/simulation/model`;
    expect((await fetch(url)).status).toBe(401);
    const clerk = await hall.login('zhangwei');
    expect((await fetch(url, { headers: { authorization: `Bearer ${clerk}` } })).status).toBe(403);
    const admin = await hall.login('admin', 'admin1234');
    const body = (await (await fetch(`${url}?kind=workday`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
      ok: boolean;
      models: Record<string, { services: Record<string, { typicalMin: number; samples: number }> }>;
    };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.models)).toEqual(['workday']);
    expect(body.models.workday!.services['svc-sscard']).toMatchObject({ typicalMin: 6, samples: 0 });
    const bad = await fetch(`${url}?kind=sunday`, { headers: { authorization: `Bearer ${admin}` } });
    expect(bad.status).toBe(400);
  });
});
