import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncService } from '../service';
import { startChild, type ChildHandle } from './child-ipc';
import { TEST_HALL_ID, TEST_HALL_KEY, enqueueCases, waitFor } from './fixtures';
import { openHallDb } from './hall-db';
import { seeded } from './seeded';

const here = import.meta.dirname;

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
  /** CPU time (user + system) while it ran, of each process: the hall's sender, the receiver, the proxy. */
  senderCpuSeconds: number;
  receiverCpuSeconds: number;
  proxyCpuSeconds: number;
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

/**
 * Ships `records` case records from a real hall database through a receiver behind a proxy that fails
 * at random, until the outbox is empty; then counts what the receiver holds.
 */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-soak-'));
  const children: ChildHandle[] = [];
  const db = openHallDb(join(dir, 'hall.db'));
  let sync: ReturnType<typeof createSyncService> | null = null;
  try {
    // The receiver and the network between (the fault proxy) each run in a process of their own, as in a
    // district: the hall's sender here is measured on its own, and each side's CPU is its own.
    const receiver = await startChild(join(here, 'receiver-child.ts'), { SOAK_CHILD_DIR: dir });
    children.push(receiver);
    const proxy = await startChild(join(here, 'proxy-child.ts'), {
      SOAK_UPSTREAM: receiver.url,
      SOAK_FAIL_RATE: String(o.failRate),
      SOAK_SEED: String(o.seed),
    });
    children.push(proxy);
    sync = createSyncService({
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
    enqueueCases(db, 0, o.records);
    await Promise.all([receiver.mark(), proxy.mark()]);
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    sync.start();
    // Drained: nothing in the outbox, nothing pinned. Asked directly, cheaply: status() counts the whole
    // outbox, and a count of 100,000 rows ten times a second would take its CPU from the sender it measures.
    const drained = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM outbox) AND NOT EXISTS (SELECT 1 FROM sync_batch)').pluck();
    await waitFor('soak drained', () => drained.get() === 1, o.timeoutMs, 20);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const [r, p] = await Promise.all([receiver.report(), proxy.report()]);
    await sync.stop();
    const status = sync.status();
    const n = (x: number | undefined) => x ?? 0;
    const cpuSeconds = (s: number) => Math.round(s * 1000) / 1000;
    return {
      records: o.records,
      seconds: Math.round(seconds * 1000) / 1000,
      senderCpuSeconds: cpuSeconds((cpu.user + cpu.system) / 1e6),
      receiverCpuSeconds: cpuSeconds(r.cpuSeconds),
      proxyCpuSeconds: cpuSeconds(p.cpuSeconds),
      recordsPerSecond: Math.round(o.records / seconds),
      requests: n(p.figures.requests),
      bytesUp: n(p.figures.bytesUp),
      bytesDown: n(p.figures.bytesDown),
      injected500: n(p.figures.injected500),
      injectedLostAnswers: n(p.figures.injectedLostAnswers),
      injectedResets: n(p.figures.injectedResets),
      lost: o.records - n(r.figures.caseIds),
      duplicated: n(r.figures.caseRows) - n(r.figures.caseIds),
      replays: n(r.figures.replays),
      outboxLeft: status.backlog,
      deadLetters: status.deadLetters,
    };
  } finally {
    await sync?.stop();
    // The proxy first: nothing reaches the receiver once it closes.
    for (const c of children.reverse()) await c.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
