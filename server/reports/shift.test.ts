import { describe, expect, it } from 'vitest';
import { catalogFromSeed, loadSeed } from '../catalog/seed';
import { calendarOf } from '../calendar/test-fixtures';
import type { ReportDataset, TicketFact } from './dataset';
import { reportQuerySchema } from '../../protocol/admin';
import { buildReport } from './report';
import { calendarTagger, weekdayTagger } from './tagger';

const catalog = catalogFromSeed(loadSeed(new URL('../../seeds', import.meta.url).pathname));
const MIN = 60_000;

function ticket(id: string, date: string, hhmm: string, waitMin: number): TicketFact {
  return {
    id,
    businessDate: date,
    number: id,
    groupId: 'A',
    priority: 'none',
    serviceIds: ['svc-sscard'],
    state: 'completed',
    takenAt: Date.parse(`${date}T${hhmm}:00+08:00`),
    windowId: 'w01',
    staffId: 's-zhangwei',
    waitMs: waitMin * MIN,
    handleMs: 5 * MIN,
  };
}

// Tuesday 11-24 (a workday), Saturday 11-28 (the 周六上午班 roster), Saturday 10-10 (a make-up workday, 调休).
const ds: ReportDataset = {
  from: '2026-10-10',
  to: '2026-11-28',
  tickets: [ticket('A001', '2026-11-24', '09:10', 4), ticket('A002', '2026-11-24', '10:00', 8), ticket('A003', '2026-11-28', '09:30', 20), ticket('A004', '2026-10-10', '09:30', 2)],
  cases: [],
  transfers: [],
  openIntervals: [],
};
const q = (by: string, extra: Record<string, string> = {}) => reportQuerySchema.parse({ from: '2026-10-10', to: '2026-11-28', by, ...extra });
const now = Date.parse('2026-11-30T12:00:00+08:00');

describe('reports by shift and kind of day', () => {
  const tagger = calendarTagger(calendarOf());

  it('puts weekend tickets under their roster shift and the rest under regular hours', () => {
    const r = buildReport(ds, q('shift'), catalog, tagger, now);
    expect(r.rows.map((x) => [x.label, x.taken, x.avgWaitMinutes])).toEqual([
      ['常规工作时间', 3, 4.7],
      ['周六上午班', 1, 20],
    ]);
  });

  it('counts a make-up Saturday (调休) as a workday, from the calendar', () => {
    const r = buildReport(ds, q('dayKind'), catalog, tagger, now);
    expect(r.rows.map((x) => [x.key, x.taken])).toEqual([
      ['weekend', 1],
      ['workday', 3],
    ]);
    expect(buildReport(ds, q('hall', { dayKind: 'weekend' }), catalog, tagger, now).total.taken).toBe(1);
  });

  it('without a calendar, tells weekend from weekday by the date alone', () => {
    const r = buildReport(ds, q('dayKind'), catalog, weekdayTagger, now);
    expect(r.rows.map((x) => [x.key, x.taken])).toEqual([
      ['weekend', 2],
      ['workday', 2],
    ]);
  });
});
