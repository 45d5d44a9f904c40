import { afterEach, describe, expect, it } from 'vitest';
import type { KioskSnapshot, Snapshot } from '../../protocol/views';
import { FakeClock, until } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from '../admin/test-support/admin-hall';

const KIOSK = 'demo-kiosk-1-7d3f9c2a41';

/** Live and consistent (issue 12): an admin's edit reaches terminals already open, without a reload. */
describe('terminals told of admin changes', () => {
  let h: AdminHall | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('sends an open kiosk a fresh snapshot when a matter is renamed (已保存 reaches the kiosk at once)', async () => {
    h = await startAdminHall();
    const token = await h.login('admin');
    const { socket: kiosk } = await h.terminal(KIOSK);
    const got: Snapshot[] = [];
    kiosk.on('hall:snapshot', (s: Snapshot) => got.push(s));
    const svc = (await h.api(token, 'GET', '/catalog')).body.catalog.services.find((s: { id: string }) => s.id === 'svc-sscard');
    expect((await h.api(token, 'PUT', '/catalog/service/svc-sscard', { ...svc, name: '社保卡申领（新）' })).status).toBe(200);
    await until(() => got.length > 0);
    const fresh = got.at(-1) as KioskSnapshot;
    expect(fresh.role).toBe('kiosk');
    expect(fresh.catalog.services.find((s) => s.id === 'svc-sscard')?.name).toBe('社保卡申领（新）');
  });

  it('sends one snapshot for a burst of changes, and one when the calendar changes', async () => {
    h = await startAdminHall({ clock: new FakeClock(Date.parse('2026-11-24T10:00:00+08:00')), hallOptions: { calendar: 'hall', schedulerEveryMs: 0 } });
    const token = await h.login('admin');
    const { socket: kiosk } = await h.terminal(KIOSK);
    const { socket: clerk } = await h.terminal(await h.login('zhangwei'));
    const kioskGot: Snapshot[] = [];
    const clerkGot: Snapshot[] = [];
    kiosk.on('hall:snapshot', (s: Snapshot) => kioskGot.push(s));
    clerk.on('hall:snapshot', (s: Snapshot) => clerkGot.push(s));
    h.server.hall.replaceCatalog(h.server.hall.state.catalog);
    h.server.hall.replaceCatalog(h.server.hall.state.catalog);
    await until(() => kioskGot.length > 0 && clerkGot.length > 0);
    await new Promise((r) => setTimeout(r, 50));
    expect([kioskGot.length, clerkGot.length]).toEqual([1, 1]);
    expect(clerkGot[0]!.role).toBe('clerk');
    // Close the hall for today by an override: the kiosk hears it without asking.
    const r = await h.api(token, 'PUT', '/calendar/overrides/2026-11-24', { kind: 'closed', name: '设备检修', note: '' });
    expect(r.status).toBe(200);
    await until(() => kioskGot.length > 1);
    expect(kioskGot.at(-1)!.status).toMatchObject({ open: false });
  });
});
