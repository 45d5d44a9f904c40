import { describe, expect, it } from 'vitest';
import { at, calendarOf, seedConfig } from './test-fixtures';
import type { CalendarConfigInput } from './schema';

const cal = calendarOf();
const W1_4 = ['w01', 'w02', 'w03', 'w04'];

describe('status over real 2026 dates (demo seed, chinese-days)', () => {
  it.each([
    // [when, dayKind, open, issuing, shift, windowIds today, opensAt, closesAt, nextOpenAt]
    ['2026-03-03 10:00', 'workday', true, true, null, null, '2026-03-03 09:00', '2026-03-03 17:00', '2026-03-03 10:00'], // a normal Tuesday
    ['2026-03-03 08:00', 'workday', false, false, null, null, '2026-03-03 09:00', '2026-03-03 17:00', '2026-03-03 09:00'],
    ['2026-03-07 10:00', 'weekend-service', true, true, 'sat-am', W1_4, '2026-03-07 09:00', '2026-03-07 12:00', '2026-03-07 10:00'], // Saturday roster
    ['2026-03-07 12:30', 'weekend-service', false, false, null, W1_4, '2026-03-07 09:00', '2026-03-07 12:00', '2026-03-09 09:00'],
    ['2026-03-08 10:00', 'closed', false, false, null, [], null, null, '2026-03-09 09:00'], // Sunday: no roster
    ['2026-10-01 10:00', 'closed', false, false, null, [], null, null, '2026-10-04 09:00'], // National Day: closed, next is the 4th's duty
    ['2026-10-04 10:00', 'holiday-service', true, true, 'nd-duty', ['w01', 'w02'], '2026-10-04 09:00', '2026-10-04 12:00', '2026-10-04 10:00'],
    ['2026-10-03 10:00', 'closed', false, false, null, [], null, null, '2026-10-04 09:00'], // a Saturday inside the holiday: no Saturday roster
    ['2026-10-10 10:00', 'workday', true, true, null, null, '2026-10-10 09:00', '2026-10-10 17:00', '2026-10-10 10:00'], // make-up Saturday
    ['2026-02-14 10:00', 'workday', true, true, null, null, '2026-02-14 09:00', '2026-02-14 17:00', '2026-02-14 10:00'], // make-up Saturday before 春节
    ['2026-02-15 10:00', 'closed', false, false, null, [], null, null, '2026-02-24 09:00'], // Sunday = first day of 春节; across the holiday week
    ['2026-02-21 10:00', 'closed', false, false, null, [], null, null, '2026-02-24 09:00'], // a Saturday inside 春节
  ] as const)('%s is %s (open %s, issuing %s)', (when, dayKind, open, issuing, shift, windowIds, opensAt, closesAt, nextOpenAt) => {
    const s = cal.status(at(when));
    expect(s.dayKind).toBe(dayKind);
    expect(s.open).toBe(open);
    expect(s.issuing).toBe(issuing);
    expect(s.shift?.id ?? null).toBe(shift);
    expect(s.windowIds).toEqual(windowIds);
    expect(s.opensAt).toBe(opensAt === null ? null : at(opensAt));
    expect(s.closesAt).toBe(closesAt === null ? null : at(closesAt));
    expect(s.nextOpenAt).toBe(at(nextOpenAt));
    expect(s.businessDate).toBe(when.slice(0, 10));
    expect(s.warnings).toEqual([]);
  });

  it('shows the weekend banner and the Saturday cut-offs', () => {
    const s = cal.status(at('2026-03-07 10:00'));
    expect(s.banner).toBe('办事无休日 · 周六 9:00-12:00');
    expect(s.cutoffAt).toEqual({ default: at('2026-03-07 11:45'), groups: { A: at('2026-03-07 11:30'), B: at('2026-03-07 11:30') } });
    expect(s.serviceIds).toContain('svc-birth-register');
    expect(s.serviceIds).not.toContain('svc-company-setup');
    expect(s.shiftsToday).toEqual([{ id: 'sat-am', name: '周六上午班', open: '09:00', close: '12:00' }]);
  });

  it('names the holiday on a holiday duty day and on a make-up workday', () => {
    expect(cal.status(at('2026-10-04 10:00')).banner).toBe('办事无休日 · 国庆节 · 周日 9:00-12:00');
    const s = cal.status(at('2026-10-10 10:00'));
    expect(s).toMatchObject({ makeUpWorkday: true, holidayName: '国庆节', banner: '调休上班 · 周六 9:00-17:00', shift: null });
    expect(cal.status(at('2026-10-01 10:00')).holidayName).toBe('国庆节');
    expect(cal.status(at('2026-02-15 10:00')).holidayName).toBe('春节');
  });

  it('gives an ordinary Tuesday no banner, all windows and all matters', () => {
    const s = cal.status(at('2026-03-03 10:00'));
    expect(s).toMatchObject({ banner: null, windowIdsNow: null, serviceIdsNow: null, inLunchBreak: false, basis: 'holiday-data' });
  });
});

