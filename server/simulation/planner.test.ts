import { describe, expect, it } from 'vitest';
import { DomainRunner } from '../domain/test-support';
import type { HallModel } from './model';
import { catalogModel } from './model';
import { DayPlanner, planDay, type PlannerInput } from './planner';

const HOUR = 3_600_000;

/** A Saturday morning: 9:00–12:00, personal matters only, `windows` comprehensive windows. */
function saturday(windows: number, perHour: number, scale = 1): PlannerInput {
  const r = new DomainRunner();
  r.now = Date.parse('2026-11-28T00:30:00Z');
  r.open('2026-11-28');
  const dayStart = Date.parse('2026-11-27T16:00:00Z');
  const from = dayStart + 9 * HOUR;
  const model: HallModel = catalogModel(r.state.catalog, 'weekend-service');
  model.arrivals = [9, 10, 11].map((hour) => ({
    hour,
    groups: { A: { rate: perHour, kinds: [{ serviceIds: ['svc-id-card'], bundleId: null, weight: 3 }, { serviceIds: ['svc-sscard'], bundleId: null, weight: 1 }], priority: { none: 0.9, elderly: 0.1 } } },
  }));
  const ids = ['w01', 'w02', 'w03', 'w04', 'w05', 'w06'].slice(0, windows);
  return {
    state: r.state,
    from,
    dayStart,
    windows: ids.map((windowId) => ({ windowId, intervals: [{ from, to: dayStart + 12 * HOUR }] })),
    closesAt: dayStart + 12 * HOUR,
    issueUntil: dayStart + 11.5 * HOUR,
    model,
    scale,
    replications: 30,
    seed: 11,
  };
}

describe('planDay', () => {
  it('reports per hour and group the waits, the utilisation near the offered load, and nothing left at closing', () => {
    // 24 an hour × about 7.9 minutes (8 and 6, 3:1, plus walking up) at 4 windows: about 0.8.
    const plan = planDay(saturday(4, 24));
    expect(plan.byHourAndGroup.map((f) => [f.hour, f.groupId])).toEqual([[9, 'A'], [10, 'A'], [11, 'A']]);
    expect(plan.byHourAndGroup[1]!.taken).toBeGreaterThan(20);
    expect(plan.byHourAndGroup[1]!.taken).toBeLessThan(28);
    const mid = plan.byHour.find((h) => h.hour === 10)!;
    expect(mid.openWindowHours).toBeCloseTo(4, 5);
    expect(mid.utilisation).toBeGreaterThan(0.7);
    expect(mid.utilisation).toBeLessThan(0.95);
    for (const f of plan.byHourAndGroup) expect(f.waitP90Min!).toBeGreaterThanOrEqual(f.waitP50Min!);
    expect(plan.unservedAtClose.A ?? 0).toBeLessThan(1);
  });

  it('shows longer waits for a 30 % busier forecast and shorter ones for a window more', () => {
    const base = planDay(saturday(4, 24));
    const busier = planDay(saturday(4, 24, 1.3));
    const more = planDay(saturday(5, 24));
    const p90 = (p: ReturnType<typeof planDay>) => p.byHourAndGroup.find((f) => f.hour === 11)!.waitP90Min!;
    expect(p90(busier)).toBeGreaterThan(p90(base));
    expect(p90(more)).toBeLessThan(p90(base));
    // Overloaded (about 1.03 at 4 windows): some are still waiting when the hall closes.
    expect(busier.unservedAtClose.A ?? 0).toBeGreaterThan(0);
  });

  it('is the same for the same seed', () => {
    expect(planDay(saturday(3, 20))).toEqual(planDay(saturday(3, 20)));
  });

  it('played in slices of a millisecond gives the same figures as in one go (the admin route yields between slices)', () => {
    const input = saturday(4, 24);
    const sliced = new DayPlanner(input);
    let slices = 0;
    while (!sliced.work(1)) slices++;
    expect(slices).toBeGreaterThan(0);
    expect(sliced.result()).toEqual(planDay(input));
  });

  it('counts a ticket not called by closing as an endless wait in its hour', () => {
    // Two windows for 24 an hour at ~8 minutes: the queue grows all morning.
    const plan = planDay(saturday(2, 24));
    const last = plan.byHourAndGroup.find((f) => f.hour === 11)!;
    expect(last.notCalled).toBeGreaterThan(0);
    expect(last.waitP90Min).toBeNull();
  });
});
