import { describe, expect, it } from 'vitest';
import { previewQueue } from './dispatch';
import type { HallCommand } from './events';
import { DomainRunner } from './test-support';

const A = ['svc-sscard'];

function hallWithWindow(windowId = 'w01'): DomainRunner {
  const r = new DomainRunner();
  r.open();
  r.signIn(windowId);
  return r;
}

describe('call next (无差别全科受理)', () => {
  it('calls first come first served among equals', () => {
    const r = hallWithWindow();
    for (let i = 0; i < 3; i++) {
      r.take(A);
      r.advance(1);
    }
    expect([r.callNext('w01'), (r.complete('w01'), r.callNext('w01'))]).toEqual(['A001', 'A002']);
  });

  it('calls a priority class before ordinary tickets that waited less than its head start', () => {
    const r = hallWithWindow();
    r.take(A);
    r.advance(10);
    r.take(A, { priority: 'elderly' });
    expect(r.callNext('w01')).toBe('A002');
  });

  it('calls an ordinary ticket that waited longer than the priority head start (ageing)', () => {
    const r = hallWithWindow();
    r.take(A);
    r.advance(61); // bonus is 60 minutes in the demo settings
    r.take(A, { priority: 'elderly' });
    expect(r.callNext('w01')).toBe('A001');
    expect(r.log.at(-1)).toMatchObject({ type: 'TicketCalled', reason: { code: 'LONGEST_WAIT' } });
  });

  it('interleaves an ordinary ticket after the configured number of priority calls in a row', () => {
    const r = hallWithWindow();
    r.take(A); // A001 ordinary
    for (let i = 0; i < 4; i++) r.take(A, { priority: 'military' }); // A002..A005
    const order: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      order.push(r.callNext('w01'));
      r.complete('w01');
    }
    expect(order).toEqual(['A002', 'A003', 'A004', 'A001', 'A005']);
    expect(r.log.filter((e) => e.type === 'TicketCalled').map((e) => (e.type === 'TicketCalled' ? e.reason.code : ''))).toEqual([
      'PRIORITY',
      'PRIORITY',
      'PRIORITY',
      'INTERLEAVE',
      'PRIORITY',
    ]);
  });

  it('previews the queue in the order calls would take, with reasons', () => {
    const r = hallWithWindow();
    r.take(A);
    r.take(A, { priority: 'pregnant' });
    const preview = previewQueue(r.state, 'w01', r.now, 10);
    expect(preview.map((p) => r.state.tickets.get(p.ticketId)!.number)).toEqual(['A002', 'A001']);
    expect(preview[0]!.reason.text).toContain('孕妇');
  });

  it('lets a window call only what its skill set covers', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01'); // comprehensive: pooled group A
    r.signIn('w12'); // company group B
    r.signIn('w11'); // comprehensive + two company matters
    r.take(['svc-company-setup']); // B001
    r.take(['svc-invoice']); // B002
    r.take(A); // A001
    expect(r.callNext('w12')).toBe('B001');
    expect(r.callNext('w01')).toBe('A001');
    expect(r.callNext('w11')).toBe('B002');
    r.take(['svc-company-close']);
    expect(r.run({ type: 'window.callNext', windowId: 'w01', staffId: r.staffOf('w01') })).toMatchObject({ ok: false, error: { code: 'WINDOW_BUSY' } });
  });

  it('refuses a call while paused and resumes', () => {
    const r = hallWithWindow();
    r.take(A);
    const staffId = r.staffOf('w01');
    r.ok({ type: 'window.pause', windowId: 'w01', staffId, reason: 'lunch' });
    expect(r.run({ type: 'window.callNext', windowId: 'w01', staffId })).toMatchObject({ ok: false, error: { code: 'WINDOW_PAUSED' } });
    r.ok({ type: 'window.resume', windowId: 'w01', staffId });
    expect(r.callNext('w01')).toBe('A001');
  });

  it('numbers each queue group separately and starts again every business day', () => {
    const r = hallWithWindow();
    r.take(A);
    r.take(['svc-company-setup']);
    r.take(A);
    expect([...r.state.tickets.values()].map((t) => t.number)).toEqual(['A001', 'B001', 'A002']);
    r.ok({ type: 'day.close', reason: '营业结束' });
    r.ok({ type: 'day.open', businessDate: '2026-11-25' });
    r.take(A);
    expect([...r.state.tickets.values()].map((t) => t.number)).toEqual(['A001']);
  });
});