describe('lunch break', () => {
  it('keeps the comprehensive windows open and issuing over a reduced lunch (午间不打烊)', () => {
    const s = cal.status(at('2026-03-03 12:30'));
    expect(s).toMatchObject({ open: true, issuing: true, inLunchBreak: true, windowIdsNow: W1_4, windowIds: null });
    expect(cal.canIssue(at('2026-03-03 12:30'), 'A')).toMatchObject({ ok: true });
    expect(cal.status(at('2026-03-03 13:30')).windowIdsNow).toBeNull();
  });

  const closedLunch: CalendarConfigInput = {
    ...seedConfig,
    weekday: { hours: { open: '09:00', close: '17:00' }, lunchBreak: { start: '12:00', end: '13:30', mode: 'closed' } },
  };
  const shut = calendarOf([], closedLunch);

  it('shuts at a closed lunch and says when issuing resumes', () => {
    const s = shut.status(at('2026-03-03 12:30'));
    expect(s).toMatchObject({ open: false, issuing: false, inLunchBreak: true, nextOpenAt: at('2026-03-03 13:30') });
    expect(shut.canIssue(at('2026-03-03 12:30'), 'A')).toEqual({
      ok: false,
      code: 'HALL_CLOSED',
      message: '午间休息，下次取号时间：今日 13:30',
      nextOpenAt: at('2026-03-03 13:30'),
    });
  });

  it('stops issuing before a closed lunch by the group cut-off', () => {
    expect(shut.canIssue(at('2026-03-03 11:29'), 'A').ok).toBe(true);
    expect(shut.canIssue(at('2026-03-03 11:30'), 'A')).toMatchObject({ ok: false, code: 'ISSUING_STOPPED', nextOpenAt: at('2026-03-03 13:30') });
    expect(shut.status(at('2026-03-03 11:00')).cutoffAt.groups.A).toBe(at('2026-03-03 11:30'));
    expect(shut.status(at('2026-03-03 12:10')).cutoffAt.groups.A).toBe(at('2026-03-03 16:30'));
  });
});

describe('cut-off, minute by minute', () => {
  it.each([
    ['2026-03-03 16:29', 'A', true],
    ['2026-03-03 16:29:59', 'A', true],
    ['2026-03-03 16:30', 'A', false],
    ['2026-03-03 16:31', 'A', false],
    ['2026-03-03 16:30', 'B', false],
    ['2026-03-03 16:30', 'C', true], // default 15 minutes
    ['2026-03-03 16:44', 'C', true],
    ['2026-03-03 16:45', 'C', false],
    ['2026-03-07 11:29', 'A', true], // Saturday shift ends 12:00
    ['2026-03-07 11:30', 'A', false],
    ['2026-03-04 17:59', 'A', true], // Wednesday 延时服务 to 18:30
    ['2026-03-04 18:00', 'A', false],
  ] as const)('at %s group %s may take a ticket: %s', (when, group, ok) => {
    expect(cal.canIssue(at(when), group).ok).toBe(ok);
  });

  it('tells the kiosk when issuing resumes after the cut-off', () => {
    expect(cal.canIssue(at('2026-03-03 16:30'), 'A')).toEqual({
      ok: false,
      code: 'ISSUING_STOPPED',
      message: '暂停取号（16:30 起停止取号），下次取号时间：明日（周三）9:00',
      nextOpenAt: at('2026-03-04 09:00'),
    });
    expect(cal.canIssue(at('2026-03-07 11:30'), 'A')).toMatchObject({
      message: '暂停取号（11:30 起停止取号），下次取号时间：3月9日（周一）9:00',
      nextOpenAt: at('2026-03-09 09:00'),
    });
  });

  it('reports issuing while some group still issues, and the cut-off of each group', () => {
    const s = cal.status(at('2026-03-03 16:35'));
    expect(s.issuing).toBe(true);
    expect(s.cutoffAt).toEqual({ default: at('2026-03-03 16:45'), groups: { A: at('2026-03-03 16:30'), B: at('2026-03-03 16:30') } });
    expect(cal.status(at('2026-03-03 16:45')).issuing).toBe(false);
    expect(cal.status(at('2026-03-03 16:45')).open).toBe(true);
  });

  it('returns the cut-off with an accepted ticket', () => {
    expect(cal.canIssue(at('2026-03-03 10:00'), 'A')).toEqual({ ok: true, cutoffAt: at('2026-03-03 16:30'), shiftId: null });
    expect(cal.canIssue(at('2026-03-07 10:00'), 'A')).toEqual({ ok: true, cutoffAt: at('2026-03-07 11:30'), shiftId: 'sat-am' });
  });
});

