import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTableHolidaySource } from '../calendar';
import { FakeClock } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';
import { playDay } from './test-support/play-day';
import { addWorkingDays, workingDays } from './working-days';

const DAY = 86_400_000;

describe('working-day deadlines', () => {
  const holidays = createTableHolidaySource({ years: [2026], holidays: { '2026-10-01': '国庆节', '2026-10-02': '国庆节', '2026-10-05': '国庆节' }, workdays: { '2026-10-10': '国庆节' } });

  it.each([
    ['2026-11-24', 5, '2026-12-01'],
    ['2026-11-24', 7, '2026-12-03'],
    ['2026-11-24', 15, '2026-12-15'],
    // Sept 30 (Wed): Oct 1, 2 off, 3-4 weekend, 5 off → Oct 6, 7, 8, 9 (Fri), 10 (make-up Saturday).
    ['2026-09-30', 5, '2026-10-10'],
  ])('counts %s + %i working days as %s', (from, n, due) => {
    expect(addWorkingDays(from, n, workingDays(holidays, []))).toBe(due);
  });

  it('lets a hall holiday override push the deadline', () => {
    const check = workingDays(holidays, [{ date: '2026-11-25', kind: 'holiday', name: '调整', note: '' }]);
    expect(addWorkingDays('2026-11-24', 5, check)).toBe('2026-12-02');
  });

  it('falls back to Monday-Friday for a year the data does not cover', () => {
    expect(addWorkingDays('2027-01-01', 1, workingDays(holidays, []))).toBe('2027-01-04');
  });
});

describe('差评 follow-ups', () => {
  let h: AdminHall;
  let clock: FakeClock;
  let token: string;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock });
    token = await h.login('admin');
    await playDay(h, clock);
    await h.admin.tick();
  });
  afterEach(async () => {
    await h.stop();
  });

  const act = (id: number, body: unknown) => h.api(token, 'POST', `/followups/${id}/actions`, body);

  it('opens exactly one item per 差评, and none for a good rating', async () => {
    await h.admin.tick();
    const list = (await h.api(token, 'GET', '/followups')).body.followUps;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ticketNumber: 'A001', level: 2, state: 'open', deadlineDays: 5, dueDate: '2026-12-01', staffName: '李娜' });
  });

  it('refuses to close before the contact and the fix are recorded, then closes with each step audited', async () => {
    const [item] = (await h.api(token, 'GET', '/followups')).body.followUps;
    expect((await act(item.id, { action: 'close', note: '已处理' })).body.error.code).toBe('INVALID_STATE');
    expect((await act(item.id, { action: 'assign', ownerId: 's-admin' })).body.followUp.ownerName).toBe('大厅管理员');
    expect((await act(item.id, { action: 'contact', note: '电话联系群众，说明排队情况' })).body.followUp.state).toBe('contacted');
    expect((await act(item.id, { action: 'close', note: '已处理' })).body.error.message).toContain('整改');
    await act(item.id, { action: 'fix', fix: '高峰时段增开 2 个综合窗口' });
    const closed = (await act(item.id, { action: 'close', note: '群众表示认可' })).body.followUp;
    expect(closed).toMatchObject({ state: 'closed', closingNote: '群众表示认可', overdue: false });
    const audit = (await h.api(token, 'GET', '/audit?targetKind=followup')).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['followup.close', 'followup.fix', 'followup.contact', 'followup.assign']);
  });

  it('flags an item overdue the day after its deadline', async () => {
    clock.advance(7 * DAY); // Tuesday 12-01, the deadline itself
    token = await h.login('admin');
    expect((await h.api(token, 'GET', '/followups')).body.followUps[0].overdue).toBe(false);
    clock.advance(DAY);
    token = await h.login('admin');
    expect((await h.api(token, 'GET', '/followups?overdue=true')).body.followUps).toHaveLength(1);
  });

  it('takes an upheld appeal (申诉复核) out of the satisfaction figures', async () => {
    const [item] = (await h.api(token, 'GET', '/followups')).body.followUps;
    expect((await act(item.id, { action: 'decideAppeal', upheld: true, note: 'x' })).body.error.code).toBe('INVALID_STATE');
    await act(item.id, { action: 'appeal', reason: '群众误操作，现场确认本意为满意' });
    const decided = (await act(item.id, { action: 'decideAppeal', upheld: true, note: '调取录像核实' })).body.followUp;
    expect(decided).toMatchObject({ state: 'appeal_upheld', appealResult: 'upheld' });
    const total = (await h.api(token, 'GET', '/reports?from=2026-11-24&to=2026-11-24')).body.report.total;
    // Only A004's 非常满意 is left: 1 of 1.
    expect(total).toMatchObject({ rated: 1, satisfactionRate: 100, badRatings: 0, appealsUpheld: 1 });
  });

  it('sends a rejected appeal back to work', async () => {
    const [item] = (await h.api(token, 'GET', '/followups')).body.followUps;
    await act(item.id, { action: 'appeal', reason: '评价人非办事群众' });
    const back = (await act(item.id, { action: 'decideAppeal', upheld: false, note: '核实为办事群众本人' })).body.followUp;
    expect(back).toMatchObject({ state: 'open', appealResult: 'rejected' });
    expect((await act(item.id, { action: 'appeal', reason: '再次申诉' })).body.error.code).toBe('INVALID_STATE');
  });

  it('saves the follow-up deadline setting and refuses zero days', async () => {
    const cfg = (await h.api(token, 'GET', '/config')).body.config;
    expect((await h.api(token, 'PUT', '/config', { ...cfg, followUp: { deadlineWorkingDays: 15 } })).status).toBe(200);
    expect((await h.api(token, 'PUT', '/config', { ...cfg, followUp: { deadlineWorkingDays: 0 } })).status).toBe(400);
    expect((await h.api(token, 'GET', '/config')).body.config.followUp.deadlineWorkingDays).toBe(15);
  });
});
