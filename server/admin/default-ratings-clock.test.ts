import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';
import { playDay } from './test-support/play-day';

const DAY = 86_400_000;

let h: AdminHall | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

describe('default ratings in the background work', () => {
  it("follow the hall's clock, not the machine's: a month later on the hall's clock the unrated cases are rated", async () => {
    const clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock });
    await playDay(h, clock);
    const unrated = () => (h!.server.db.prepare('SELECT COUNT(*) AS n FROM cases WHERE evaluation_level IS NULL').get() as { n: number }).n;
    await h.admin.tick();
    expect(unrated()).toBeGreaterThan(0);

    // Only the hall's clock moves (within milliseconds of real time): the hourly default rating is due.
    clock.advance(30 * DAY);
    await h.admin.tick();
    expect(unrated()).toBe(0);
  });
});