describe('the kiosk headline', () => {
  it.each([
    ['2026-03-03 10:00', null, '2026-03-03 10:00'],
    ['2026-03-03 16:50', '暂停取号，下次取号时间：明日（周三）9:00', '2026-03-04 09:00'],
    ['2026-03-08 10:00', '今日大厅休息，下次取号时间：明日（周一）9:00', '2026-03-09 09:00'],
    ['2026-10-02 10:00', '今日国庆节假期，大厅休息，下次取号时间：10月4日（周日）9:00', '2026-10-04 09:00'],
  ] as const)('at %s reads %s', (when, message, nextIssuingAt) => {
    const s = cal.status(at(when));
    expect(s.message).toBe(message);
    expect(s.nextIssuingAt).toBe(at(nextIssuingAt));
  });
});

describe('延时服务', () => {
  it('runs Wednesday on to 18:30 at two windows with its own banner', () => {
    const s = cal.status(at('2026-03-04 17:30'));
    expect(s).toMatchObject({ open: true, issuing: true, windowIdsNow: ['w01', 'w02', 'w16'], closesAt: at('2026-03-04 18:30') });
    expect(s.banner).toBe('周三延时服务 · 今日办理至 18:30');
    expect(cal.status(at('2026-03-03 17:30')).open).toBe(false);
  });

  it('refuses a matter the extension does not serve, naming the next time it is served', () => {
    const narrow = calendarOf([], {
      ...seedConfig,
      extendedHours: [{ id: 'ext-wed', name: '周三延时服务', weekdays: [3], close: '18:30', windowIds: ['w01'], serviceIds: ['svc-a'] }],
    });
    expect(narrow.canIssue(at('2026-03-04 17:30'), 'A', ['svc-a']).ok).toBe(true);
    expect(narrow.canIssue(at('2026-03-04 17:30'), 'A', ['svc-b'])).toEqual({
      ok: false,
      code: 'SERVICE_NOT_TODAY',
      message: '所选事项当前时段不办理，下次可办理时间：明日（周四）9:00',
      nextOpenAt: at('2026-03-05 09:00'),
    });
  });
});

describe('matters served on a weekend day', () => {
  const subset = calendarOf([], {
    ...seedConfig,
    roster: seedConfig.roster.map((s) => (s.id === 'sat-am' ? { ...s, serviceIds: ['svc-a', 'svc-b'] } : s)),
  });

  it('offers the kiosk only the roster matters and refuses others with the next weekday', () => {
    expect(subset.status(at('2026-03-07 10:00')).serviceIds).toEqual(['svc-a', 'svc-b']);
    expect(subset.canIssue(at('2026-03-07 10:00'), 'A', ['svc-a', 'svc-b']).ok).toBe(true);
    expect(subset.canIssue(at('2026-03-07 10:00'), 'A', ['svc-a', 'svc-c'])).toEqual({
      ok: false,
      code: 'SERVICE_NOT_TODAY',
      message: '所选事项今日不办理，下次可办理时间：3月9日（周一）9:00',
      nextOpenAt: at('2026-03-09 09:00'),
    });
  });

  it('finds the next Saturday for a matter served only on Saturdays', () => {
    const satOnly = calendarOf([], {
      ...seedConfig,
      extendedHours: [],
      weekday: { hours: { open: '09:00', close: '17:00' } },
      roster: [{ ...seedConfig.roster[0]!, serviceIds: ['svc-weekend'] }],
    });
    // Friday evening: the next time anything in group A can be taken for svc-weekend is Saturday 9:00.
    expect(satOnly.canIssue(at('2026-03-06 18:00'), 'A', ['svc-weekend'])).toMatchObject({ ok: false, nextOpenAt: at('2026-03-07 09:00') });
  });
});

