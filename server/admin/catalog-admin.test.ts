import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

const KIOSK = 'demo-kiosk-1-7d3f9c2a41';

describe('admin catalogue, staff and devices', () => {
  let h: AdminHall;
  let token: string;
  beforeEach(async () => {
    h = await startAdminHall();
    token = await h.login('admin');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('refuses every admin route without an admin session', async () => {
    expect((await h.api('not-a-session-token-xx', 'GET', '/catalog')).status).toBe(401);
    const clerk = await h.login('zhangwei');
    const r = await h.api(clerk, 'GET', '/catalog');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });

  it("changes a window's skills and the next call follows them, with the change in the audit log", async () => {
    const { socket: kiosk } = await h.terminal(KIOSK);
    const take = (serviceIds: string[]) => kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds });
    const a = await take(['svc-sscard']);
    const b = await take(['svc-invoice']);
    expect(a.ok && b.ok).toBe(true);
    const clerk = (await h.terminal(await h.login('zhangwei'))).socket;
    expect((await clerk.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w12' })).ok).toBe(true);

    // w12 serves group B only; make it a specialised window for the social security card (group A).
    const w12 = (await h.api(token, 'GET', '/catalog')).body.catalog.windows.find((w: { id: string }) => w.id === 'w12');
    const put = await h.api(token, 'PUT', '/catalog/window/w12', { ...w12, groupIds: [], serviceIds: ['svc-sscard'] });
    expect(put.status).toBe(200);
    const call = await clerk.timeout(5000).emitWithAck('window:callNext', { requestId: rid() });
    expect(call.ok && call.ticket.number).toBe(a.ticket.number);

    const audit = (await h.api(token, 'GET', '/audit?targetKind=window&targetId=w12')).body.entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'window.update', actorId: 's-admin', before: { groupIds: ['B'], serviceIds: [] }, after: { groupIds: [], serviceIds: ['svc-sscard'] } });
  });

  it('refuses a window naming a matter that does not exist, and changes nothing', async () => {
    const w = (await h.api(token, 'GET', '/catalog')).body.catalog.windows[0];
    const r = await h.api(token, 'PUT', `/catalog/window/${w.id}`, { ...w, serviceIds: ['svc-nope'] });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]).toMatchObject({ path: `window:${w.id}.serviceIds[0]`, message: '事项 svc-nope 不存在' });
    expect((await h.api(token, 'GET', '/audit')).body.entries).toHaveLength(0);
  });

  it('refuses to delete a queue group that matters still use, naming them', async () => {
    const r = await h.api(token, 'DELETE', '/catalog/group/C');
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('IN_USE');
    expect(r.body.error.message).toContain('队列分组 C 不存在');
  });

  it('creates a matter with the eight unified fields and the kiosk can take a ticket for it at once', async () => {
    const svc = {
      id: 'svc-new-thing',
      code: '330106-XX-099',
      name: '新增事项',
      subName: '测试子项',
      category: 'personal',
      groupId: 'A',
      department: '区行政服务中心',
      legalBasis: '《测试条例》第一条',
      materials: [{ name: '身份证', form: '原件', copies: 1 }],
      citizenProcess: '取号→受理→办结',
      backOfficeProcess: '受理→审核→办结',
      timeLimitDays: 0,
      formContents: '申请表',
    };
    const r = await h.api(token, 'POST', '/catalog/service', svc);
    expect(r.status).toBe(200);
    const again = await h.api(token, 'POST', '/catalog/service', svc);
    expect(again.body.error.code).toBe('CONFLICT');
    const { socket: kiosk } = await h.terminal(KIOSK);
    const t = await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-new-thing'] });
    expect(t.ok).toBe(true);
  });

  it('resets a password: the old one stops working, the new one signs in', async () => {
    const weak = await h.api(token, 'POST', '/staff/s-zhangwei/password', { password: 'short' });
    expect(weak.status).toBe(400);
    const ok = await h.api(token, 'POST', '/staff/s-zhangwei/password', { password: 'newpass123' });
    expect(ok.status).toBe(200);
    await expect(h.login('zhangwei', 'demo1234')).rejects.toThrow();
    expect(await h.login('zhangwei', 'newpass123')).toMatch(/.{16,}/);
    const audit = (await h.api(token, 'GET', '/audit')).body.entries[0];
    expect(audit.action).toBe('staff.passwordReset');
    expect(JSON.stringify(audit)).not.toContain('newpass123');
  });

  it('refuses to demote the last admin', async () => {
    const me = (await h.api(token, 'GET', '/staff')).body.staff.find((s: { id: string }) => s.id === 's-admin');
    const r = await h.api(token, 'PUT', '/staff/s-admin', { ...me, role: 'clerk' });
    expect(r.body.error.code).toBe('LAST_ADMIN');
  });

  it('issues a device token shown once and stored only as a hash; revoking it shuts the device out', async () => {
    const issued = await h.api(token, 'POST', '/devices/kiosk-2/tokens', { replace: true });
    expect(issued.status).toBe(200);
    const plain = issued.body.token as string;
    const stored = h.server.db.prepare('SELECT token_hash FROM device_tokens WHERE device_id = ? AND revoked_at IS NULL').all('kiosk-2') as { token_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(plain);
    await expect(h.terminal('demo-kiosk-2-b81e6f0c93')).rejects.toThrow(/UNAUTHENTICATED/);
    const { socket } = await h.terminal(plain);
    const list = (await h.api(token, 'GET', '/devices')).body.devices.find((d: { id: string }) => d.id === 'kiosk-2');
    expect(list).toMatchObject({ activeTokens: 1, connected: true });
    expect(list.lastSeenAt).toBeGreaterThan(0);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect((await h.api(token, 'DELETE', '/devices/kiosk-2/tokens')).body.revoked).toBe(1);
    await disconnected;
    await expect(h.terminal(plain)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('changes the dispatch settings and the running hall uses them', async () => {
    const settings = (await h.api(token, 'GET', '/catalog')).body.catalog.settings;
    const r = await h.api(token, 'PUT', '/settings', { ...settings, minCallsBeforeNoShow: 1 });
    expect(r.status).toBe(200);
    expect(h.server.hall.state.catalog.settings.minCallsBeforeNoShow).toBe(1);
    const bad = await h.api(token, 'PUT', '/settings', { ...settings, minCallsBeforeNoShow: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('minCallsBeforeNoShow');
  });
});
