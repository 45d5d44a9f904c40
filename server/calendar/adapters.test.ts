import { describe, expect, it } from 'vitest';
import { scheduleCheckOf, statusProviderOf } from './adapters';
import { at, calendarOf } from './test-fixtures';

const cal = calendarOf();

describe('schedule check for the domain', () => {
  const check = scheduleCheckOf(cal);

  it('passes a ticket the calendar accepts and refuses one after the cut-off with its code', () => {
    expect(check.canIssue(at('2026-03-03 10:00'), 'A', ['svc-id-card'])).toBeNull();
    expect(check.canIssue(at('2026-03-03 16:30'), 'A', ['svc-id-card'])).toEqual({
      code: 'ISSUING_STOPPED',
      message: '暂停取号（16:30 起停止取号），下次取号时间：明日（周三）9:00',
    });
  });

  it('refuses a clerk who is not on the Saturday roster', () => {
    expect(check.canSignIn(at('2026-03-07 08:30'), 's-zhangwei', 'w01')).toBeNull();
    expect(check.canSignIn(at('2026-03-07 08:30'), 's-sunhao', 'w01')).toMatchObject({ code: 'NOT_ON_ROSTER' });
  });
});

describe('status for the terminals', () => {
  it('shows the Saturday banner, the earliest cut-off and the day as the hall keeps it', () => {
    const provider = statusProviderOf(cal, () => ({ businessDate: '2026-03-07', dayOpen: true }));
    expect(provider.status(at('2026-03-07 10:00'))).toEqual({
      businessDate: '2026-03-07',
      dayOpen: true,
      open: true,
      issuing: true,
      dayKind: 'weekend-service',
      banner: '办事无休日 · 周六 9:00-12:00',
      closesAt: at('2026-03-07 12:00'),
      cutoffAt: at('2026-03-07 11:30'),
      nextOpenAt: null,
      message: null,
      warnings: [],
    });
    expect(provider.servicesToday(at('2026-03-07 10:00'))?.has('svc-birth-register')).toBe(true);
    expect(provider.servicesToday(at('2026-03-03 10:00'))).toBeNull();
  });

  it('does not issue while the business day has not been opened', () => {
    const provider = statusProviderOf(cal, () => ({ businessDate: null, dayOpen: false }));
    expect(provider.status(at('2026-03-03 10:00'))).toMatchObject({ businessDate: '2026-03-03', issuing: false, message: '今日业务尚未开始' });
  });

  it('gives the next time tickets can be taken after the cut-off', () => {
    const provider = statusProviderOf(cal, () => ({ businessDate: '2026-03-03', dayOpen: true }));
    expect(provider.status(at('2026-03-03 16:50'))).toMatchObject({
      open: true,
      issuing: false,
      nextOpenAt: at('2026-03-04 09:00'),
      message: '暂停取号，下次取号时间：明日（周三）9:00',
    });
  });

  it('says the day is over, with the next day\'s first issuing time, when a manager closed today early', () => {
    const provider = statusProviderOf(cal, () => ({ businessDate: '2026-03-06', dayOpen: false }));
    expect(provider.status(at('2026-03-06 10:00'))).toMatchObject({
      issuing: false,
      // Friday closed by hand: Saturday's roster issues from 9:00.
      nextOpenAt: at('2026-03-07 09:00'),
      message: '今日业务已结束，下次取号时间：明日（周六）9:00',
    });
  });

  it('offers on the kiosk only the matters served now during the Wednesday extension, and the whole day before opening', () => {
    const provider = statusProviderOf(cal, () => ({ businessDate: '2026-03-04', dayOpen: true }));
    expect(provider.servicesToday(at('2026-03-04 16:00'))).toBeNull();
    const evening = provider.servicesToday(at('2026-03-04 17:30'));
    expect(evening?.has('svc-id-card')).toBe(true);
    expect(evening?.has('svc-company-setup')).toBe(false);
    const saturday = statusProviderOf(cal, () => ({ businessDate: '2026-03-06', dayOpen: false }));
    expect(saturday.servicesToday(at('2026-03-07 08:00'))?.size).toBe(10);
  });
});
