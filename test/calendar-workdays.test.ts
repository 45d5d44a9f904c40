import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { KioskSnapshot, Snapshot } from '../protocol/views';
import { at } from '../server/calendar/test-fixtures';
import { CLOSE_REASONS } from '../server/schedule/day-scheduler';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * Workdays through a real hall server on a fake clock: an ordinary Tuesday (2026-11-24) and the make-up
 * workday 2026-10-10, a Saturday on which the weekday timetable runs (调休上班), not the Saturday roster.
 */

async function resync(socket: Socket): Promise<Snapshot> {
  const ack = (await socket.timeout(5000).emitWithAck('hall:resync', {})) as { ok: boolean; snapshot: Snapshot };
  return ack.snapshot;
}

let hall: TestHall | null = null;
afterEach(async () => {
  await hall?.stop();
  hall = null;
});

async function start(local: string): Promise<{ hall: TestHall; clock: FakeClock; kiosk: Socket }> {
  const clock = new FakeClock(at(local));
  hall = await startTestHall({ calendar: 'hall', clock, schedulerEveryMs: 0 });
  const kiosk = (await hall.terminal(TOKENS.kiosk)).socket;
  return { hall, clock, kiosk };
}

describe('an ordinary Tuesday (2026-11-24) through the hall server', () => {
  it('runs the weekday timetable: every matter and window, any clerk, cut-offs per queue group, closed at 18:00', async () => {
    const { hall, clock, kiosk } = await start('2026-11-24 08:00');
    const snap = (await resync(kiosk)) as KioskSnapshot;
    expect(snap.status).toMatchObject({ dayKind: 'workday', banner: null, dayOpen: false, issuing: false, nextOpenAt: at('2026-11-24 09:00') });
    // No filter on a workday: the whole catalogue and every bundle.
    expect(snap.catalog.services).toHaveLength(hall.server.hall.state.catalog.services.size);
    expect(snap.catalog.bundles).toHaveLength(hall.server.hall.state.catalog.bundles.size);

    clock.t = at('2026-11-24 08:30');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'opened', businessDate: '2026-11-24' }]);
    // wujie is on no roster, and window 5 opens on workdays.
    const wujie = (await hall.terminal(await hall.login('wujie'))).socket;
    expect(await send(wujie, 'window:signIn', { windowId: 'w05' })).toMatchObject({ ok: true });

    clock.t = at('2026-11-24 09:00');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] })).toMatchObject({ ok: true, ticket: { number: 'A001' } });
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-invoice'] })).toMatchObject({ ok: true, ticket: { number: 'B001' } });
    expect(await send(kiosk, 'ticket:take', { bundleId: 'bdl-retire' })).toMatchObject({ ok: true, ticket: { number: 'A002' } });

    // Group A stops at 16:30 (30 minutes); pick-up of results (group C, 15 minutes) at 16:45.
    clock.t = at('2026-11-24 16:29:59');
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    clock.t = at('2026-11-24 16:30');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).toEqual({
      ok: false,
      error: { code: 'ISSUING_STOPPED', message: '暂停取号（16:30 起停止取号），下次取号时间：明日（周三）9:00' },
    });
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-pickup'] })).ok).toBe(true);
    const kioskAt1630 = await resync(kiosk);
    // Some group still issues, so the kiosk is not "暂停取号" as a whole; the earliest cut-off is posted.
    expect(kioskAt1630.status).toMatchObject({ issuing: true, cutoffAt: at('2026-11-24 16:30'), closesAt: at('2026-11-24 17:00') });
    clock.t = at('2026-11-24 16:45');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-pickup'] })).toMatchObject({ ok: false, error: { code: 'ISSUING_STOPPED' } });
    expect((await resync(kiosk)).status).toMatchObject({ issuing: false, message: '暂停取号，下次取号时间：明日（周三）9:00' });

    clock.t = at('2026-11-24 17:59');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    clock.t = at('2026-11-24 18:00');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'closed', reason: CLOSE_REASONS.closing, waiting: 5 }]);
    expect(hall.server.hall.state.windows.get('w05')?.status).toBe('closed');
  });

  it('keeps the Wednesday extension to its windows and matters until 18:30', async () => {
    const { hall, clock, kiosk } = await start('2026-11-25 08:30');
    expect(hall.server.hall.state.dayOpen).toBe(true); // the server's first look opened the day
    clock.t = at('2026-11-25 17:30');
    const evening = (await resync(kiosk)) as KioskSnapshot;
    expect(evening.status).toMatchObject({ open: true, issuing: true, banner: '周三延时服务 · 今日办理至 18:30' });
    // The kiosk offers what the extension serves: personal matters and pick-up, no company matters.
    const offered = evening.catalog.services.map((s) => s.id);
    expect(offered).toHaveLength(18);
    expect(offered).toContain('svc-pickup');
    expect(offered).not.toContain('svc-company-setup');
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] })).ok).toBe(true);
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-company-setup'] })).toMatchObject({ ok: false, error: { code: 'SERVICE_NOT_TODAY' } });
    const wujie = (await hall.terminal(await hall.login('wujie'))).socket;
    expect((await send(wujie, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    clock.t = at('2026-11-25 19:29');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    clock.t = at('2026-11-25 19:30');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'closed', waiting: 1 }]);
  });
});

