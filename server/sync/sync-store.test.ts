import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncStore } from './sync-store';
import { TEST_HALL_ID, enqueueCases } from './test-support/fixtures';
import { openHallDb } from './test-support/hall-db';

describe('the sender store', () => {
  let dir: string;
  let db: Database;
  let store: ReturnType<typeof createSyncStore>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yichuang-sync-store-'));
    db = openHallDb(join(dir, 'hall.db'));
    store = createSyncStore(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () =>
    db.prepare('SELECT id, attempts, last_error FROM outbox ORDER BY id').all() as { id: number; attempts: number; last_error: string | null }[];

  it('counts an attempt on the rows when it leaves them in the outbox, and on the pin for every send', () => {
    const ids = enqueueCases(db, 0, 3);
    const batch = store.takeBatch(TEST_HALL_ID, 10, 1_000)!;
    store.fail(batch, 'NETWORK', 'ECONNRESET', 1_001, 2_000);
    expect(rows().map((r) => [r.attempts, r.last_error])).toEqual(ids.map(() => [1, 'NETWORK: ECONNRESET']));

    const again = store.takeBatch(TEST_HALL_ID, 10, 3_000)!;
    expect(again.batchId).toBe(batch.batchId);
    expect(store.pinned()?.attempts).toBe(2);
    // One record answered, two named neither way: those two stay, with this attempt counted.
    const r = store.settle(again, { accepted: [ids[0]!], rejected: [] }, 3_001);
    expect(r).toMatchObject({ accepted: 1, rejected: 0, unanswered: 2, next: null });
    expect(rows().map((x) => [x.id, x.attempts])).toEqual([
      [ids[1], 2],
      [ids[2], 2],
    ]);
  });

  it('pins and counts the next full batch in the transaction that settles one, and leaves a partial one to the schedule', () => {
    const ids = enqueueCases(db, 0, 5);
    const first = store.takeBatch(TEST_HALL_ID, 2, 1_000)!;
    const r1 = store.settle(first, { accepted: [ids[0]!, ids[1]!], rejected: [] }, 1_001, { hallId: TEST_HALL_ID, limit: 2 });
    expect(r1.next?.records.map((x) => x.seq)).toEqual([ids[2], ids[3]]);
    expect(store.pinned()).toMatchObject({ batchId: r1.next!.batchId, records: 2, attempts: 1 });
    expect(store.state().lastAttemptAt).toBe(1_001);

    const r2 = store.settle(r1.next!, { accepted: [ids[2]!, ids[3]!], rejected: [] }, 1_002, { hallId: TEST_HALL_ID, limit: 2 });
    expect(r2.next).toBeNull();
    expect(store.pinned()).toBeNull();
    expect(rows().map((x) => x.id)).toEqual([ids[4]]);
    // The rows of the delivered batches were never rewritten before they left.
    expect(rows()[0]!.attempts).toBe(0);
  });
});
