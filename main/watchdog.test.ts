import { describe, expect, it } from 'vitest';
import { ManualScheduler } from './testing/fakes';
import { RendererWatchdog, type WatchdogOptions } from './watchdog';

const options: WatchdogOptions = {
  hangGraceMs: 15_000,
  maxFailures: 3,
  failureWindowMs: 5 * 60_000,
  reloadBackoff: { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0 },
};

function setup() {
  const scheduler = new ManualScheduler();
  const calls: string[] = [];
  const dog = new RendererWatchdog(
    {
      reload: () => calls.push('reload'),
      crashRenderer: () => calls.push('crash'),
      recreateWindow: () => calls.push('recreate'),
      restartApp: () => calls.push('restart'),
      scheduler,
    },
    options,
  );
  return { scheduler, calls, dog };
}

describe('RendererWatchdog', () => {
  it('reloads a crashed renderer after a backoff that grows with repeated crashes', async () => {
    const t = setup();
    t.dog.renderProcessGone('crashed', 139);
    expect(t.scheduler.pending()).toEqual([1_000]);
    await t.scheduler.advance(1_000);
    t.dog.renderProcessGone('oom');
    expect(t.scheduler.pending()).toEqual([2_000]);
    await t.scheduler.advance(2_000);
    expect(t.calls).toEqual(['reload', 'reload']);
  });

  it('does nothing when the renderer exits cleanly', () => {
    const t = setup();
    t.dog.renderProcessGone('clean-exit');
    expect(t.scheduler.pending()).toEqual([]);
  });

  it('kills and reloads a renderer that stays unresponsive past the grace period, once', async () => {
    const t = setup();
    t.dog.unresponsive();
    t.dog.unresponsive(); // Electron repeats the event; one grace period only
    await t.scheduler.advance(15_000);
    expect(t.calls).toEqual(['crash']);
    t.dog.renderProcessGone('killed'); // the kill we caused: already handled
    await t.scheduler.advance(60_000);
    expect(t.calls).toEqual(['crash', 'reload']);
  });

  it('leaves a renderer alone that becomes responsive within the grace period', async () => {
    const t = setup();
    t.dog.unresponsive();
    await t.scheduler.advance(10_000);
    t.dog.responsive();
    await t.scheduler.advance(60_000);
    expect(t.calls).toEqual([]);
  });

  it('recreates the window when failures pile up, then restarts the program if that did not help', async () => {
    const t = setup();
    for (let i = 0; i < 4; i += 1) t.dog.renderProcessGone('crashed');
    expect(t.calls).toEqual(['recreate']);
    expect(t.scheduler.pending()).toEqual([]);
    for (let i = 0; i < 4; i += 1) t.dog.renderProcessGone('crashed');
    expect(t.calls).toEqual(['recreate', 'restart']);
  });

  it('forgets failures older than the window', async () => {
    const t = setup();
    for (let i = 0; i < 3; i += 1) t.dog.renderProcessGone('crashed');
    await t.scheduler.advance(6 * 60_000);
    t.dog.renderProcessGone('crashed');
    expect(t.calls).not.toContain('recreate');
    expect(t.scheduler.pending()).toEqual([1_000]);
  });
});
