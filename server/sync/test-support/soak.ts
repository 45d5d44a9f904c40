import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncService } from '../service';
import { startFaultProxy, type Fault } from './fault-proxy';
import { TEST_HALL_ID, TEST_HALL_KEY, enqueueCases, waitFor } from './fixtures';
import { openHallDb } from './hall-db';
import { startReceiver } from './receiver';

/** What a soak run is asked to do. */
export interface SoakOptions {
  records: number;
  batchSize: number;
  /** Share of requests that fail (split between 500s, lost answers and dropped connections). */
  failRate: number;
  seed: number;
  /** Longest the run may take before it is declared stuck. */
  timeoutMs: number;
}

/** What a soak run measured. */
export interface SoakResult {
  records: number;
  seconds: number;
  /** CPU time of this process (sender, proxy and receiver together) while it ran, user + system. */
  cpuSeconds: number;
  recordsPerSecond: number;
  requests: number;
  injected500: number;
  injectedLostAnswers: number;
  injectedResets: number;
  /** Records the receiver does not hold. */
  lost: number;
  /** Rows beyond one per case at the receiver. */
  duplicated: number;
  /** Body bytes on the wire, both ways, resends included (requests are gzip JSON). */
  bytesUp: number;
  bytesDown: number;
  /** Batches the receiver recognised as resent and answered from its stored reply. */
  replays: number;
  outboxLeft: number;
  deadLetters: number;
}

/** A small seeded generator (mulberry32): the same seed injects the same faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Ships `records` case records from a real hall database through a receiver behind a proxy that fails
 * at random, until the outbox is empty; then counts what the receiver holds.
 */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-soak-'));
  const rnd = seeded(o.seed);
  const faults = { '500': 0, lost: 0, reset: 0 };
  const receiver = await startReceiver({ dir });
  const proxy = await startFaultProxy(receiver.url, (): Fault => {
    const x = rnd();
    if (x >= o.failRate) return 'pass';
    const kind = x / o.failRate;
    if (kind < 0.5) return faults['500']++, 'error500';
    if (kind < 0.8) return faults.lost++, 'lose-reply';
    return faults.reset++, 'reset';
  }, { readBodies: false });
  const db = openHallDb(join(dir, 'hall.db'));
  const sync = createSyncService({
    db,
    random: seeded(o.seed + 1),
    config: {
      url: proxy.url,
      hallId: TEST_HALL_ID,
      key: TEST_HALL_KEY,
      batchSize: o.batchSize,
      intervalMs: 10,
      pollMs: 10,
      timeoutMs: 30_000,
      backoffBaseMs: 5,
      backoffCapMs: 50,
    },
  });
  try {
    enqueueCases(db, 0, o.records);
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    sync.start();
    // Drained: nothing in the outbox, nothing pinned. Asked directly, cheaply: status() counts the whole
    // outbox, and a count of 100,000 rows ten times a second would take its CPU from the sender it measures.
    const drained = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM outbox) AND NOT EXISTS (SELECT 1 FROM sync_batch)').pluck();
    await waitFor('soak drained', () => drained.get() === 1, o.timeoutMs, 20);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await sync.stop();
    const count = await receiver.caseCount();
    const replays = await receiver.db.query<{ n: number | null }>('SELECT SUM(replays) AS n FROM batches');
    const status = sync.status();
    return {
      records: o.records,
      seconds: Math.round(seconds * 1000) / 1000,
      cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
      recordsPerSecond: Math.round(o.records / seconds),
      requests: proxy.seen.length,
      bytesUp: proxy.bytes.up,
      bytesDown: proxy.bytes.down,
      injected500: faults['500'],
      injectedLostAnswers: faults.lost,
      injectedResets: faults.reset,
      lost: o.records - count.distinct,
      duplicated: count.rows - count.distinct,
      replays: Number(replays.rows[0]?.n ?? 0),
      outboxLeft: status.backlog,
      deadLetters: status.deadLetters,
    };
  } finally {
    await sync.stop();
    await proxy.close();
    await receiver.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
