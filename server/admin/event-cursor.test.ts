import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send, TOKENS } from '../../test/helpers/hall';
import { drainEvents, skipEvents } from './event-cursor';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';

const changes = (h: AdminHall) => (h.server.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

describe('the admin console reading the event log', () => {
  let h: AdminHall;
  beforeEach(async () => {
    h = await startAdminHall();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await h.stop();
  });

  it('writes nothing when a reader has nothing new to read', async () => {
    const { socket: kiosk } = await h.terminal(TOKENS.kiosk);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const seen: number[] = [];
    drainEvents(h.server.db, 'test-reader', (batch) => seen.push(...batch.map((e) => e.seq)));
    expect(seen.length).toBeGreaterThan(0);
    skipEvents(h.server.db, 'test-skipper');
    const before = changes(h);
    drainEvents(h.server.db, 'test-reader', (batch) => seen.push(...batch.map((e) => e.seq)));
    skipEvents(h.server.db, 'test-skipper');
    expect(changes(h)).toBe(before);
    expect(seen).toEqual([...new Set(seen)]);
  });

  it('drains the log once for a stream of commands, not once per command', async () => {
    const { socket: kiosk } = await h.terminal(TOKENS.kiosk);
    // Let the drain of the start-up commits pass first.
    await new Promise((r) => setTimeout(r, 400));
    const prepare = vi.spyOn(h.server.db, 'prepare');
    const drains = () => prepare.mock.calls.filter(([sql]) => sql.includes('FROM events WHERE seq >')).length;
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const elapsed = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 400));
    // Each drain reads the follow-ups' events (webhooks: none active, nothing read). One drain per 250 ms
    // of commands at most, against one per command before.
    expect(drains()).toBeGreaterThan(0);
    expect(drains()).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
  });
});