describe('closed days and refusals at the kiosk', () => {
  it.each([
    ['2026-03-03 08:00', '大厅尚未开始办公，下次取号时间：今日 9:00'],
    ['2026-03-03 17:10', '今日办公已结束，下次取号时间：明日（周三）9:00'],
    ['2026-03-08 10:00', '今日大厅休息，下次取号时间：明日（周一）9:00'],
    ['2026-10-01 10:00', '今日国庆节假期，大厅休息，下次取号时间：10月4日（周日）9:00'],
    ['2026-02-15 10:00', '今日春节假期，大厅休息，下次取号时间：2月24日（周二）9:00'],
  ])('at %s says "%s"', (when, message) => {
    expect(cal.canIssue(at(when), 'A')).toMatchObject({ ok: false, code: 'HALL_CLOSED', message });
  });
});

describe('hall overrides win over the holiday data', () => {
  const withOverrides = calendarOf([
    { date: '2026-03-05', kind: 'hours', name: '提前闭厅', hours: { open: '09:00', close: '15:00' }, note: '消防演练' },
    { date: '2026-03-06', kind: 'closed', name: '设备检修' },
    { date: '2026-03-07', kind: 'closed', name: '停电' },
    { date: '2026-10-01', kind: 'workday', name: '国庆值守' },
    { date: '2026-03-10', kind: 'holiday', name: '区庆' },
    { date: '2026-03-14', kind: 'hours', name: '加开半天', hours: { open: '13:00', close: '16:00' } },
  ]);

  it('closes early on an hours override, with the cut-off moved and a banner', () => {
    const s = withOverrides.status(at('2026-03-05 10:00'));
    expect(s).toMatchObject({ dayKind: 'workday', basis: 'override', closesAt: at('2026-03-05 15:00'), banner: '提前闭厅 · 今日办公 9:00-15:00' });
    expect(s.override).toEqual({ kind: 'hours', name: '提前闭厅', note: '消防演练' });
    expect(withOverrides.canIssue(at('2026-03-05 14:29'), 'A').ok).toBe(true);
    expect(withOverrides.canIssue(at('2026-03-05 14:30'), 'A')).toMatchObject({ code: 'ISSUING_STOPPED' });
  });

  it('closes a workday and a Saturday roster day', () => {
    expect(withOverrides.status(at('2026-03-06 10:00'))).toMatchObject({ dayKind: 'closed', open: false, nextOpenAt: at('2026-03-09 09:00') });
    expect(withOverrides.canIssue(at('2026-03-06 10:00'), 'A')).toMatchObject({ message: '今日设备检修，大厅不办公，下次取号时间：3月9日（周一）9:00' });
    expect(withOverrides.status(at('2026-03-07 10:00'))).toMatchObject({ dayKind: 'closed', shift: null });
  });

  it('opens National Day as a workday and closes a weekday as a holiday', () => {
    expect(withOverrides.status(at('2026-10-01 10:00'))).toMatchObject({ dayKind: 'workday', open: true });
    expect(withOverrides.status(at('2026-03-10 10:00'))).toMatchObject({ dayKind: 'closed', holidayName: '区庆' });
  });

  it('opens an ordinary Saturday afternoon on an hours override at the Saturday roster windows', () => {
    const s = withOverrides.status(at('2026-03-14 14:00'));
    expect(s).toMatchObject({ dayKind: 'weekend-service', open: true, windowIds: W1_4 });
    expect(s.shift?.id).toBe('sat-am');
    expect(withOverrides.status(at('2026-03-14 10:00')).open).toBe(false);
  });

  it('runs the holiday roster on a hall-declared holiday that has one', () => {
    const holidayRoster = calendarOf([{ date: '2026-03-10', kind: 'holiday', name: '区庆' }], {
      ...seedConfig,
      roster: [...seedConfig.roster, { ...seedConfig.roster[0]!, id: 'hol', name: '节假日值班', days: { holiday: true } }],
    });
    expect(holidayRoster.status(at('2026-03-10 10:00'))).toMatchObject({ dayKind: 'holiday-service', banner: '办事无休日 · 区庆 · 周二 9:00-12:00' });
    // Dated duty shifts still win over the general holiday roster on their dates.
    expect(holidayRoster.status(at('2026-10-04 10:00')).shift?.id).toBe('nd-duty');
    expect(holidayRoster.status(at('2026-10-01 10:00')).shift?.id).toBe('hol');
  });
});

