import { describe, expect, it } from 'vitest';
import { demoCatalog } from '../domain/test-support';
import { fitModels, PRIOR_WEIGHT, shrink, type HistoryTicket } from './fit';
import { recalledComeShare } from './model';

const MINUTE = 60_000;
/** 09:00 Shanghai on a date. */
const nine = (date: string) => Date.parse(`${date}T01:00:00Z`);

function served(date: string, kind: HistoryTicket['kind'], serviceId: string, minutes: number, offsetMin = 0): HistoryTicket {
  const takenAt = nine(date) + offsetMin * MINUTE;
  return {
    businessDate: date, kind, groupId: 'A', serviceIds: [serviceId], bundleId: null, priority: 'none', state: 'completed',
    takenAt, calledAt: takenAt + 5 * MINUTE, startedAt: takenAt + 5.5 * MINUTE, completedAt: takenAt + (5.5 + minutes) * MINUTE, returns: 0, callCount: 1,
  };
}

describe('fitModels', () => {
  it('keeps the catalogue minutes for a matter with no history and follows a matter with many samples', () => {
    const catalog = demoCatalog();
    const history: HistoryTicket[] = [];
    for (let i = 0; i < 400; i++) history.push(served(`2026-11-${String(2 + (i % 20)).padStart(2, '0')}`, 'workday', 'svc-sscard', 12 * Math.exp(0.3 * Math.sin(i))));
    const m = fitModels(history, catalog).workday;
    expect(m.services['svc-retire']!.samples).toBe(0);
    expect(m.services['svc-retire']!.meanMin).toBeCloseTo(18, 0);
    // The catalogue says 6 minutes; 400 tickets at about 12 win.
    expect(m.services['svc-sscard']!.samples).toBe(400);
    expect(m.services['svc-sscard']!.meanMin).toBeGreaterThan(11);
    expect(m.services['svc-sscard']!.meanMin).toBeLessThan(13.5);
  });

  it('moves a matter with few samples only part of the way from the catalogue', () => {
    const few = shrink([Math.log(30), Math.log(30)], 10, 0.4);
    const expectedMu = (2 * Math.log(30) + PRIOR_WEIGHT * (Math.log(10) - 0.08)) / (2 + PRIOR_WEIGHT);
    expect(few.dist).toMatchObject({ family: 'lognormal' });
    expect(few.dist.family === 'lognormal' && few.dist.mu).toBeCloseTo(expectedMu, 6);
    expect(few.meanMin).toBeGreaterThan(10);
    expect(few.meanMin).toBeLessThan(15);
  });

  it('learns arrivals per clock hour and kind of day, averaged over that kind of days', () => {
    const catalog = demoCatalog();
    const history: HistoryTicket[] = [];
    for (const date of ['2026-11-02', '2026-11-03']) for (let i = 0; i < 30; i++) history.push(served(date, 'workday', 'svc-id-card', 8, i));
    for (let i = 0; i < 10; i++) history.push({ ...served('2026-11-07', 'weekend-service', 'svc-id-card', 8, 60 + i), priority: 'elderly' });
    const models = fitModels(history, catalog);
    expect(models.workday.days).toBe(2);
    expect(models.workday.arrivals).toEqual([{ hour: 9, groups: { A: { rate: 30, kinds: [{ serviceIds: ['svc-id-card'], bundleId: null, weight: 60 }], priority: { none: 1 } } } }]);
    expect(models['weekend-service'].arrivals[0]).toMatchObject({ hour: 10, groups: { A: { rate: 10, priority: { elderly: 1 } } } });
    // No day after a holiday in the history: it borrows the workday's arrivals.
    expect(models['after-holiday'].days).toBe(0);
    expect(models['after-holiday'].arrivals).toEqual(models.workday.arrivals);
  });

  it('measures no-shows and returns once there are enough calls', () => {
    const catalog = demoCatalog();
    const history: HistoryTicket[] = [];
    for (let i = 0; i < 200; i++) {
      const t = served('2026-11-02', 'workday', 'svc-id-card', 8, i);
      if (i % 10 === 0) history.push({ ...t, state: 'noShow', startedAt: null, completedAt: null });
      else if (i % 10 === 1) history.push({ ...t, returns: 1 });
      else history.push(t);
    }
    const b = fitModels(history, catalog).workday.behaviour;
    expect(b.noShowRate).toBeCloseTo(0.2, 5);
    expect(b.returnRate).toBeCloseTo(0.5, 5);
    expect(b.walkUpMin).toBeCloseTo(0.5, 5);
  });

  it('learns how many recalled citizens still come, counting the rounds that ended in a return', () => {
    const catalog = demoCatalog();
    const history: HistoryTicket[] = [];
    for (let i = 0; i < 200; i++) {
      const t = served('2026-11-02', 'workday', 'svc-id-card', 8, i);
      // 20 recalled and gone, 20 gone and back (a recalled round each: the hall recalls before a no-show),
      // 10 recalled who came: 10 of 50.
      if (i % 10 === 0) history.push({ ...t, state: 'noShow', startedAt: null, completedAt: null, callCount: 2 });
      else if (i % 10 === 1) history.push({ ...t, returns: 1 });
      else if (i % 20 === 2) history.push({ ...t, callCount: 2 });
      else history.push(t);
    }
    expect(catalog.settings.minCallsBeforeNoShow).toBe(2);
    const b = fitModels(history, catalog).workday.behaviour;
    expect(b.recalledComeRate).toBeCloseTo(0.2, 5);
    // Too few recalls: none learned, and the run derives it from the no-show rate and the walk.
    const few = fitModels(history.slice(0, 40), catalog).workday.behaviour;
    expect(few.recalledComeRate).toBeNull();
    const p = few.noShowRate;
    const late = (1 - p) * Math.exp(-few.recallGapMin / few.walkUpMin);
    expect(recalledComeShare(few)).toBeCloseTo(late / (late + p), 9);
  });

  it('holds a window for the mean walk to it, not the median (walks are skewed)', () => {
    const catalog = demoCatalog();
    const history: HistoryTicket[] = [];
    // Three in four come in 0.2 minutes, one in four takes 1.4: the median is 0.2, the mean 0.5.
    for (let i = 0; i < 200; i++) {
      const t = served('2026-11-02', 'workday', 'svc-id-card', 8, i);
      history.push({ ...t, startedAt: t.calledAt! + (i % 4 === 0 ? 1.4 : 0.2) * MINUTE });
    }
    expect(fitModels(history, catalog).workday.behaviour.walkUpMin).toBeCloseTo(0.5, 5);
  });
});
