import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncConfigInput } from './config';
import { createSyncService, type SyncService } from './service';
import { startFaultProxy, type FaultPlan, type FaultProxy } from './test-support/fault-proxy';
import {
  TEST_HALL_ID,
  TEST_HALL_KEY,
  enqueue,
  enqueueCases,
  makeCaseRecord,
  makeEvaluationUpdate,
  waitFor,
} from './test-support/fixtures';
import { openHallDb } from './test-support/hall-db';
import { startReceiver, type TestReceiver } from './test-support/receiver';

interface Rig {
  dir: string;
  db: Database;
  receiver: TestReceiver;
  proxy: FaultProxy;
  sync: SyncService;
}

const rigs: Rig[] = [];

const FAST: Partial<SyncConfigInput> = {
  batchSize: 25,
  intervalMs: 10,
  pollMs: 10,
  timeoutMs: 2_000,
  backoffBaseMs: 10,
  backoffCapMs: 80,
};

async function rig(plan?: FaultPlan, config: Partial<SyncConfigInput> = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-sync-'));
  const receiver = await startReceiver();
  const proxy = await startFaultProxy(receiver.url, plan);
  const db = openHallDb(join(dir, 'hall.db'));
  const sync = createSyncService({
    db,
    config: { url: proxy.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY, ...FAST, ...config },
  });
  const r = { dir, db, receiver, proxy, sync };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.sync.stop();
    await r.proxy.close();
    await r.receiver.close();
    r.db.close();
    rmSync(r.dir, { recursive: true, force: true });
  }
});

/** After recovery: the receiver holds every case exactly once and the hall's outbox is empty. */
async function expectDeliveredOnce(r: Rig, count: number): Promise<void> {
  const c = await r.receiver.caseCount();
  expect(c).toEqual({ rows: count, distinct: count });
  const expected = Array.from({ length: count }, (_, i) => makeCaseRecord(i).caseId);
  expect(await r.receiver.caseIds()).toEqual(expected);
  expect(r.sync.status().backlog).toBe(0);
  expect(r.sync.status().inFlight).toBeNull();
}

/** Records first reach the receiver in outbox order (resends aside). */
function expectInOrder(proxy: FaultProxy): void {
  const firstSeen: number[] = [];
  const seen = new Set<number>();
  for (const req of proxy.seen) {
    for (const s of req.seqs) {
      if (!seen.has(s)) firstSeen.push(s);
      seen.add(s);
    }
  }
  expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
}

const drained = (r: Rig) => () => r.sync.status().backlog === 0 && r.sync.status().inFlight === null;

