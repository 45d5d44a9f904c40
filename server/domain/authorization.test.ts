import { describe, expect, it } from 'vitest';
import { KIOSK_CANCEL_MS } from './decide';
import type { CancelBy } from './events';
import { DomainRunner } from './test-support';

const A = ['svc-sscard'];

function hall(): DomainRunner {
  const r = new DomainRunner();
  r.open();
  r.signIn('w01');
  r.signIn('w02');
  return r;
}

const atWindow = (r: DomainRunner, windowId: string): CancelBy => ({ kind: 'window', windowId, staffId: r.staffOf(windowId) });
const manager: CancelBy = { kind: 'manager', staffId: 'admin' };
const kiosk = (deviceId = 'kiosk-1'): CancelBy => ({ kind: 'kiosk', deviceId });

describe('who may cancel a ticket', () => {
  it('refuses a clerk cancelling a waiting ticket that is not at his window', () => {
    const r = hall();
    const id = r.take(A, { issuedBy: 'kiosk-1' });
    expect(r.run({ type: 'ticket.cancel', ticketId: id, reason: '群众取消', by: atWindow(r, 'w01') })).toMatchObject({
      ok: false,
      error: { code: 'TICKET_NOT_AT_WINDOW' },
    });
    expect(r.state.tickets.get(id)!.state).toBe('waiting');
  });

  it('lets the window a ticket is called at cancel it, and frees the window', () => {
    const r = hall();
    r.take(A);
    r.callNext('w01');
    const id = r.current('w01');
    expect(r.run({ type: 'ticket.cancel', ticketId: id, reason: '材料不全，群众放弃', by: atWindow(r, 'w02') })).toMatchObject({
      ok: false,
      error: { code: 'TICKET_NOT_AT_WINDOW' },
    });
    r.ok({ type: 'ticket.cancel', ticketId: id, reason: '材料不全，群众放弃', by: atWindow(r, 'w01') });
    expect(r.state.tickets.get(id)).toMatchObject({ state: 'cancelled', endReason: '材料不全，群众放弃' });
    expect(r.state.windows.get('w01')!.currentTicketId).toBeNull();
    expect(r.log.at(-1)).toMatchObject({ type: 'TicketCancelled', windowId: 'w01' });
  });

  it('refuses a clerk who is signed in to no window', () => {
    const r = hall();
    const id = r.take(A);
    const by: CancelBy = { kind: 'window', windowId: 'w03', staffId: 'nobody' };
    expect(r.run({ type: 'ticket.cancel', ticketId: id, reason: 'x', by })).toMatchObject({ ok: false, error: { code: 'WINDOW_NOT_SIGNED_IN' } });
  });

  it('lets the manager cancel any ticket not yet final, with a reason', () => {
    const r = hall();
    const waiting = r.take(A);
    r.take(A);
    r.callNext('w01');
    expect(r.run({ type: 'ticket.cancel', ticketId: waiting, reason: '  ', by: manager })).toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    r.ok({ type: 'ticket.cancel', ticketId: r.current('w01'), reason: '重复取号', by: manager });
    expect(r.state.windows.get('w01')!.currentTicketId).toBeNull();
    const second = [...r.state.tickets.values()].find((t) => t.state === 'waiting')!;
    r.ok({ type: 'ticket.cancel', ticketId: second.id, reason: '重复取号', by: manager });
    expect(r.run({ type: 'ticket.cancel', ticketId: second.id, reason: '重复取号', by: manager })).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_WAITING' } });
  });

  it('lets a kiosk cancel only its own waiting ticket, only shortly after issuing it', () => {
    const r = hall();
    const mine = r.take(A, { issuedBy: 'kiosk-1' });
    const other = r.take(A, { issuedBy: 'kiosk-2' });
    const late = r.take(A, { issuedBy: 'kiosk-1' });
    expect(r.run({ type: 'ticket.cancel', ticketId: other, reason: '群众取消', by: kiosk() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    r.ok({ type: 'ticket.cancel', ticketId: mine, reason: '群众取消', by: kiosk() });
    r.now += KIOSK_CANCEL_MS + 1;
    expect(r.run({ type: 'ticket.cancel', ticketId: late, reason: '群众取消', by: kiosk() })).toMatchObject({ ok: false, error: { code: 'CANCEL_TOO_LATE' } });
    expect(r.state.tickets.get(late)!.state).toBe('waiting');
  });

  it('refuses a kiosk cancelling its ticket once a window called it', () => {
    const r = hall();
    const id = r.take(A, { issuedBy: 'kiosk-1' });
    r.callNext('w01');
    expect(r.run({ type: 'ticket.cancel', ticketId: id, reason: '群众取消', by: kiosk() })).toMatchObject({ ok: false, error: { code: 'TICKET_NOT_WAITING' } });
  });
});

describe('completing only what the window can serve', () => {
  it('refuses a matter outside the window skills (the case would go to the district under its name)', () => {
    const r = hall();
    r.ok({ type: 'window.signIn', windowId: 'w12', staffId: 's-w12' });
    r.take(['svc-company-setup']);
    r.callNext('w12');
    const ticketId = r.current('w12');
    const refused = r.run({ type: 'ticket.complete', windowId: 'w12', staffId: 's-w12', ticketId, outcome: 'done', serviceIds: ['svc-company-setup', 'svc-sscard'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CANNOT_SERVE' } });
    expect(r.state.tickets.get(ticketId)!.state).toBe('called');
    r.ok({ type: 'ticket.complete', windowId: 'w12', staffId: 's-w12', ticketId, outcome: 'done', serviceIds: ['svc-company-setup', 'svc-tax-new'] });
  });

  it('lets a comprehensive window complete any matter of a pooled group and its own extra skills', () => {
    const r = hall();
    r.ok({ type: 'window.signIn', windowId: 'w11', staffId: 's-w11' });
    r.take(A);
    r.callNext('w11');
    const ticketId = r.current('w11');
    r.ok({ type: 'ticket.complete', windowId: 'w11', staffId: 's-w11', ticketId, outcome: 'done', serviceIds: ['svc-sscard', 'svc-invoice'] });
    r.take(A);
    r.callNext('w01');
    const other = r.current('w01');
    expect(r.run({ type: 'ticket.complete', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: other, outcome: 'done', serviceIds: ['svc-invoice'] })).toMatchObject({
      ok: false,
      error: { code: 'CANNOT_SERVE' },
    });
  });
});
