import { describe, expect, it } from 'vitest';
import { acquireInstanceLock, userDataDirFor } from './single-instance';
import { FakeApp, ManualScheduler } from './testing/fakes';

describe('acquireInstanceLock', () => {
  it('moves userData to the terminal identity before taking the lock', async () => {
    const app = new FakeApp();
    expect(await acquireInstanceLock(app, { key: 'window-3', relaunched: false, scheduler: new ManualScheduler() })).toBe(true);
    expect(app.lockRequests).toEqual([{ userData: '/home/kiosk/.config/yichuang/window-3', data: { key: 'window-3' } }]);
  });

  it('refuses a second process of the same terminal', async () => {
    const app = new FakeApp();
    app.heldLocks.add(userDataDirFor(app.getPath('appData'), 'kiosk'));
    expect(await acquireInstanceLock(app, { key: 'kiosk', relaunched: false, scheduler: new ManualScheduler() })).toBe(false);
    expect(app.lockRequests).toHaveLength(1);
  });

  it('lets two different terminals share a machine', async () => {
    const app = new FakeApp();
    app.heldLocks.add(userDataDirFor(app.getPath('appData'), 'clerk'));
    expect(await acquireInstanceLock(app, { key: 'window-3', relaunched: false, scheduler: new ManualScheduler() })).toBe(true);
  });

  it('waits for the exiting process when it was relaunched, then takes the lock', async () => {
    const app = new FakeApp();
    const scheduler = new ManualScheduler();
    const dir = userDataDirFor(app.getPath('appData'), 'kiosk');
    app.heldLocks.add(dir);
    const got = acquireInstanceLock(app, { key: 'kiosk', relaunched: true, scheduler, retries: 5, retryMs: 500 });
    await scheduler.advance(500);
    app.heldLocks.delete(dir); // the old process is gone
    await scheduler.advance(500);
    expect(await got).toBe(true);
    expect(app.lockRequests).toHaveLength(3);
  });

  it('gives up after its retries when the other process stays', async () => {
    const app = new FakeApp();
    const scheduler = new ManualScheduler();
    app.heldLocks.add(userDataDirFor(app.getPath('appData'), 'kiosk'));
    const got = acquireInstanceLock(app, { key: 'kiosk', relaunched: true, scheduler, retries: 3, retryMs: 500 });
    await scheduler.advance(5_000);
    expect(await got).toBe(false);
    expect(app.lockRequests).toHaveLength(3);
  });
});