describe('a year without holiday data (2027)', () => {
  it('does not treat 2027-01-01 silently as a workday', () => {
    const s = cal.status(at('2027-01-01 10:00'));
    expect(s.dayKind).toBe('unknown');
    expect(s.basis).toBe('fallback');
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain('2027 年法定节假日和调休安排缺失');
    expect(s.banner).toBeNull();
    // The seed's policy is weekday-rules: the hall works on, loudly.
    expect(s.open).toBe(true);
  });

  it('keeps the hall shut under the closed policy', () => {
    const strict = calendarOf([], { ...seedConfig, unknownYear: 'closed' });
    expect(strict.status(at('2027-01-04 10:00'))).toMatchObject({ dayKind: 'unknown', open: false, nextOpenAt: null });
    expect(strict.canIssue(at('2027-01-04 10:00'), 'A')).toMatchObject({
      code: 'HALL_CLOSED',
      message: '今日节假日安排未知，大厅不办公，暂无开放安排',
    });
  });

  it('stops warning once the hall enters the year, and answers from its entries', () => {
    const entered = calendarOf([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
    ]);
    expect(entered.coverage(2027)).toEqual({ year: 2027, covered: true, source: 'hall-entered', warning: null });
    expect(entered.status(at('2027-01-01 10:00'))).toMatchObject({ dayKind: 'closed', holidayName: '元旦', warnings: [] });
    expect(entered.status(at('2027-01-04 10:00'))).toMatchObject({ dayKind: 'workday', basis: 'hall-entered', warnings: [] });
    expect(entered.status(at('2027-02-06 10:00'))).toMatchObject({ dayKind: 'workday', makeUpWorkday: true, banner: '调休上班 · 周六 9:00-17:00' });
  });

  it('warns ahead in December and not before', () => {
    expect(cal.warnings(at('2026-11-15 10:00'))).toEqual([]);
    expect(cal.warnings(at('2026-12-01 10:00'))).toEqual([cal.coverage(2027).warning]);
    expect(cal.coverage(2026)).toEqual({ year: 2026, covered: true, source: 'holiday-data', warning: null });
  });

  it('stays unknown on an hours override in an uncovered year', () => {
    const c = calendarOf([{ date: '2027-01-02', kind: 'hours', name: '加班', hours: { open: '09:00', close: '12:00' } }]);
    expect(c.status(at('2027-01-02 10:00'))).toMatchObject({ dayKind: 'unknown', open: true });
  });
});

describe('window sign-in', () => {
  it.each([
    ['2026-03-07 08:30', 's-zhangwei', 'w01', { ok: true, overridden: false, shiftId: 'sat-am' }],
    ['2026-03-07 08:00', 's-lina', 'w04', { ok: true, overridden: false, shiftId: 'sat-am' }],
    ['2026-03-07 07:59', 's-lina', 'w04', { ok: false, code: 'HALL_CLOSED', reason: 'outside-hours', message: '尚未到签到时间，今日 8:00 起可签到' }],
    ['2026-03-07 12:00', 's-lina', 'w04', { ok: false, code: 'HALL_CLOSED', reason: 'outside-hours', message: '今日您的班次已结束' }],
    ['2026-03-07 09:10', 's-zhangwei', 'w05', { ok: false, code: 'NOT_ON_ROSTER', reason: 'window-not-open', message: '窗口 w05 今日不开放（今日开放窗口：w01、w02、w03、w04）' }],
    ['2026-03-07 09:10', 's-sunhao', 'w01', { ok: false, code: 'NOT_ON_ROSTER', reason: 'not-on-shift' }],
    ['2026-03-08 09:10', 's-zhangwei', 'w01', { ok: false, code: 'HALL_CLOSED', reason: 'day-closed' }],
    ['2026-10-04 09:10', 's-lina', 'w01', { ok: false, code: 'NOT_ON_ROSTER', reason: 'not-on-shift' }], // on Saturdays, not on the National Day duty
    ['2026-10-04 09:10', 's-zhaolei', 'w02', { ok: true, overridden: false, shiftId: 'nd-duty' }],
    ['2026-03-03 08:00', 's-sunhao', 'w17', { ok: true, overridden: false, shiftId: null }], // workday: anyone, any window
    ['2026-03-03 07:59', 's-sunhao', 'w17', { ok: false, code: 'HALL_CLOSED', reason: 'outside-hours' }],
    ['2026-03-03 17:00', 's-sunhao', 'w17', { ok: false, code: 'HALL_CLOSED', reason: 'outside-hours' }],
    ['2026-03-04 18:00', 's-sunhao', 'w17', { ok: true, overridden: false, shiftId: null }], // Wednesday runs to 18:30
  ] as const)('at %s %s at %s → %o', (when, staff, window, expected) => {
    expect(cal.canSignIn(at(when), staff, window)).toMatchObject(expected);
  });

  it('lets a manager override any refusal, and says so', () => {
    expect(cal.canSignIn(at('2026-03-08 09:10'), 's-sunhao', 'w09', { managerOverride: true })).toEqual({ ok: true, overridden: true, shiftId: null });
  });

  it('says when the hall next opens on a closed day', () => {
    expect(cal.canSignIn(at('2026-03-08 09:10'), 's-zhangwei', 'w01')).toMatchObject({ nextOpenAt: at('2026-03-09 09:00') });
  });
});

