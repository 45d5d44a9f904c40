import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHall, send, rid, TOKENS, type TestHall, FakeClock } from './helpers/hall';

/**
 * Findings of the adversarial review (issue 11, "Authorization and integrity" and "Errors and health"),
 * each over a real socket: who may cancel, a requestId bound to its command, every event answered.
 */
describe('authorization and integrity over the socket', () => {
  let hall: TestHall;
  beforeEach(async () => {
    hall = await startTestHall({ clock: new FakeClock() });
  });
  afterEach(async () => {
    await hall.stop();
  });

  it('refuses a clerk signed in to no window cancelling a waiting ticket', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    const seq = hall.server.hall.seq;
    const answer = await send(clerk, 'ticket:cancel', { ticketId: taken.ticket.id, reason: '恶意取消' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'WINDOW_NOT_SIGNED_IN' } });
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    expect(await send(clerk, 'ticket:cancel', { ticketId: taken.ticket.id, reason: '恶意取消' })).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_AT_WINDOW' } });
    expect(hall.server.hall.state.tickets.get(taken.ticket.id)!.state).toBe('waiting');
    expect(hall.server.hall.seq).toBe(seq + 1); // only the sign-in
  });

  it('lets the kiosk that issued a ticket cancel it, and no other kiosk', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: kiosk2 } = await hall.terminal(TOKENS.kiosk2);
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(await send(kiosk2, 'ticket:cancel', { ticketId: taken.ticket.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const cancelled = await send(kiosk, 'ticket:cancel', { ticketId: taken.ticket.id });
    expect(cancelled).toMatchObject({ ok: true, ticket: { state: 'cancelled' } });
  });

  it('refuses completing a matter the window has no skill for', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    await send(clerk, 'window:callNext', {});
    const answer = await send(clerk, 'ticket:complete', { ticketId: taken.ticket.id, outcome: 'done', serviceIds: ['svc-company-setup'] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'CANNOT_SERVE' } });
    expect(hall.server.hall.state.tickets.get(taken.ticket.id)!.state).toBe('called');
  });

  it('refuses a requestId reused for another command or payload, and replays only the same one', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    await send(clerk, 'window:signIn', { windowId: 'w01' });
    const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    const requestId = rid();
    const called = await send(clerk, 'window:callNext', { requestId });
    expect(called.ok).toBe(true);
    const seq = hall.server.hall.seq;
    const complete = await send(clerk, 'ticket:complete', { requestId, ticketId: taken.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
    expect(complete).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    expect(hall.server.hall.state.tickets.get(taken.ticket.id)!.state).toBe('called');

    const start = rid();
    expect((await send(clerk, 'ticket:start', { requestId: start, ticketId: taken.ticket.id })).ok).toBe(true);
    expect(await send(clerk, 'ticket:start', { requestId: start, ticketId: 'another-ticket' })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
    // The same request again (keys in another order) is a repeat: the first answer, nothing done twice.
    const again = await clerk.timeout(5000).emitWithAck('ticket:start', { ticketId: taken.ticket.id, requestId: start });
    expect(again).toMatchObject({ ok: true, ticket: { state: 'serving' } });
    expect(hall.server.hall.seq).toBe(seq + 1);
    // Another terminal with the same id is refused with the same code.
    const { socket: other } = await hall.terminal(await hall.login('lina'));
    await send(other, 'window:signIn', { windowId: 'w02' });
    expect(await send(other, 'ticket:start', { requestId: start, ticketId: taken.ticket.id })).toMatchObject({ ok: false, error: { code: 'REQUEST_ID_REUSED' } });
  });

  it('answers every event that asks for an answer: missing payloads, Object.prototype names, a kiosk command from a clerk', async () => {
    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    const { socket: display } = await hall.terminal(TOKENS.display);
    const ask = (s: typeof clerk, event: string, ...args: unknown[]) => s.timeout(3000).emitWithAck(event, ...args) as Promise<{ ok: boolean; error?: { code: string } }>;
    for (const event of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'no:such']) {
      expect(await ask(clerk, event, {}), event).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await ask(clerk, 'window:callNext')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask(clerk, 'window:callNext', null)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask(clerk, 'ticket:print', { requestId: rid(), ticketId: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ask(display, 'ticket:print', { requestId: rid(), ticketId: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ask(display, 'window:callNext', { requestId: rid() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
