import chineseDays from 'chinese-days';
import { afterEach, describe, expect, it } from 'vitest';
import { createChineseDaysSource, createTableHolidaySource } from './holidays';

const source = createChineseDaysSource();

describe('chinese-days holiday source', () => {
  it('covers 2026 and not 2027 (the State Council had not published 2027 when 1.5.7 shipped)', () => {
    expect(source.covers(2026)).toBe(true);
    expect(source.covers(2004)).toBe(true);
    expect(source.covers(2027)).toBe(false);
    expect(source.covers(2003)).toBe(false);
  });

  it.each([
    ['2026-01-01', 'holiday', false, '元旦'],
    ['2026-01-04', 'workday', true, '元旦'], // Sunday worked for 元旦
    ['2026-02-14', 'workday', true, '春节'], // Saturday worked before Spring Festival
    ['2026-02-15', 'holiday', false, '春节'], // Sunday: first day of the nine-day break
    ['2026-02-23', 'holiday', false, '春节'], // Monday off in lieu
    ['2026-02-28', 'workday', true, '春节'],
    ['2026-03-03', 'workday', false, null],
    ['2026-03-07', 'weekend', false, null],
    ['2026-05-09', 'workday', true, '劳动节'],
    ['2026-09-20', 'workday', true, '国庆节'],
    ['2026-09-25', 'holiday', false, '中秋'],
    ['2026-10-01', 'holiday', false, '国庆节'],
    ['2026-10-03', 'holiday', false, '国庆节'], // a Saturday inside the holiday is a holiday, not a weekend
    ['2026-10-07', 'holiday', false, '国庆节'],
    ['2026-10-10', 'workday', true, '国庆节'],
    ['2026-10-17', 'weekend', false, null],
  ] as const)('classifies %s as %s', (date, kind, makeUpWorkday, holidayName) => {
    expect(source.day(date)).toEqual({ date, kind, makeUpWorkday, holidayName });
  });

  it('lists the six 2026 make-up workdays of the official notice', () => {
    const days: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const d = source.day(date);
      if (d !== 'unknown' && d.makeUpWorkday) days.push(date);
    }
    expect(days).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it("answers 'unknown' for 2027-01-01 instead of the library's silent workday", () => {
    expect(source.day('2027-01-01')).toBe('unknown');
  });

  // The library's functions are only right at UTC or east of it (see holidays.ts); there they must agree.
  it.runIf(new Date(2026, 0, 1).getTimezoneOffset() <= 0)('agrees with the library for every day of 2004-2026', () => {
    let days = 0;
    for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const mine = source.day(date);
      const theirs = chineseDays.getDayDetail(date);
      expect(mine !== 'unknown' && mine.kind === 'workday', date).toBe(theirs.work);
      days += 1;
    }
    expect(days).toBe(8401);
  });

  describe('whatever the machine time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'])('gives the same days under TZ=%s', (tz) => {
      process.env.TZ = tz;
      const fresh = createChineseDaysSource();
      expect(fresh.day('2026-10-01')).toMatchObject({ kind: 'holiday', holidayName: '国庆节' });
      expect(fresh.day('2026-10-10')).toMatchObject({ kind: 'workday', makeUpWorkday: true });
      expect(fresh.day('2026-02-14')).toMatchObject({ kind: 'workday', makeUpWorkday: true });
      expect(fresh.covers(2027)).toBe(false);
    });
  });
});

describe('table holiday source', () => {
  const table = createTableHolidaySource({
    years: [2027],
    holidays: { '2027-01-01': '元旦' },
    workdays: { '2027-01-03': '元旦' },
  });

  it('answers from its table inside its years and by weekday otherwise', () => {
    expect(table.day('2027-01-01')).toEqual({ date: '2027-01-01', kind: 'holiday', makeUpWorkday: false, holidayName: '元旦' });
    expect(table.day('2027-01-03')).toEqual({ date: '2027-01-03', kind: 'workday', makeUpWorkday: true, holidayName: '元旦' });
    expect(table.day('2027-01-02')).toMatchObject({ kind: 'weekend' });
    expect(table.day('2027-01-04')).toMatchObject({ kind: 'workday', makeUpWorkday: false });
  });

  it("answers 'unknown' outside its years", () => {
    expect(table.covers(2026)).toBe(false);
    expect(table.day('2026-10-01')).toBe('unknown');
  });
});
