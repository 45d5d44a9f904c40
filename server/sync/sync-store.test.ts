import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncStore } from './sync-store';
import { TEST_HALL_ID, enqueue, enqueueCases, makeCaseRecord } from './test-support/fixtures';
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

  it('keeps aside a payload that is not JSON, and sends the rest', () => {
    const ids = enqueueCases(db, 0, 2);
    const [notJson] = enqueue(db, [{ kind: 'case', payload: {}, caseId: 'C-bad' }]);
    db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run('{"caseId": "C-bad",', notJson);
    const [last] = enqueueCases(db, 2, 1);
    const batch = store.takeBatch(TEST_HALL_ID, 10, 1_000)!;
    expect(batch.records.map((r) => r.seq)).toEqual([ids[0], ids[1], last]);
    expect(batch.records[2]!.payload).toEqual(makeCaseRecord(2));
    expect(store.deadLetters(10).map((d) => [d.outboxId, d.code])).toEqual([[notJson, 'INVALID_PAYLOAD']]);
  });

  it('pins the batch composed while one was in flight when it is still the head, under the id takeBatch gives', () => {
    const ids = enqueueCases(db, 0, 6);
    const first = store.takeBatch(TEST_HALL_ID, 2, 1_000)!;
    const ahead = store.compose(TEST_HALL_ID, first.records.at(-1)!.seq, 2)!;
    expect(ahead.records.map((r) => r.seq)).toEqual([ids[2], ids[3]]);
    // Composing writes nothing: the batch in flight is still the pinned one.
    expect(store.pinned()?.batchId).toBe(first.batchId);

    const r = store.settle(first, { accepted: [ids[0]!, ids[1]!], rejected: [] }, 1_001, { hallId: TEST_HALL_ID, limit: 2, prepared: ahead });
    expect(r.next).toBe(ahead);
    expect(store.pinned()).toMatchObject({ batchId: ahead.batchId, records: 2, attempts: 1 });
    // The same rows pinned the ordinary way get the same id.
    store.unpin(ahead);
    expect(store.takeBatch(TEST_HALL_ID, 2, 1_002)!.batchId).toBe(ahead.batchId);
  });

  it('does not pin a batch composed ahead once rows the answer left out are the head again', () => {
    const ids = enqueueCases(db, 0, 6);
    const first = store.takeBatch(TEST_HALL_ID, 2, 1_000)!;
    const ahead = store.compose(TEST_HALL_ID, first.records.at(-1)!.seq, 2)!;
    // The answer names only the first record: the second stays and must go first, before the ahead batch.
    const r = store.settle(first, { accepted: [ids[0]!], rejected: [] }, 1_001, { hallId: TEST_HALL_ID, limit: 2, prepared: ahead });
    expect(r.next?.records.map((x) => x.seq)).toEqual([ids[1], ids[2]]);
    expect(r.next?.batchId).not.toBe(ahead.batchId);
    expect(store.pinned()?.batchId).toBe(r.next?.batchId);
  });

  it('composes ahead only a full batch of rows that can all go', () => {
    enqueueCases(db, 0, 3);
    const [bad] = enqueue(db, [{ kind: 'case', payload: {}, caseId: 'C-bad' }]);
    db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run('not json', bad);
    expect(store.compose(TEST_HALL_ID, 0, 4)).toBeNull();
    expect(store.compose(TEST_HALL_ID, 0, 3)?.records).toHaveLength(3);
    expect(store.compose(TEST_HALL_ID, 1, 3)).toBeNull();
  });
});