describe('the make-up workday 2026-10-10 (a Saturday) through the hall server', () => {
  it('runs the weekday timetable, not the Saturday roster: the whole catalogue, any clerk, lunch-time service, 16:30 cut-off', async () => {
    const { hall, clock, kiosk } = await start('2026-10-10 08:00');
    const snap = (await resync(kiosk)) as KioskSnapshot;
    expect(snap.status).toMatchObject({ dayKind: 'workday', banner: '调休上班 · 周六 9:00-17:00', nextOpenAt: at('2026-10-10 09:00') });
    expect(snap.catalog.services).toHaveLength(hall.server.hall.state.catalog.services.size);

    clock.t = at('2026-10-10 08:30');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'opened', businessDate: '2026-10-10' }]);
    // Neither clerk is on the Saturday roster, and window 12 is not a roster window: on a workday that is fine.
    const wujie = (await hall.terminal(await hall.login('wujie'))).socket;
    expect((await send(wujie, 'window:signIn', { windowId: 'w12' })).ok).toBe(true);

    clock.t = at('2026-10-10 09:00');
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-company-setup'] })).ok).toBe(true);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-retire'] })).ok).toBe(true);
    clock.t = at('2026-10-10 12:30'); // 午间不打烊: still issuing at lunch
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] })).ok).toBe(true);
    clock.t = at('2026-10-10 16:30');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] })).toEqual({
      ok: false,
      // 10-11 is an ordinary Sunday without a shift: the next time is Monday.
      error: { code: 'ISSUING_STOPPED', message: '暂停取号（16:30 起停止取号），下次取号时间：10月12日（周一）9:00' },
    });
    clock.t = at('2026-10-10 18:00');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'closed', businessDate: '2026-10-10', waiting: 3 }]);
  });

  it('keeps the hall shut on 2026-10-01 and names the 10-04 holiday duty as the next opening', async () => {
    const { hall, clock, kiosk } = await start('2026-10-01 08:30');
    clock.t = at('2026-10-01 10:00');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    const snap = (await resync(kiosk)) as KioskSnapshot;
    expect(snap.status).toMatchObject({ dayOpen: false, open: false, issuing: false, nextOpenAt: at('2026-10-04 09:00') });
    expect(snap.status.message).toBe('今日国庆节假期，大厅休息，下次取号时间：10月4日（周日）9:00');
    const zhang = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect(await send(zhang, 'window:signIn', { windowId: 'w01' })).toMatchObject({ ok: false, error: { code: 'HALL_CLOSED' } });
  });
});

describe('a hall override through the hall server', () => {
  it('opens an extra service day the hall entered (Sunday 2026-11-29) once the calendar is reloaded, on its own hours', async () => {
    const { hall, clock, kiosk } = await start('2026-11-29 07:00');
    expect((await resync(kiosk)).status).toMatchObject({ dayKind: 'closed', nextOpenAt: at('2026-11-30 09:00') });
    const override = { date: '2026-11-29', kind: 'hours', name: '周日加开', note: '社保卡集中换发', hours: { open: '10:00', close: '14:00' } };
    hall.server.db
      .prepare('INSERT INTO calendar_overrides (date, doc, updated_by, updated_at) VALUES (?, ?, ?, ?)')
      .run(override.date, JSON.stringify(override), 's-admin', clock.t);
    hall.server.reloadCalendar();

    clock.t = at('2026-11-29 09:29');
    expect(hall.server.scheduler!.tick()).toEqual([]);
    clock.t = at('2026-11-29 09:30');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'opened', businessDate: '2026-11-29' }]);
    expect((await resync(kiosk)).status).toMatchObject({ dayKind: 'weekend-service', banner: '办事无休日 · 周日 10:00-14:00', nextOpenAt: at('2026-11-29 10:00') });
    clock.t = at('2026-11-29 10:00');
    // An ordinary weekend day without a shift: the override opens the whole hall.
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-company-setup'] })).ok).toBe(true);
    clock.t = at('2026-11-29 13:30');
    expect(await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).toMatchObject({ ok: false, error: { code: 'ISSUING_STOPPED' } });
    clock.t = at('2026-11-29 15:00');
    expect(hall.server.scheduler!.tick()).toMatchObject([{ kind: 'closed', waiting: 1 }]);
  });
});
