import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { HourRow } from '../../../protocol/admin';
import type { PlannerFigures } from '../../../protocol/planner';
import HourChart from './HourChart.vue';
import { niceMax, plannerSeries, reportSeries } from './hour-series';

const row = (hour: number, arrivals: number, windowsOpen: number, avg: number | null, p90: number | null): HourRow => ({
  hour,
  arrivals,
  arrivalsPerDay: arrivals,
  windowsOpen,
  avgWaitMinutes: avg,
  p90WaitMinutes: p90,
});

const figures: PlannerFigures = {
  replications: 10,
  seed: 1,
  byHourAndGroup: [
    { hour: 9, groupId: 'A', taken: 12, notCalled: 0, waitP50Min: 4, waitP90Min: 9 },
    { hour: 9, groupId: 'B', taken: 3, notCalled: 0, waitP50Min: 8, waitP90Min: 14 },
    { hour: 10, groupId: 'A', taken: 20, notCalled: 5, waitP50Min: 40, waitP90Min: null },
  ],
  byHour: [
    { hour: 9, utilisation: 0.5, openWindowHours: 4 },
    { hour: 10, utilisation: 1, openWindowHours: 4 },
  ],
  unservedAtClose: {},
  elapsedMs: 5,
};

describe('one hour chart for the reports and the staffing planner', () => {
  it('rounds an axis up to 1–9 times a power of ten', () => {
    expect([niceMax(0), niceMax(7), niceMax(23), niceMax(180), niceMax(Infinity)]).toEqual([1, 7, 30, 200, 1]);
  });

  it("trims the report's hours to the open span and leaves out the wait of an hour nobody was served in", () => {
    const hours = [row(7, 0, 0, null, null), row(9, 30, 4, 6, 12), row(10, 0, 2, null, null), row(11, 10, 3, 3, 8), row(18, 0, 0, null, null)];
    const arrivals = reportSeries(hours, 'arrivals');
    expect(arrivals.points.map((p) => p.hour)).toEqual([9, 10, 11]);
    expect(arrivals.bar.max).toBe(30);
    expect(arrivals.line.max).toBe(4);
    const wait = reportSeries(hours, 'wait');
    expect(wait.points.map((p) => p.line)).toEqual([12, null, 8]);
    // Average and p90 share one scale.
    expect(wait.bar.max).toBe(wait.line.max);
    const w = mount(HourChart, { props: { series: wait } });
    expect(w.findAll('rect')).toHaveLength(3);
    expect(w.findAll('circle').filter((c) => c.attributes('style')?.includes('display: none'))).toHaveLength(1);
    expect(w.get('figcaption').text()).toBe('平均等候（分钟） P90 等候（分钟）');
    expect(reportSeries([], 'arrivals').points).toEqual([]);
  });

  it("draws the planner's utilisation, the worst group's p90 and the target; a wait nobody is called in goes to the top", () => {
    const s = plannerSeries(figures, [9, 10], 15);
    expect(s.points.map((p) => [p.hour, p.bar, p.line])).toEqual([
      [9, 0.5, 14],
      [10, 1, Infinity],
    ]);
    expect(s.points[1]!.lineTitle).toBe('10时 最长队列 P90 等候 闭厅前办不完');
    const w = mount(HourChart, { props: { series: s } });
    expect(w.get('[data-testid="planner-chart"]').text()).toContain('目标');
    expect(w.text()).toContain('100%');
    // Infinity is clamped to the top of the wait axis (PAD.t = 16), never off the chart.
    expect(Number(w.findAll('circle')[1]!.attributes('cy'))).toBe(16);
    expect(w.findAll('line').filter((l) => l.attributes('stroke-dasharray'))).toHaveLength(1);
  });
});
