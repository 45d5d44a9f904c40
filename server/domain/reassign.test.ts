import { describe, expect, it } from 'vitest';
import type { HallCommand } from './events';
import { DomainRunner } from './test-support';

const PROJECT = ['svc-project-filing'];

/** A hall with w01 (comprehensive) and w12 (企业) staffed, and a 投资项目 ticket nobody can call (w15 closed). */
function strandedHall(): { r: DomainRunner; id: string } {
  const r = new DomainRunner();
  r.open();
  r.signIn('w01');
  r.signIn('w12');
  r.take(['svc-sscard']);
  r.advance(5);
  const id = r.take(PROJECT);
  r.advance(20);
  return { r, id };
}

const reassign = (ticketId: string, extra: Partial<Extract<HallCommand, { type: 'ticket.reassign' }>>): HallCommand => ({
  type: 'ticket.reassign',
  staffId: 'admin',
  ticketId,
  reason: '投资项目窗口今日无人，改派综合窗口',
  ...extra,
});

describe('reassign a waiting ticket (改派, the hall manager)', () => {
  it('moves a stranded ticket to a staffed window, which then calls it as a targeted ticket', () => {
    const { r, id } = strandedHall();
    const before = { ...r.state.tickets.get(id)! };
    const [e] = r.ok(reassign(id, { targetWindowId: 'w12', serviceIds: ['svc-company-setup'] }));
    expect(e).toMatchObject({
      type: 'TicketReassigned',
      ticketId: id,
      byStaffId: 'admin',
      from: { groupId: 'D', serviceIds: PROJECT, targetWindowId: null },
      groupId: 'B',
      serviceIds: ['svc-company-setup'],
      targetWindowId: 'w12',
    });
    const t = r.state.tickets.get(id)!;
    // Its number, take time, priority and place in time stay; only its line changed.
    expect(t).toMatchObject({ state: 'waiting', number: before.number, takenAt: before.takenAt, sortKey: before.sortKey, ordinal: before.ordinal, transfers: 0 });
    expect(r.callNext('w01')).toBe('A001');
    expect(r.callNext('w12')).toBe(before.number);
  });

  it('keeps the wait already done: a reassigned ticket goes before those taken after it in its new line', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w16'); // 综合出件 (group C) staffed
    const early = r.take(PROJECT); // D001 at 09:00, nobody serves D
    r.advance(30);
    r.take(['svc-pickup']); // C001 at 09:30
    r.advance(5);
    r.ok(reassign(early, { serviceIds: ['svc-pickup'] }));
    expect(r.state.tickets.get(early)!.groupId).toBe('C');
    // D001 waited since 09:00: it goes before C001, taken at 09:30.
    expect(r.callNext('w16')).toBe('D001');
    r.complete('w16');
    expect(r.callNext('w16')).toBe('C001');
  });

  it('moves a ticket waiting for a named window back to its group (matters only) and out of that window', () => {
    const r = new DomainRunner();
    r.open();
    r.signIn('w01');
    r.signIn('w02');
    const id = r.take(['svc-sscard']);
    r.ok(reassign(id, { targetWindowId: 'w02' }));
    expect(r.callNext('w01')).toBe(null);
    r.ok(reassign(id, { serviceIds: ['svc-id-card'] }));
    expect(r.state.tickets.get(id)).toMatchObject({ targetWindowId: null, serviceIds: ['svc-id-card'], groupId: 'A' });
    expect(r.callNext('w01')).toBe('A001');
  });

  it.each([
    ['a ticket already called', 'TICKET_NOT_WAITING'],
    ['a target nobody staffs', 'REASSIGN_TARGET_UNSTAFFED'],
    ['a window that cannot serve the matters', 'CANNOT_SERVE'],
    ['an unknown window', 'UNKNOWN_WINDOW'],
    ['no target', 'BAD_REQUEST'],
    ['the line it is in', 'BAD_REQUEST'],
    ['an empty reason', 'REASON_REQUIRED'],
    ['matters of two groups', 'MIXED_GROUPS'],
    ['an unknown ticket', 'UNKNOWN_TICKET'],
  ] as const)('refuses %s with %s and changes nothing', (what, code) => {
    const { r, id } = strandedHall();
    const called = r.state.tickets.get([...r.state.tickets.keys()][0]!)!;
    const cmd: HallCommand = {
      'a ticket already called': () => (r.callNext('w01'), reassign(called.id, { targetWindowId: 'w12' })),
      'a target nobody staffs': () => reassign(id, { targetWindowId: 'w15' }),
      'a window that cannot serve the matters': () => reassign(id, { targetWindowId: 'w01' }),
      'an unknown window': () => reassign(id, { targetWindowId: 'w99' }),
      'no target': () => reassign(id, {}),
      'the line it is in': () => reassign(id, { serviceIds: PROJECT }),
      'an empty reason': () => reassign(id, { targetWindowId: 'w01', serviceIds: ['svc-sscard'], reason: '  ' }),
      'matters of two groups': () => reassign(id, { serviceIds: ['svc-sscard', 'svc-company-setup'] }),
      'an unknown ticket': () => reassign('nope', { targetWindowId: 'w01' }),
    }[what]();
    const before = JSON.stringify([...r.state.tickets.values()]);
    const d = r.run(cmd);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error.code).toBe(code);
    expect(JSON.stringify([...r.state.tickets.values()])).toBe(before);
  });

  it('refuses when no day is open', () => {
    const { r, id } = strandedHall();
    r.ok({ type: 'day.close', reason: '营业结束' });
    const d = r.run(reassign(id, { targetWindowId: 'w12' }));
    expect(d.ok ? null : d.error.code).toBe('DAY_NOT_OPEN');
  });
});
