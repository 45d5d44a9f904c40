import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/** The clerk's card on window screens and pads (亮证亮岗): the photo uploaded in the console, 工号, 满意率. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('staff photos and the clerk card', () => {
  let hall: TestHall;
  let admin: string;

  beforeAll(async () => {
    hall = await startTestHall();
    admin = await hall.login('admin', 'admin1234');
  });
  afterAll(async () => {
    await hall?.stop();
  });

  const api = (method: string, path: string, body?: unknown, token: string | null = admin) =>
    fetch(`${hall.server.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('refuses a photo without an admin session, of the wrong type, or too large', async () => {
    const body = { mime: 'image/png', data: PNG.toString('base64') };
    expect((await api('PUT', '/api/admin/staff/s-zhangwei/photo', body, null)).status).toBe(401);
    const clerk = await hall.login('zhangwei');
    expect((await api('PUT', '/api/admin/staff/s-zhangwei/photo', body, clerk)).status).toBe(403);

    const renamed = await api('PUT', '/api/admin/staff/s-zhangwei/photo', { mime: 'image/jpeg', data: PNG.toString('base64') });
    expect(renamed.status).toBe(400);
    expect(await renamed.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('图片') } });
    const gif = await api('PUT', '/api/admin/staff/s-zhangwei/photo', { mime: 'image/gif', data: PNG.toString('base64') });
    expect(gif.status).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(310 * 1024)]);
    const tooBig = await api('PUT', '/api/admin/staff/s-zhangwei/photo', { mime: 'image/png', data: big.toString('base64') });
    expect(tooBig.status).toBe(400);
    expect(JSON.stringify(await tooBig.json())).toContain('300 KB');
    expect((await api('PUT', '/api/admin/staff/nobody/photo', body)).status).toBe(404);
    expect((await api('GET', '/api/staff/s-zhangwei/photo', undefined, null)).status).toBe(404);
  });

  it('serves the photo and shows the clerk at their window with today\'s 满意率', async () => {
    const staff = (await (await api('GET', '/api/admin/staff')).json()) as { staff: { id: string; username: string; employeeNo: string }[] };
    const zhang = staff.staff.find((s) => s.username === 'zhangwei')!;
    const put = await api('PUT', `/api/admin/staff/${zhang.id}/photo`, { mime: 'image/png', data: PNG.toString('base64') });
    expect(put.status).toBe(200);

    const photo = await api('GET', `/api/staff/${zhang.id}/photo`, undefined, null);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);

    // Nobody at window 1 yet.
    expect(await (await api('GET', '/api/windows/w01/clerk', undefined, null)).json()).toEqual({ ok: true, clerk: null });

    const { socket: clerk } = await hall.terminal(await hall.login('zhangwei'));
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    for (const level of [5, 2] as const) {
      const taken = await send(kiosk, 'ticket:take', { serviceIds: ['svc-id-card'] });
      const called = await send(clerk, 'window:callNext', {});
      expect(called.ticket.id).toBe(taken.ticket.id);
      expect((await send(clerk, 'ticket:complete', { ticketId: called.ticket.id, outcome: 'done', serviceIds: called.ticket.serviceIds })).ok).toBe(true);
      expect((await send(pad, 'evaluation:submit', { ticketId: called.ticket.id, level })).ok).toBe(true);
    }
    const card = (await (await api('GET', '/api/windows/w01/clerk', undefined, null)).json()) as { clerk: Record<string, unknown> };
    expect(card.clerk).toMatchObject({ staffId: zhang.id, name: '张伟', employeeNo: zhang.employeeNo, evaluations: 2, satisfactionRate: 50 });
    expect(card.clerk.photoUrl).toMatch(new RegExp(`^/api/staff/${zhang.id}/photo\\?v=\\d+$`));

    // The console lists who has a photo; removing it is audited and the card loses it.
    const listed = (await (await api('GET', '/api/admin/staff')).json()) as { staff: { id: string; photoUpdatedAt: number | null }[] };
    expect(listed.staff.find((s) => s.id === zhang.id)!.photoUpdatedAt).toEqual(expect.any(Number));
    expect((await api('DELETE', `/api/admin/staff/${zhang.id}/photo`)).status).toBe(200);
    const after = (await (await api('GET', '/api/windows/w01/clerk', undefined, null)).json()) as { clerk: { photoUrl: string | null } };
    expect(after.clerk.photoUrl).toBeNull();
    const audit = hall.server.db.prepare("SELECT action FROM admin_audit WHERE target_kind = 'staff-photo' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'update' }, { action: 'delete' }]);
    expect((await api('GET', '/api/windows/w99/clerk', undefined, null)).status).toBe(404);
  });
});
