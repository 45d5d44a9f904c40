import { describe, expect, it } from 'vitest';
import { ConnectionMonitor, type ConnectionMonitorOptions, type OfflineStatus } from './connection-monitor';
import { ManualScheduler } from './testing/fakes';

const options: ConnectionMonitorOptions = {
  retry: { initialMs: 1_000, maxMs: 8_000, factor: 2, jitter: 0 },
  healthIntervalMs: 10_000,
  failuresBeforeOffline: 3,
  loadTimeoutMs: 30_000,
};

function setup(serverUp: () => boolean) {
  const scheduler = new ManualScheduler();
  const calls: string[] = [];
  const offline: OfflineStatus[] = [];
  let probes = 0;
  const monitor = new ConnectionMonitor(
    {
      probe: async () => {
        probes += 1;
        return serverUp();
      },
      showRolePage: () => calls.push('role'),
      showOffline: (s) => {
        calls.push('offline');
        offline.push(s);
      },
      scheduler,
    },
    options,
  );
  return { scheduler, calls, offline, monitor, probes: () => probes };
}

describe('ConnectionMonitor', () => {
  it('shows the role page first and goes online when it loads', () => {
    const t = setup(() => true);
    t.monitor.start();
    expect(t.calls).toEqual(['role']);
    expect(t.monitor.state).toBe('loading');
    t.monitor.rolePageLoaded();
    expect(t.monitor.state).toBe('online');
  });

  it('shows the offline page when the role page fails, retries with growing delays, and returns when the server is back', async () => {
    let up = false;
    const t = setup(() => up);
    t.monitor.start();
    t.monitor.rolePageFailed({ kind: 'load-failed', errorCode: -102 });
    expect(t.monitor.state).toBe('offline');
    expect(t.calls).toEqual(['role', 'offline']);
    expect(t.scheduler.pending()).toEqual([1_000]);
    await t.scheduler.advance(1_000);
    expect(t.scheduler.pending()).toEqual([2_000]);
    await t.scheduler.advance(2_000);
    expect(t.scheduler.pending()).toEqual([4_000]);
    await t.scheduler.advance(4_000);
    await t.scheduler.advance(8_000);
    expect(t.scheduler.pending()).toEqual([8_000]); // capped
    expect(t.offline.map((s) => s.attempts)).toEqual([0, 1, 2, 3, 4]);
    expect(t.offline[0]?.reason).toEqual({ kind: 'load-failed', errorCode: -102 });
    expect(t.offline[1]?.reason).toEqual({ kind: 'unreachable' });
    up = true;
    await t.scheduler.advance(8_000);
    expect(t.calls.at(-1)).toBe('role');
    expect(t.monitor.state).toBe('loading');
    t.monitor.rolePageLoaded();
    expect(t.monitor.state).toBe('online');
  });

  it('keeps the time it went offline and its attempt count when a recovery fails to load the page', async () => {
    let up = false;
    const t = setup(() => up);
    t.monitor.start();
    t.monitor.rolePageFailed({ kind: 'load-failed', errorCode: -102 });
    const since = t.offline[0]?.since;
    await t.scheduler.advance(1_000);
    up = true;
    await t.scheduler.advance(2_000);
    t.monitor.rolePageFailed({ kind: 'http-error', status: 404 });
    expect(t.offline.at(-1)).toMatchObject({ since, attempts: 1, reason: { kind: 'http-error', status: 404 } });
    // No tight loop: the next check waits longer than the first one did.
    expect(t.scheduler.pending()).toEqual([2_000]);
  });

  it('rides out short outages while online and leaves only after consecutive misses', async () => {
    const answers = [false, false, true, false, false, false];
    const t = setup(() => answers.shift() ?? false);
    t.monitor.start();
    t.monitor.rolePageLoaded();
    await t.scheduler.advance(10_000 * 5);
    expect(t.monitor.state).toBe('online');
    await t.scheduler.advance(10_000);
    expect(t.monitor.state).toBe('offline');
    expect(t.offline[0]?.reason).toEqual({ kind: 'unreachable' });
  });

  it('counts a role page that never finishes loading as failed', async () => {
    const t = setup(() => false);
    t.monitor.start();
    await t.scheduler.advance(30_000);
    expect(t.monitor.state).toBe('offline');
    expect(t.offline[0]?.reason).toEqual({ kind: 'load-timeout' });
  });

  it('ignores page loads while offline (the offline page itself, a late finish)', () => {
    const t = setup(() => false);
    t.monitor.start();
    t.monitor.rolePageFailed({ kind: 'load-failed', errorCode: -105 });
    t.monitor.rolePageLoaded();
    expect(t.monitor.state).toBe('offline');
  });

  it('drops a probe answer that arrives after the state moved on', async () => {
    let resolveProbe: (up: boolean) => void = () => {};
    const scheduler = new ManualScheduler();
    const calls: string[] = [];
    const monitor = new ConnectionMonitor(
      {
        probe: () => new Promise<boolean>((r) => (resolveProbe = r)),
        showRolePage: () => calls.push('role'),
        showOffline: () => calls.push('offline'),
        scheduler,
      },
      options,
    );
    monitor.start();
    monitor.rolePageFailed({ kind: 'load-failed', errorCode: -102 });
    await scheduler.advance(1_000); // probe in flight
    monitor.stop();
    resolveProbe(true);
    await scheduler.advance(0);
    expect(calls).toEqual(['role', 'offline']);
    expect(monitor.state).toBe('idle');
  });

  it('stops every timer when stopped', async () => {
    const t = setup(() => true);
    t.monitor.start();
    t.monitor.rolePageLoaded();
    t.monitor.stop();
    expect(t.scheduler.pending()).toEqual([]);
    await t.scheduler.advance(60_000);
    expect(t.probes()).toBe(0);
  });
});
