import { describe, expect, it } from 'vitest';
import { fileRestartStore, isRelaunch, RELAUNCH_FLAG, RestartPolicy, withoutRelaunchFlag } from './restart-policy';
import { ManualScheduler, MemoryFs } from './testing/fakes';

const options = { windowMs: 10 * 60_000, backoff: { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0 } };

function setup(supervised: boolean, history: number[] = []) {
  const scheduler = new ManualScheduler();
  const fs = new MemoryFs();
  fs.writeFile('/u/restarts.json', JSON.stringify(history));
  const relaunches: string[][] = [];
  const exits: number[] = [];
  const policy = new RestartPolicy(
    {
      relaunch: (args) => relaunches.push(args),
      exit: (code) => exits.push(code),
      store: fileRestartStore('/u/restarts.json', fs),
      scheduler,
      supervised,
      args: ['--role', 'kiosk', '--server', 'http://h:1'],
    },
    options,
  );
  return { scheduler, fs, relaunches, exits, policy };
}

describe('RestartPolicy', () => {
  it('relaunches with the same arguments plus a relaunch marker, then exits', async () => {
    const t = setup(false);
    t.policy.restart('uncaught exception');
    expect(t.relaunches).toEqual([]);
    await t.scheduler.advance(1_000);
    expect(t.relaunches).toEqual([['--role', 'kiosk', '--server', 'http://h:1', RELAUNCH_FLAG]]);
    expect(t.exits).toEqual([1]);
  });

  it('backs off longer the more restarts the last minutes saw, across processes', async () => {
    const now = new ManualScheduler().now();
    const t = setup(false, [now - 60_000, now - 30_000, now - 5_000]);
    t.policy.restart('crash');
    expect(t.scheduler.pending()).toEqual([8_000]);
    expect(JSON.parse(t.fs.readFile('/u/restarts.json') ?? '[]')).toHaveLength(4);
  });

  it('forgets restarts older than its window', () => {
    const now = new ManualScheduler().now();
    const t = setup(false, [now - 11 * 60_000, now - 20 * 60_000]);
    t.policy.restart('crash');
    expect(t.scheduler.pending()).toEqual([1_000]);
    expect(JSON.parse(t.fs.readFile('/u/restarts.json') ?? '[]')).toEqual([now]);
  });

  it('restarts only once per process, because two relaunches start two copies', async () => {
    const t = setup(false);
    t.policy.restart('a');
    t.policy.restart('b');
    await t.scheduler.advance(120_000);
    expect(t.relaunches).toHaveLength(1);
    expect(t.policy.pending).toBe(true);
  });

  it('under a supervisor exits non-zero at once and leaves the restart to it', () => {
    const t = setup(true);
    t.policy.restart('crash');
    expect(t.exits).toEqual([1]);
    expect(t.relaunches).toEqual([]);
  });

  it('still restarts when the history file is garbage', async () => {
    const t = setup(false);
    t.fs.writeFile('/u/restarts.json', '{not json');
    t.policy.restart('crash');
    await t.scheduler.advance(1_000);
    expect(t.relaunches).toHaveLength(1);
  });

  it('does not pile up relaunch markers over restarts', () => {
    expect(withoutRelaunchFlag(['--role', 'kiosk', RELAUNCH_FLAG, `${RELAUNCH_FLAG}=2`])).toEqual(['--role', 'kiosk']);
    expect(isRelaunch(['--role', 'kiosk', RELAUNCH_FLAG])).toBe(true);
    expect(isRelaunch(['--role', 'kiosk'])).toBe(false);
  });
});
