import { describe, expect, it } from 'vitest';
import { createCalendar, createChineseDaysSource, parseCalendarConfig } from '../calendar/index';
import { instantAt } from '../calendar/time';
import { DomainRunner } from '../domain/test-support';
import { loadSeed } from '../catalog/seed';
import path from 'node:path';
import { rosterOpensAt } from '../calendar/roster-opens';
import { dayKindOf, dayShapeOf, servableFrom, simulationPlan } from './plan';

const seed = loadSeed(path.resolve(import.meta.dirname, '../../seeds'));
const config = parseCalendarConfig(seed.calendar);
if (!config.ok) throw new Error('demo calendar');
const calendar = createCalendar(config.value, [], createChineseDaysSource());
const MINUTE = 60_000;
/** The calendar's answer, as the server passes it. */
const opensAt = (now: number) => (ids: readonly string[]) => rosterOpensAt(calendar, now, ids);

describe('the simulation plan from the calendar and the live hall', () => {
  it('tells the kinds of day apart: workday, 办事无休日, the first workday after a holiday', () => {
    expect(dayKindOf(calendar, '2026-11-24')).toBe('workday');
    expect(dayKindOf(calendar, '2026-11-28')).toBe('weekend-service');
    expect(dayKindOf(calendar, '2026-10-08')).toBe('after-holiday');
    expect(dayKindOf(calendar, '2026-10-09')).toBe('workday');
  });

  it('keeps a signed-in window to its stretch and brings it back after lunch; an absent one stays away', () => {
    const r = new DomainRunner();
    r.now = instantAt('2026-11-24', 11 * 60);
    r.open('2026-11-24');
    r.signIn('w05');
    r.signIn('w01');
    const plan = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-24'), 10);
    const of = (id: string) => plan.windows.find((w) => w.windowId === id)!.intervals;
    // w05 is off at lunch (12:00–13:30); w01 serves through it; w06 was never signed in this morning.
    expect(of('w05')).toEqual([{ from: r.now, to: instantAt('2026-11-24', 12 * 60) }, { from: instantAt('2026-11-24', 13 * 60 + 30), to: instantAt('2026-11-24', 17 * 60) }]);
    expect(of('w01')).toEqual([{ from: r.now, to: instantAt('2026-11-24', 17 * 60) }]);
    expect(of('w06')).toEqual([]);
    expect(servableFrom(r.state, plan, { groupId: 'A', serviceIds: ['svc-id-card'] }, r.now, opensAt(r.now))).toEqual({ noWindow: false, servableFrom: null, planned: true });
    // 投资项目 only at w15, not staffed while others are: no window, none due today.
    expect(servableFrom(r.state, plan, { groupId: 'D', serviceIds: ['svc-project-filing'] }, r.now, opensAt(r.now))).toEqual({ noWindow: true, servableFrom: null, planned: false });
  });

  it('expects the rostered windows while nobody in the hall has signed in yet', () => {
    const r = new DomainRunner();
    r.now = instantAt('2026-11-24', 10 * 60);
    r.open('2026-11-24');
    const plan = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-24'), 10);
    expect(plan.windows.find((w) => w.windowId === 'w06')!.intervals[0]).toEqual({ from: r.now, to: instantAt('2026-11-24', 12 * 60) });
    expect(servableFrom(r.state, plan, { groupId: 'A', serviceIds: ['svc-id-card'] }, r.now, opensAt(r.now))).toEqual({ noWindow: true, servableFrom: null, planned: true });
  });

  it('expects the Saturday shift at its start before anyone has signed in', () => {
    const r = new DomainRunner();
    r.now = instantAt('2026-11-28', 8 * 60 + 40);
    r.open('2026-11-28');
    const plan = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-28'), 10);
    const nine = instantAt('2026-11-28', 9 * 60);
    expect(plan.windows.find((w) => w.windowId === 'w01')!.intervals).toEqual([{ from: nine, to: instantAt('2026-11-28', 12 * 60) }]);
    expect(plan.windows.find((w) => w.windowId === 'w12')!.intervals).toEqual([]);
    expect(servableFrom(r.state, plan, { groupId: 'A', serviceIds: ['svc-id-card'] }, r.now, opensAt(r.now))).toEqual({ noWindow: true, servableFrom: nine, planned: true });
    expect(nine - r.now).toBe(20 * MINUTE);
  });

  it('takes a window still signed in just after its stretch as finishing its ticket, not serving through lunch', () => {
    const r = new DomainRunner();
    r.now = instantAt('2026-11-24', 11 * 60);
    r.open('2026-11-24');
    r.signIn('w05');
    r.signIn('w01');
    r.take(['svc-id-card']);
    r.callNext('w05');
    // 12:03: w05's morning stretch ended at 12:00; its clerk is still with the citizen.
    r.now = instantAt('2026-11-24', 12 * 60 + 3);
    const plan = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-24'), 10);
    const of = (id: string) => plan.windows.find((w) => w.windowId === id)!.intervals;
    expect(of('w05')).toEqual([{ from: instantAt('2026-11-24', 13 * 60 + 30), to: instantAt('2026-11-24', 17 * 60) }]);
    expect(of('w01')).toEqual([{ from: r.now, to: instantAt('2026-11-24', 17 * 60) }]);
    // w05 serves nobody new; w01 does.
    expect(servableFrom(r.state, plan, { groupId: 'A', serviceIds: ['svc-id-card'] }, r.now, opensAt(r.now))).toEqual({ noWindow: false, servableFrom: null, planned: true });
    // A window signed in outside every stretch, long after any, with nobody from its stretch at hand (a
    // manager opened it): it serves on.
    r.now = instantAt('2026-11-24', 12 * 60 + 45);
    r.complete('w05');
    const later = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-24'), 10);
    expect(later.windows.find((w) => w.windowId === 'w05')!.intervals[0]).toEqual({ from: r.now, to: instantAt('2026-11-24', 17 * 60) });
  });

  it('takes a clerk still with the citizen called before lunch as finishing, however long the matter runs', () => {
    const r = new DomainRunner();
    r.now = instantAt('2026-11-24', 11 * 60 + 50);
    r.open('2026-11-24');
    r.signIn('w15');
    const t = r.take(['svc-planning-permit']);
    r.callNext('w15');
    r.ok({ type: 'ticket.start', windowId: 'w15', staffId: r.staffOf('w15'), ticketId: t });
    // 12:40: the 30-minute matter called at 11:50 is still at the window, forty minutes into lunch.
    r.now = instantAt('2026-11-24', 12 * 60 + 40);
    const plan = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-24'), 10);
    // It finishes that citizen and comes back at 13:30; it does not serve the 投资项目 line through lunch.
    expect(plan.windows.find((w) => w.windowId === 'w15')!.intervals).toEqual([{ from: instantAt('2026-11-24', 13 * 60 + 30), to: instantAt('2026-11-24', 17 * 60) }]);
    // Called after its stretch (a manager opened it for lunch): it serves on, as before.
    r.complete('w15');
    const u = r.take(['svc-planning-permit']);
    r.callNext('w15');
    r.now = instantAt('2026-11-24', 12 * 60 + 45);
    const opened = simulationPlan(r.state, r.now, dayShapeOf(calendar, '2026-11-24'), 10);
    expect(r.state.tickets.get(u)!.state).toBe('called');
    expect(opened.windows.find((w) => w.windowId === 'w15')!.intervals[0]).toEqual({ from: r.now, to: instantAt('2026-11-24', 17 * 60) });
  });
});
