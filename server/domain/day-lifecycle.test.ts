import { describe, expect, it } from 'vitest';
import { cappedCatalog, DomainRunner } from './test-support';

const A = ['svc-sscard'];

function numbers(r: DomainRunner): string[] {
  return [...r.state.tickets.values()].map((t) => t.number);
}

describe('closing and reopening the same business day', () => {
  it('continues the numbers, case numbers and caps of the day when a manager reopens it after a close', () => {
    const r = new DomainRunner(cappedCatalog('svc-sscard', 3));
    r.open();
    r.signIn('w01');
    r.take(A);
    r.take(A);
    r.callNext('w01');
    r.complete('w01');
    r.ok({ type: 'day.close', reason: '误操作结束营业' });
    r.ok({ type: 'day.open', businessDate: '2026-11-24' });
    // The ticket still waiting at the close stays closed; the completed one stays completed.
    expect([...r.state.tickets.values()].map((t) => [t.number, t.state])).toEqual([['A001', 'completed'], ['A002', 'closed']]);
    r.signIn('w01');
    r.take(A);
    expect(numbers(r)).toEqual(['A001', 'A002', 'A003']);
    // The cap of three walk-ins counts the two taken before the close.
    expect(r.run({ type: 'ticket.take', serviceIds: A })).toMatchObject({ ok: false, error: { code: 'QUOTA_EXHAUSTED' } });
    r.callNext('w01');
    const [done] = r.ok({ type: 'ticket.complete', windowId: 'w01', staffId: r.staffOf('w01'), ticketId: r.current('w01'), outcome: 'done', serviceIds: A });
    expect(done).toMatchObject({ type: 'TicketCompleted', cases: [{ caseId: expect.stringMatching(/2026112400002$/) }] });
    expect(r.state.figures).toMatchObject({ taken: 3, served: 2 });
  });

  it('still starts numbers again on another date', () => {
    const r = new DomainRunner();
    r.open();
    r.take(A);
    r.ok({ type: 'day.close', reason: '营业结束' });
    r.ok({ type: 'day.open', businessDate: '2026-11-25' });
    r.take(A);
    expect(numbers(r)).toEqual(['A001']);
  });
});

describe('the business date', () => {
  it('refuses a date that is not a real calendar date, and changes nothing', () => {
    const r = new DomainRunner();
    for (const bad of ['2026-13-45', '2026-02-30', '2026-11-24T00:00', '']) {
      expect(r.run({ type: 'day.open', businessDate: bad })).toMatchObject({ ok: false, error: { code: 'INVALID_BUSINESS_DATE' } });
      expect(r.run({ type: 'day.open', businessDate: bad, force: { reason: '测试' } })).toMatchObject({ ok: false, error: { code: 'INVALID_BUSINESS_DATE' } });
    }
    expect(r.state.businessDate).toBeNull();
    r.open('2026-11-24');
  });

  it('opens only within a day of the hall clock unless a manager forces it with a reason', () => {
    const r = new DomainRunner(); // the clock reads 2026-11-24 09:00 in the hall
    expect(r.run({ type: 'day.open', businessDate: '2026-11-26' })).toMatchObject({ ok: false, error: { code: 'BUSINESS_DATE_OUT_OF_RANGE' } });
    expect(r.run({ type: 'day.open', businessDate: '2026-11-22' })).toMatchObject({ ok: false, error: { code: 'BUSINESS_DATE_OUT_OF_RANGE' } });
    expect(r.run({ type: 'day.open', businessDate: '2026-11-26', force: { reason: '  ' } })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const [opened] = r.ok({ type: 'day.open', businessDate: '2026-11-26', force: { reason: '补录' } });
    expect(opened).toMatchObject({ type: 'DayOpened', businessDate: '2026-11-26', forced: { reason: '补录' } });
    // Yesterday and tomorrow are within a day (a late close after midnight, an early open).
    const s = new DomainRunner();
    s.open('2026-11-25');
  });

  it('goes back from a wrong day only by force: the wrong day is closed with the reason on its tickets', () => {
    const r = new DomainRunner();
    r.open('2026-11-25'); // tomorrow by mistake: within a day, so accepted
    r.take(A);
    expect(r.run({ type: 'day.open', businessDate: '2026-11-24' })).toMatchObject({ ok: false, error: { code: 'BUSINESS_DATE_EARLIER' } });
    const events = r.ok({ type: 'day.open', businessDate: '2026-11-24', force: { reason: '日期选错' } });
    expect(events.map((e) => e.type)).toEqual(['DayClosed', 'DayOpened']);
    expect(events[0]).toMatchObject({ businessDate: '2026-11-25', reason: '营业日改为 2026-11-24（日期选错）', closedTicketIds: [expect.any(String)] });
    expect(r.state).toMatchObject({ businessDate: '2026-11-24', dayOpen: true });
    r.take(A);
    expect(numbers(r)).toEqual(['A001']);
  });
});
