import { describe, expect, it } from 'vitest';
import { runSoak } from './test-support/soak';

// The full 100,000-record soak runs in `npm run bench` (bench/sync.ts); CI runs a smaller one.
describe('soak through a receiver that fails at random', () => {
  it('loses nothing and duplicates nothing across thousands of records and hundreds of faults', async () => {
    const r = await runSoak({ records: 10_000, batchSize: 50, failRate: 0.3, seed: 6, timeoutMs: 120_000 });
    expect(r.injected500).toBeGreaterThan(10);
    expect(r.injectedLostAnswers).toBeGreaterThan(10);
    expect(r.injectedResets).toBeGreaterThan(3);
    expect(r.replays).toBeGreaterThan(0);
    expect({ lost: r.lost, duplicated: r.duplicated, outboxLeft: r.outboxLeft, deadLetters: r.deadLetters }).toEqual({
      lost: 0,
      duplicated: 0,
      outboxLeft: 0,
      deadLetters: 0,
    });
  }, 180_000);
});