describe('day boundaries for the scheduler', () => {
  it.each([
    ['2026-03-03', 'workday', '2026-03-03 09:00', '2026-03-03 17:00', '2026-03-03 18:00'],
    ['2026-03-04', 'workday', '2026-03-04 09:00', '2026-03-04 18:30', '2026-03-04 19:30'],
    ['2026-03-07', 'weekend-service', '2026-03-07 09:00', '2026-03-07 12:00', '2026-03-07 13:00'],
    ['2026-10-10', 'workday', '2026-10-10 09:00', '2026-10-10 17:00', '2026-10-10 18:00'],
  ] as const)('%s (%s) opens %s, closes %s, business day closes %s', (date, dayKind, opensAt, closesAt, closeDayAt) => {
    expect(cal.dayBoundaries(date)).toMatchObject({ date, dayKind, open: true, opensAt: at(opensAt), closesAt: at(closesAt), closeDayAt: at(closeDayAt) });
  });

  it('gives no instants on a closed day', () => {
    expect(cal.dayBoundaries('2026-10-01')).toEqual({
      date: '2026-10-01', dayKind: 'closed', open: false, opensAt: null, closesAt: null, closeDayAt: null, blocks: [], shiftIds: [],
    });
  });

  it('refuses a date that does not exist', () => {
    expect(() => cal.dayBoundaries('2026-02-30')).toThrow(RangeError);
  });
});

describe('tags for reports', () => {
  it('stamps the shift and the kind of day', () => {
    expect(cal.tag(at('2026-03-07 10:00'))).toEqual({ businessDate: '2026-03-07', dayKind: 'weekend-service', shiftId: 'sat-am' });
    expect(cal.tag(at('2026-03-03 10:00'))).toEqual({ businessDate: '2026-03-03', dayKind: 'workday', shiftId: null });
  });
});

describe('a dated shift on a workday', () => {
  it('keeps the workday timetable and warns', () => {
    const c = calendarOf([], {
      ...seedConfig,
      roster: [...seedConfig.roster, { ...seedConfig.roster[0]!, id: 'odd', name: '误排班次', days: { dates: ['2026-10-10'] } }],
    });
    const s = c.status(at('2026-10-10 10:00'));
    expect(s.dayKind).toBe('workday');
    expect(s.warnings).toEqual(['班次「误排班次」排在 2026-10-10，但当天是工作日，按工作日时间表开放']);
  });
});

describe("the demo seed's matters on service days", () => {
  const birthBundle = ['svc-birth-cert', 'svc-birth-register', 'svc-medical-enrol', 'svc-sscard', 'svc-maternity'];

  it('serves the 出生一件事 bundle on Saturday and refuses company matters until Monday', () => {
    expect(cal.canIssue(at('2026-03-07 10:00'), 'A', birthBundle).ok).toBe(true);
    expect(cal.canIssue(at('2026-03-07 10:00'), 'B', ['svc-company-setup'])).toEqual({
      ok: false,
      code: 'SERVICE_NOT_TODAY',
      message: '所选事项今日不办理，下次可办理时间：3月9日（周一）9:00',
      nextOpenAt: at('2026-03-09 09:00'),
    });
  });

  it('takes pick-up tickets but not company tickets in the Wednesday extension', () => {
    expect(cal.canIssue(at('2026-03-04 18:10'), 'C', ['svc-pickup']).ok).toBe(true);
    expect(cal.canIssue(at('2026-03-04 17:10'), 'B', ['svc-company-setup'])).toMatchObject({
      code: 'SERVICE_NOT_TODAY',
      message: '所选事项当前时段不办理，下次可办理时间：明日（周四）9:00',
    });
  });
});
