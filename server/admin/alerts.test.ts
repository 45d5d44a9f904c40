import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, rid } from '../../test/helpers/hall';
import type { HallAlert } from './alerts';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

const MIN = 60_000;

describe('alerts', () => {
  let h: AdminHall;
  let clock: FakeClock;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock });
  });
  afterEach(async () => {
    await h.stop();
  });

  it('tells the console and the clerks of idle or paused windows able to serve the group, not busy ones or other groups', async () => {
    const admin = (await h.terminal(await h.login('admin'))).socket;
    const idle = (await h.terminal(await h.login('zhangwei'))).socket;
    const paused = (await h.terminal(await h.login('lina'))).socket;
    const company = (await h.terminal(await h.login('wangfang'))).socket;
    const got = new Map<string, HallAlert[]>();
    for (const [name, s] of Object.entries({ admin, idle, paused, company })) {
      got.set(name, []);
      s.on('hall:alert', (a: HallAlert) => got.get(name)!.push(a));
    }
    const send = (s: typeof admin, e: string, p: object) => s.timeout(5000).emitWithAck(e, { requestId: rid(), ...p });
    await send(idle, 'window:signIn', { windowId: 'w01' });
    await send(paused, 'window:signIn', { windowId: 'w02' });
    await send(paused, 'window:pause', { reason: 'lunch' });
    await send(company, 'window:signIn', { windowId: 'w12' });
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    await h.admin.tick();
    expect(got.get('admin')).toHaveLength(0);

    clock.advance(31 * MIN);
    await h.admin.tick();
    await new Promise((r) => setTimeout(r, 100));
    expect(got.get('admin')!.map((a) => a.message)).toEqual(['A 组等候超过 30 分钟，建议增开窗口']);
    expect(got.get('idle')).toHaveLength(1);
    expect(got.get('paused')).toHaveLength(1);
    expect(got.get('company')).toHaveLength(0);

    // Said once until it passes (or the repeat interval comes round).
    await h.admin.tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(got.get('admin')).toHaveLength(1);
    const call = await send(idle, 'window:callNext', {});
    expect(call.ok).toBe(true);
    await h.admin.tick();
    await new Promise((r) => setTimeout(r, 100));
    expect(got.get('admin')!.at(-1)).toMatchObject({ groupId: 'A', cleared: true });
  });

  it('marks tickets past the wait threshold in the live view', async () => {
    const token = await h.login('admin');
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'] });
    clock.advance(10 * MIN);
    await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'] });
    clock.advance(25 * MIN);
    const live = (await h.api(token, 'GET', '/live')).body.live;
    expect(live.longWaits.map((t: { number: string; waitedMinutes: number }) => [t.number, t.waitedMinutes])).toEqual([['A001', 35]]);
    expect(live.groups.find((g: { groupId: string }) => g.groupId === 'A')).toMatchObject({ waiting: 2, longestWaitMinutes: 35, overThreshold: true });
  });

  it('lists the kiosk network printers in the live view, with what the print service last saw', async () => {
    const token = await h.login('admin');
    const { printers } = (await h.api(token, 'GET', '/live')).body;
    // The demo seed gives kiosk 1 a network printer; nothing has printed or polled yet.
    expect(printers).toEqual([expect.objectContaining({ deviceId: 'kiosk-1', uri: 'tcp://127.0.0.1:9100', status: null, lastPrint: null })]);
  });
});