describe('calls, recalls and no-shows', () => {
  it('needs the minimum number of calls before a no-show, with a cooldown between recalls', () => {
    const r = hallWithWindow();
    const id = r.take(A);
    r.callNext('w01');
    const staffId = r.staffOf('w01');
    expect(r.run({ type: 'ticket.noShow', windowId: 'w01', staffId, ticketId: id })).toMatchObject({ ok: false, error: { code: 'NO_SHOW_TOO_EARLY' } });
    expect(r.run({ type: 'ticket.recall', windowId: 'w01', staffId, ticketId: id })).toMatchObject({ ok: false, error: { code: 'RECALL_COOLDOWN' } });
    r.now += 15_000;
    r.ok({ type: 'ticket.recall', windowId: 'w01', staffId, ticketId: id });
    r.ok({ type: 'ticket.noShow', windowId: 'w01', staffId, ticketId: id });
    expect(r.state.tickets.get(id)!.state).toBe('noShow');
    expect(r.state.windows.get('w01')!.currentTicketId).toBe(null);
  });

  it('brings a no-show back once, behind the configured number of others', () => {
    const r = hallWithWindow();
    const late = r.take(A); // A001
    r.callNext('w01');
    const staffId = r.staffOf('w01');
    r.now += 15_000;
    r.ok({ type: 'ticket.recall', windowId: 'w01', staffId, ticketId: late });
    r.ok({ type: 'ticket.noShow', windowId: 'w01', staffId, ticketId: late });
    for (let i = 0; i < 5; i++) r.take(A); // A002..A006
    r.ok({ type: 'ticket.return', ticketId: late });
    const order = previewQueue(r.state, 'w01', r.now, 10).map((p) => r.state.tickets.get(p.ticketId)!.number);
    expect(order).toEqual(['A002', 'A003', 'A004', 'A001', 'A005', 'A006']);
    // once only
    expect(r.callNext('w01')).toBe('A002');
    r.complete('w01');
    r.callNext('w01');
    r.complete('w01');
    r.callNext('w01');
    r.complete('w01');
    expect(r.callNext('w01')).toBe('A001');
    r.now += 15_000;
    r.ok({ type: 'ticket.recall', windowId: 'w01', staffId, ticketId: late });
    r.ok({ type: 'ticket.noShow', windowId: 'w01', staffId, ticketId: late });
    expect(r.run({ type: 'ticket.return', ticketId: late })).toMatchObject({ ok: false, error: { code: 'RETURN_LIMIT' } });
  });

  it('counts the wait before a no-show and after its return, not the time away', () => {
    const r = hallWithWindow();
    const id = r.take(A);
    r.advance(10);
    r.callNext('w01'); // waited 10 minutes
    const staffId = r.staffOf('w01');
    r.now += 15_000;
    r.ok({ type: 'ticket.recall', windowId: 'w01', staffId, ticketId: id });
    r.ok({ type: 'ticket.noShow', windowId: 'w01', staffId, ticketId: id });
    r.advance(30); // away
    r.ok({ type: 'ticket.return', ticketId: id });
    r.advance(5);
    r.callNext('w01'); // waited 5 more
    r.complete('w01');
    const t = r.state.tickets.get(id)!;
    expect(t.waitedMs).toBe(10 * 60_000);
    expect(r.state.figures.perWindow.get('w01')!.waitMs).toBe(15 * 60_000);
  });

  it('calls out of turn only with a reason, and logs it with the call', () => {
    const r = hallWithWindow();
    r.take(A);
    const green = r.take(A);
    const staffId = r.staffOf('w01');
    expect(r.run({ type: 'window.callTicket', windowId: 'w01', staffId, ticketId: green, reason: 'other', note: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
    const e = r.ok({ type: 'window.callTicket', windowId: 'w01', staffId, ticketId: green, reason: 'green_channel', note: '急诊陪护' });
    expect(e[0]).toMatchObject({ type: 'TicketCalled', outOfTurn: { reason: 'green_channel', note: '急诊陪护' }, reason: { code: 'OUT_OF_TURN' } });
  });
});

describe('transfers', () => {
  it('keeps the time already waited when transferring to other matters', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    r.signIn('w12');
    r.take(['svc-company-setup']); // B001 at t0
    r.take(A); // A001 at t0
    r.advance(20);
    r.callNext('w01'); // A001 waited 20 min
    r.advance(5);
    r.take(['svc-company-change']); // B002, newer
    const staffId = r.staffOf('w01');
    const a001 = r.current('w01');
    r.ok({ type: 'ticket.transfer', windowId: 'w01', staffId, ticketId: a001, serviceIds: ['svc-company-change'] });
    const t = r.state.tickets.get(a001)!;
    expect(t.state).toBe('waiting');
    expect(t.waitedMs).toBe(20 * 60_000);
    // B001 waited 25 min, the transferred ticket 20, B002 0: that is the order at the company window.
    const order = previewQueue(r.state, 'w12', r.now, 5).map((p) => r.state.tickets.get(p.ticketId)!.number);
    expect(order).toEqual(['B001', 'A001', 'B002']);
  });

  it('lets only the named window call a ticket transferred to it', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    r.signIn('w02');
    r.take(A);
    r.callNext('w01');
    const id = r.current('w01');
    r.ok({ type: 'ticket.transfer', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: id, targetWindowId: 'w02' });
    r.take(A);
    expect(r.callNext('w01')).toBe('A002');
    expect(r.callNext('w02')).toBe('A001');
  });

  it('refuses a transfer to a window that cannot serve the matters', () => {
    const r = hallWithWindow();
    r.take(A);
    r.callNext('w01');
    const d = r.run({ type: 'ticket.transfer', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: r.current('w01'), targetWindowId: 'w12' });
    expect(d).toMatchObject({ ok: false, error: { code: 'CANNOT_SERVE' } });
  });

  it('refuses a transfer to a window nobody is signed in to unless the clerk confirms it', () => {
    const r = hallWithWindow();
    r.take(A);
    r.callNext('w01');
    const id = r.current('w01');
    const cmd = (acceptUnstaffed: boolean): HallCommand => ({ type: 'ticket.transfer', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: id, targetWindowId: 'w02', acceptUnstaffed });
    const d = r.run(cmd(false));
    expect(d).toMatchObject({ ok: false, error: { code: 'TRANSFER_TARGET_UNSTAFFED' } });
    expect(d.ok ? '' : d.error.message).toContain('当前无人值守');
    expect(r.state.tickets.get(id)!.state).toBe('called');
    r.ok(cmd(true));
    expect(r.state.tickets.get(id)).toMatchObject({ state: 'waiting', targetWindowId: 'w02' });
  });

  it('refuses a change of matters that no staffed window serves unless the clerk confirms it', () => {
    const r = hallWithWindow();
    r.take(A);
    r.callNext('w01');
    const id = r.current('w01');
    // 企业开办 is group B: only the company windows (w12-) serve it, and none is staffed.
    const cmd: HallCommand = { type: 'ticket.transfer', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: id, serviceIds: ['svc-company-setup'] };
    expect(r.run(cmd)).toMatchObject({ ok: false, error: { code: 'TRANSFER_TARGET_UNSTAFFED' } });
    r.signIn('w12');
    r.ok(cmd);
  });
});

describe('taking tickets', () => {
  it('keeps a share of a daily cap for appointments', () => {
    const r = hallWithWindow();
    // svc-estate-personal: cap 80, half kept for appointments → 40 walk-ins
    for (let i = 0; i < 40; i++) r.take(['svc-estate-personal']);
    expect(r.run({ type: 'ticket.take', serviceIds: ['svc-estate-personal'] })).toMatchObject({ ok: false, error: { code: 'QUOTA_EXHAUSTED' } });
    r.state.appointments.set('YY123456', { code: 'YY123456', serviceIds: ['svc-estate-personal'], date: '2026-11-24', slotStart: r.now, slotEnd: r.now + 30 * 60_000, usedByTicketId: null });
    const e = r.ok({ type: 'ticket.take', appointmentCode: 'YY123456' })[0]!;
    expect(e).toMatchObject({ ticket: { priority: 'appointment', appointmentCode: 'YY123456' } });
    expect(r.run({ type: 'ticket.take', appointmentCode: 'YY123456' })).toMatchObject({ ok: false, error: { code: 'APPOINTMENT_USED' } });
  });

  it('makes a ticket elderly from the age of the ID number, and keeps neither age nor birth date', () => {
    const r = hallWithWindow();
    const e = r.ok({ type: 'ticket.take', serviceIds: A, applicant: { idMasked: '3301**********1234' }, age: 66 })[0]!;
    expect(e).toMatchObject({ ticket: { priority: 'elderly', prioritySource: 'id-number', applicant: { idMasked: '3301**********1234' } } });
    expect(e.type === 'TicketTaken' && Object.keys(e.ticket.applicant)).toEqual(['idMasked']);
    expect(JSON.stringify(e)).not.toMatch(/birth|"age"/);
    const young = r.ok({ type: 'ticket.take', serviceIds: A, applicant: {}, age: 36 })[0]!;
    expect(young).toMatchObject({ ticket: { priority: 'none' } });
    const declared = r.ok({ type: 'ticket.take', serviceIds: A, priority: 'disabled', age: 80 })[0]!;
    expect(declared).toMatchObject({ ticket: { priority: 'disabled', prioritySource: 'declared' } });
  });

  it('refuses matters from two queue groups on one ticket, and tickets before the day opens', () => {
    const r = new DomainRunner();
    expect(r.run({ type: 'ticket.take', serviceIds: A })).toMatchObject({ ok: false, error: { code: 'DAY_NOT_OPEN' } });
    r.open();
    expect(r.run({ type: 'ticket.take', serviceIds: ['svc-sscard', 'svc-invoice'] })).toMatchObject({ ok: false, error: { code: 'MIXED_GROUPS' } });
  });

  it('asks the calendar whether tickets can be issued now', () => {
    const r = new DomainRunner(undefined, {
      canIssue: () => ({ code: 'ISSUING_STOPPED', message: '已停止取号，下次开放 周一 09:00' }),
      canSignIn: () => null,
    });
    // Before the day opens the calendar still answers first: its refusal says when tickets come again.
    expect(r.run({ type: 'ticket.take', serviceIds: A })).toMatchObject({ ok: false, error: { code: 'ISSUING_STOPPED' } });
    r.open();
    expect(r.run({ type: 'ticket.take', serviceIds: A })).toMatchObject({ ok: false, error: { code: 'ISSUING_STOPPED' } });
  });
});

describe('completing and closing', () => {
  it('makes one case for a bundle handled whole, one per matter otherwise', () => {
    const r = hallWithWindow();
    r.take([], { bundleId: 'bdl-after-death', serviceIds: undefined });
    r.callNext('w01');
    r.complete('w01');
    r.take(['svc-sscard', 'svc-medical-enrol']);
    r.callNext('w01');
    r.complete('w01');
    const completed = r.log.filter((e) => e.type === 'TicketCompleted');
    expect(completed.map((e) => (e.type === 'TicketCompleted' ? e.cases.length : 0))).toEqual([1, 2]);
    const first = completed[0]!;
    if (first.type === 'TicketCompleted') {
      expect(first.cases[0]).toMatchObject({ bundleId: 'bdl-after-death', serviceIds: ['svc-death-cancel', 'svc-pension-stop', 'svc-funeral-subsidy'] });
      expect(first.cases[0]!.caseId).toBe('3301062026112400001');
    }
  });

  it('records the matters actually handled, which may differ from those asked for', () => {
    const r = hallWithWindow();
    r.take(['svc-sscard']);
    r.callNext('w01');
    r.complete('w01', ['svc-sscard', 'svc-medical-enrol']);
    const t = [...r.state.tickets.values()][0]!;
    expect(t.serviceIds).toEqual(['svc-sscard', 'svc-medical-enrol']);
    expect(t.caseIds).toHaveLength(2);
  });

  it('closes tickets still waiting at closing time with a reason, and signs windows out', () => {
    const r = hallWithWindow();
    r.take(A);
    r.take(A);
    r.callNext('w01');
    const [e] = r.ok({ type: 'day.close', reason: '营业结束' });
    expect(e).toMatchObject({ type: 'DayClosed', closedTicketIds: expect.any(Array), signedOutWindowIds: ['w01'] });
    const [called, waiting] = [...r.state.tickets.values()];
    expect(waiting).toMatchObject({ state: 'closed', endReason: '营业结束' });
    expect(called).toMatchObject({ state: 'closed', endReason: '营业结束（已叫号，窗口未登记办结）' });
    expect(r.state.queue.size).toBe(0);
  });

  it('refuses signing out with a ticket at the window, and a second window for the same clerk', () => {
    const r = hallWithWindow();
    r.take(A);
    r.callNext('w01');
    expect(r.run({ type: 'window.signOut', windowId: 'w01', staffId: r.staffOf('w01') })).toMatchObject({ ok: false, error: { code: 'WINDOW_BUSY' } });
    expect(r.run({ type: 'window.signIn', windowId: 'w02', staffId: r.staffOf('w01') })).toMatchObject({ ok: false, error: { code: 'ALREADY_SIGNED_IN' } });
    expect(r.run({ type: 'window.signIn', windowId: 'w01', staffId: 's-other' })).toMatchObject({ ok: false, error: { code: 'WINDOW_TAKEN' } });
  });
});
