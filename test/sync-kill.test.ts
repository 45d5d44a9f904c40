import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../server/sync/test-support/fault-proxy';
import { TEST_HALL_ID, TEST_HALL_KEY, enqueueCases, makeCaseRecord, waitFor } from '../server/sync/test-support/fixtures';
import { openHallDb } from '../server/sync/test-support/hall-db';
import { startReceiver, type TestReceiver } from '../server/sync/test-support/receiver';

const CHILD = join(import.meta.dirname, '..', 'server', 'sync', 'test-support', 'sender-child.ts');
const RECORDS = 600;

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the sender in a process of its own; resolves once it says it runs. */
async function startSender(dbPath: string, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      SYNC_CHILD_DB: dbPath,
      SYNC_CHILD_CONFIG: JSON.stringify({
        url,
        hallId: TEST_HALL_ID,
        key: TEST_HALL_KEY,
        batchSize: 50,
        intervalMs: 10,
        pollMs: 10,
        timeoutMs: 2_000,
        backoffBaseMs: 10,
        backoffCapMs: 50,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sender exited early (${code})`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

describe('a sender killed with SIGKILL in the middle of a send', () => {
  it('resumes after each kill and the receiver ends with every record exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yichuang-sync-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'hall.db');
    const seed = openHallDb(dbPath);
    enqueueCases(seed, 0, RECORDS);
    seed.close();

    const receiver: TestReceiver = await startReceiver({ dir });
    cleanups.push(() => receiver.close());
    // Every request is held a while before it reaches the receiver, so a kill lands mid-send.
    const proxy: FaultProxy = await startFaultProxy(receiver.url, () => ({ delayMs: 120 }));
    cleanups.push(() => proxy.close());

    // Round 1 kills as soon as the request is on the wire: the receiver stores that batch after the
    // sender is dead, so the next sender's resend must be recognised. Later rounds kill at random.
    const killAfterMs = [0, 40, 90, 150, 10];
    for (const [round, delay] of killAfterMs.entries()) {
      const before = proxy.seen.length;
      const child = await startSender(dbPath, proxy.url);
      await waitFor(`round ${round}: a request on the wire`, () => proxy.seen.length > before);
      await new Promise((r) => setTimeout(r, delay));
      await kill(child);
    }

    proxy.setPlan(() => 'pass');
    const last = await startSender(dbPath, proxy.url);
    const hall = openHallDb(dbPath);
    cleanups.push(() => {
      hall.close();
    });
    const backlog = () => hall.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    await waitFor('the outbox drained', () => backlog() === 0 && hall.prepare('SELECT count(*) FROM sync_batch').pluck().get() === 0);
    last.kill('SIGTERM');
    await new Promise((r) => last.once('exit', r));

    expect(await receiver.caseCount()).toEqual({ rows: RECORDS, distinct: RECORDS });
    expect(await receiver.caseIds()).toEqual(Array.from({ length: RECORDS }, (_, i) => makeCaseRecord(i).caseId));
    expect(hall.prepare('SELECT count(*) FROM sync_dead_letters').pluck().get()).toBe(0);
    // The kills did land mid-send: at least one batch reached the receiver twice and was answered from
    // its stored reply instead of being counted again.
    const replays = await receiver.db.query<{ n: number }>('SELECT SUM(replays) AS n FROM batches');
    expect(Number(replays.rows[0]?.n)).toBeGreaterThanOrEqual(1);
    const stored = await receiver.db.query<{ n: number }>('SELECT SUM(stored_count) AS n FROM batches');
    expect(Number(stored.rows[0]?.n)).toBe(RECORDS);
  });
});
