import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

/** Settings are updated by what the body names; a misspelt key is refused, never saved as defaults. */
describe('settings updates (PUT /api/admin/settings and /config)', () => {
  let h: AdminHall;
  let token: string;
  beforeEach(async () => {
    h = await startAdminHall();
    token = await h.login('admin');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('refuses a misspelt dispatch setting, naming it, and leaves every setting as it was', async () => {
    expect((await h.api(token, 'PUT', '/settings', { priorityStreakLimit: 5 })).status).toBe(200);
    const before = (await h.api(token, 'GET', '/settings')).body;
    const bad = await h.api(token, 'PUT', '/settings', { minCallsBeforeNoshow: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(bad.body.error.message).toContain('minCallsBeforeNoshow');
    const nested = await h.api(token, 'PUT', '/settings', { priorityBonusMinutes: { eldery: 10 } });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toContain('priorityBonusMinutes.eldery');
    expect((await h.api(token, 'GET', '/settings')).body).toEqual(before);
    expect(h.server.hall.state.catalog.settings.priorityStreakLimit).toBe(5);
  });

  it('changes only what a partial dispatch update names', async () => {
    const before = h.server.hall.state.catalog.settings;
    const r = await h.api(token, 'PUT', '/settings', { recallCooldownSeconds: 30, priorityBonusMinutes: { elderly: 20 } });
    expect(r.status).toBe(200);
    expect(h.server.hall.state.catalog.settings).toEqual({
      ...before,
      recallCooldownSeconds: 30,
      priorityBonusMinutes: { ...before.priorityBonusMinutes, elderly: 20 },
    });
  });

  it('refuses a misspelt console setting and merges a partial one', async () => {
    const before = (await h.api(token, 'GET', '/config')).body.config;
    expect((await h.api(token, 'PUT', '/config', { alerts: { waitingCuont: 5 } })).body).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await h.api(token, 'PUT', '/config', { folowUp: {} })).status).toBe(400);
    expect((await h.api(token, 'PUT', '/config', [])).status).toBe(400);
    expect((await h.api(token, 'GET', '/config')).body.config).toEqual(before);
    expect((await h.api(token, 'PUT', '/config', { alerts: { waitingCount: 5 } })).status).toBe(200);
    expect((await h.api(token, 'GET', '/config')).body.config).toEqual({ ...before, alerts: { ...before.alerts, waitingCount: 5 } });
  });
});