describe('sync service against a real receiver on loopback', () => {
  it('delivers every record once, in order, and empties the outbox when the receiver is healthy', async () => {
    const r = await rig();
    enqueueCases(r.db, 0, 120);
    r.sync.start();
    await waitFor('outbox drained', drained(r));
    await expectDeliveredOnce(r, 120);
    expectInOrder(r.proxy);
    const s = r.sync.status();
    expect(s.lastSuccessAt).not.toBeNull();
    expect(s.consecutiveFailures).toBe(0);
    expect(r.proxy.seen.every((q) => q.seqs.length <= 25)).toBe(true);
  });

  it('keeps the backlog while the receiver is down and drains it when it comes back', async () => {
    const r = await rig();
    await r.proxy.down();
    enqueueCases(r.db, 0, 60);
    r.sync.start();
    await waitFor('three failed attempts', () => r.sync.status().consecutiveFailures >= 3);
    const s = r.sync.status();
    expect(s.lastError?.code).toBe('NETWORK');
    expect(s.backlog).toBe(60);
    expect(s.nextAttemptAt).not.toBeNull();
    expect(s.inFlight?.records).toBe(25);
    expect(await r.receiver.caseCount()).toEqual({ rows: 0, distinct: 0 });
    await r.proxy.up();
    await waitFor('outbox drained', drained(r));
    await expectDeliveredOnce(r, 60);
    expect(r.sync.status().consecutiveFailures).toBe(0);
  });

  it('retries after 500 answers until the batch is taken', async () => {
    const r = await rig((n) => (n <= 3 ? 'error500' : 'pass'));
    enqueueCases(r.db, 0, 40);
    r.sync.start();
    await waitFor('outbox drained', drained(r));
    await expectDeliveredOnce(r, 40);
    expectInOrder(r.proxy);
    // The same pinned batch went four times.
    expect(new Set(r.proxy.seen.slice(0, 4).map((q) => q.batchId)).size).toBe(1);
    expect(r.sync.status().lastError?.code).toBe('INTERNAL');
  });

  it('resends the same batch after a receiver slower than the timeout, and it is stored once', async () => {
    const r = await rig((n) => (n === 1 ? { delayMs: 600 } : 'pass'), { timeoutMs: 150 });
    enqueueCases(r.db, 0, 30);
    r.sync.start();
    await waitFor('outbox drained', drained(r));
    await expectDeliveredOnce(r, 30);
    expect(r.proxy.seen[0]?.batchId).toBe(r.proxy.seen[1]?.batchId);
    expect(r.sync.status().lastError?.code).toBe('TIMEOUT');
    // The slow first copy reaches the receiver late and is answered from the stored reply.
    const replays = async () =>
      (await r.receiver.db.query<{ n: number }>('SELECT SUM(replays) AS n FROM batches')).rows[0]?.n ?? 0;
    await waitFor('the late copy replayed', async () => (await replays()) >= 1);
    await expectDeliveredOnce(r, 30);
  });

  it('recognises a resend after a lost answer: the receiver stores the batch once and replays its answer', async () => {
    const r = await rig((n) => (n === 1 ? 'lose-reply' : 'pass'));
    enqueueCases(r.db, 0, 20);
    r.sync.start();
    await waitFor('outbox drained', drained(r));
    await expectDeliveredOnce(r, 20);
    expect(r.proxy.seen[1]?.batchId).toBe(r.proxy.seen[0]?.batchId);
    const b = await r.receiver.db.query<{ replays: number; stored_count: number }>(
      'SELECT replays, stored_count FROM batches WHERE batch_id = $1',
      [r.proxy.seen[0]?.batchId],
    );
    expect(b.rows[0]).toEqual({ replays: 1, stored_count: 20 });
  });

  it('keeps a rejected record aside with its reason and delivers the rest of the batch', async () => {
    const r = await rig();
    enqueueCases(r.db, 0, 5);
    const bad = { ...makeCaseRecord(5), applicantIdMasked: '330102199001011234' }; // unmasked: refused
    const [badSeq] = enqueue(r.db, [{ kind: 'case', payload: bad }]);
    enqueueCases(r.db, 6, 4);
    r.sync.start();
    await waitFor('outbox drained', drained(r));
    const ids = await r.receiver.caseIds();
    expect(ids).toHaveLength(9);
    expect(ids).not.toContain(bad.caseId);
    const s = r.sync.status();
    expect(s.backlog).toBe(0);
    expect(s.deadLetters).toBe(1);
    const [dl] = r.sync.deadLetters();
    expect(dl).toMatchObject({ outboxId: badSeq, caseId: bad.caseId, code: 'INVALID_RECORD' });
    expect(dl?.reason).toContain('applicantIdMasked');
  });

  it('sends an evaluation that arrives after its case as an update the receiver applies', async () => {
    const r = await rig();
    enqueueCases(r.db, 0, 3);
    expect((await r.sync.flushNow()).accepted).toBe(3);
    enqueue(r.db, [{ kind: 'evaluation', payload: makeEvaluationUpdate(1, 2) }]);
    const res = await r.sync.flushNow();
    expect(res).toMatchObject({ batches: 1, accepted: 1, rejected: 0, error: null });
    const ev = await r.receiver.db.query<{ case_id: string; evaluation_level: number | null }>(
      'SELECT case_id, evaluation_level FROM cases ORDER BY case_id',
    );
    expect(ev.rows.map((x) => x.evaluation_level)).toEqual([null, 2, null]);
  });

  it('records BAD_SIGNATURE and keeps the outbox when the hall key is wrong', async () => {
    const r = await rig(undefined, { key: 'a-wrong-key-0123456789' });
    enqueueCases(r.db, 0, 5);
    const res = await r.sync.flushNow();
    expect(res.error?.code).toBe('BAD_SIGNATURE');
    expect(r.sync.status()).toMatchObject({ backlog: 5, consecutiveFailures: 1 });
    expect(await r.receiver.caseCount()).toEqual({ rows: 0, distinct: 0 });
  });

  it('splits a batch the receiver finds too large, and keeps aside a single record that still is', async () => {
    const r = await rig((_n, seqs) => (seqs.length > 4 || seqs.includes(7) ? 'too-large' : 'pass'), { batchSize: 16 });
    enqueueCases(r.db, 0, 16);
    r.sync.start();
    await waitFor('outbox drained', drained(r));
    const ids = await r.receiver.caseIds();
    expect(ids).toHaveLength(15);
    expect(ids).not.toContain(makeCaseRecord(6).caseId); // outbox id 7 is case 6
    const [dl] = r.sync.deadLetters();
    expect(dl).toMatchObject({ outboxId: 7, code: 'BATCH_TOO_LARGE' });
    expectInOrder(r.proxy);
  });

  it('resumes the pinned batch under the same id after a restart of the sender', async () => {
    const r = await rig((n) => (n === 1 ? 'lose-reply' : 'pass'));
    enqueueCases(r.db, 0, 10);
    const first = await r.sync.flushNow();
    expect(first.error?.code).toBe('NETWORK');
    const pinned = r.sync.status().inFlight?.batchId;
    await r.sync.stop();
    enqueueCases(r.db, 10, 5);
    // A new service over the same database, as after a restart of the hall server.
    r.sync = createSyncService({
      db: r.db,
      config: { url: r.proxy.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY, ...FAST },
    });
    await r.sync.flushNow();
    expect(r.proxy.seen[1]?.batchId).toBe(pinned);
    expect(r.proxy.seen[1]?.seqs).toEqual(r.proxy.seen[0]?.seqs);
    await expectDeliveredOnce(r, 15);
  });
});

