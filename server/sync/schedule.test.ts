import { describe, expect, it } from 'vitest';
import { backoffDelay, decideSend, type ScheduleInput } from './schedule';

const base: ScheduleInput = {
  now: 1_000_000,
  backlog: 0,
  oldestCreatedAt: null,
  pinned: false,
  nextAttemptAt: null,
  batchSize: 10,
  intervalMs: 5_000,
  pollMs: 1_000,
};

describe('decideSend', () => {
  it.each([
    ['waits a poll when the outbox is empty', {}, { send: false, waitMs: 1_000 }],
    ['sends when N records wait', { backlog: 10, oldestCreatedAt: 999_999 }, { send: true }],
    ['sends when the oldest record has waited T', { backlog: 1, oldestCreatedAt: 995_000 }, { send: true }],
    ['waits until T when fewer than N are young', { backlog: 3, oldestCreatedAt: 995_500 }, { send: false, waitMs: 500 }],
    ['caps that wait at one poll', { backlog: 3, oldestCreatedAt: 999_999 }, { send: false, waitMs: 1_000 }],
    ['resends a pinned batch at once', { pinned: true, backlog: 1, oldestCreatedAt: 999_999 }, { send: true }],
    ['holds everything during the backoff', { pinned: true, backlog: 50, oldestCreatedAt: 1, nextAttemptAt: 1_002_000 }, { send: false, waitMs: 2_000 }],
    ['goes again once the backoff is over', { pinned: true, backlog: 50, oldestCreatedAt: 1, nextAttemptAt: 1_000_000 }, { send: true }],
  ] as const)('%s', (_name, over, expected) => {
    expect(decideSend({ ...base, ...over })).toEqual(expected);
  });
});

describe('backoffDelay', () => {
  it('doubles per failure between half and all of the step', () => {
    expect([1, 2, 3, 4].map((f) => backoffDelay(f, 1_000, 60_000, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((f) => backoffDelay(f, 1_000, 60_000, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the cap, even after a week of failures', () => {
    for (const f of [9, 20, 60, 10_000]) {
      expect(backoffDelay(f, 2_000, 300_000, () => 1)).toBe(300_000);
      expect(backoffDelay(f, 2_000, 300_000, () => 0)).toBe(150_000);
    }
  });

  it('spreads halls that failed together across the jitter range', () => {
    let x = 0;
    const delays = Array.from({ length: 50 }, () => backoffDelay(5, 1_000, 60_000, () => (x = (x + 0.37) % 1)));
    expect(new Set(delays).size).toBeGreaterThan(10);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(8_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(16_000);
  });
});