describe('sync service pipelining', () => {
  it('sends the next batch, pinned ahead, as soon as one is answered for every record, and settles that answer while it travels', async () => {
    const r = await rig(undefined, { batchSize: 10 });
    enqueueCases(r.db, 0, 30);
    // At each request: which batch the database pins, which it pins to go next, and how many rows wait.
    const pinned = r.db.prepare('SELECT batch_id FROM sync_batch').pluck();
    const next = r.db.prepare('SELECT batch_id FROM sync_next_batch').pluck();
    const backlog = r.db.prepare('SELECT count(*) FROM outbox').pluck();
    const seen: { batchId: string; pinned: unknown; next: unknown; backlog: unknown }[] = [];
    r.sync = createSyncService({
      db: r.db,
      config: { url: r.proxy.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY, ...FAST, batchSize: 10 },
      fetch: (url, init) => {
        const batchId = new Headers(init?.headers).get('x-yichuang-batch-id') ?? '';
        seen.push({ batchId, pinned: pinned.get(), next: next.get(), backlog: backlog.get() });
        return fetch(url, init);
      },
    });
    const flushed = await r.sync.flushNow();
    expect(flushed).toMatchObject({ batches: 3, accepted: 30, error: null });
    await expectDeliveredOnce(r, 30);
    expect(seen).toHaveLength(3);
    // The first goes pinned; each later one was pinned to go next before its first byte, and left
    // while the answer before it was not yet settled (that batch's rows still in the outbox).
    expect(seen[0]).toMatchObject({ pinned: seen[0]!.batchId, backlog: 30 });
    expect(seen[1]).toMatchObject({ pinned: seen[0]!.batchId, next: seen[1]!.batchId, backlog: 30 });
    expect(seen[2]).toMatchObject({ pinned: seen[1]!.batchId, next: seen[2]!.batchId, backlog: 20 });
    expect(r.db.prepare('SELECT count(*) FROM sync_next_batch').pluck().get()).toBe(0);
  });

  it('settles an answer that leaves records out before anything else goes, and sends those records first', async () => {
    const r = await rig(undefined, { batchSize: 5 });
    enqueueCases(r.db, 0, 15);
    let answers = 0;
    r.sync = createSyncService({
      db: r.db,
      config: { url: r.proxy.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY, ...FAST, batchSize: 5 },
      // The first answer names only the first two records of five (as a receiver that took part of it).
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        if (++answers > 1) return res;
        const body = (await res.json()) as { accepted: number[] };
        return Response.json({ ...body, accepted: body.accepted.slice(0, 2) }, { status: res.status });
      },
    });
    await r.sync.flushNow();
    await r.sync.flushNow();
    expect(r.proxy.seen.map((q) => q.seqs[0])).toEqual([1, 3, 8, 13]);
    expectInOrder(r.proxy);
    await expectDeliveredOnce(r, 15);
  });

  it('resends in order after a restart with one batch pinned and the next pinned ahead', async () => {
    const r = await rig((n) => (n === 2 ? 'lose-reply' : 'pass'), { batchSize: 5 });
    enqueueCases(r.db, 0, 20);
    const first = await r.sync.flushNow();
    expect(first.error?.code).toBe('NETWORK');
    await r.sync.stop();
    // The second batch went out and its answer was lost: it is pinned, and the third was pinned ahead.
    expect(r.db.prepare('SELECT count(*) FROM sync_next_batch').pluck().get()).toBe(1);
    r.sync = createSyncService({ db: r.db, config: { url: r.proxy.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY, ...FAST, batchSize: 5 } });
    expect((await r.sync.flushNow()).error).toBeNull();
    expect(r.proxy.seen[2]?.batchId).toBe(r.proxy.seen[1]?.batchId);
    expectInOrder(r.proxy);
    await expectDeliveredOnce(r, 20);
  });
});

describe('sync service scheduling', () => {
  it('sends full batches at once and holds a partial one until its oldest record has waited T', async () => {
    // The receiver checks the timestamp against its real clock, so the fake clock starts there.
    let now = Date.now();
    const r = await rig(undefined, { batchSize: 5, intervalMs: 60_000 });
    await r.sync.stop();
    r.sync = createSyncService({
      db: r.db,
      clock: { now: () => now },
      config: { url: r.proxy.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY, ...FAST, batchSize: 5, intervalMs: 60_000 },
    });
    enqueueCases(r.db, 0, 12, now);
    r.sync.start();
    await waitFor('two full batches', () => r.sync.status().backlog === 2);
    expect(r.proxy.seen.map((q) => q.seqs.length)).toEqual([5, 5]);
    now += 60_000;
    await waitFor('the partial batch after T', drained(r));
    expect(r.proxy.seen.map((q) => q.seqs.length)).toEqual([5, 5, 2]);
    await expectDeliveredOnce(r, 12);
  });

  it('fills the outbox and sends nothing when no district is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yichuang-sync-'));
    const db = openHallDb(join(dir, 'hall.db'));
    try {
      let calls = 0;
      const sync = createSyncService({
        db,
        config: {},
        fetch: (async () => {
          calls++;
          throw new Error('must not be called');
        }) as typeof fetch,
      });
      enqueueCases(db, 0, 3);
      sync.start();
      expect(await sync.flushNow()).toMatchObject({ batches: 0, error: { code: 'NOT_CONFIGURED' } });
      expect(sync.status()).toMatchObject({ configured: false, backlog: 3, inFlight: null });
      await sync.stop();
      expect(calls).toBe(0);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
