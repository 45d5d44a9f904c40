import { MAX_BATCH_RECORDS } from '../protocol/district';
import { runSoak } from '../server/sync/test-support/soak';
import { runAlone } from './run-alone';

/**
 * The sync soak as a benchmark: 100,000 case records from a real hall database to a real receiver
 * (SQLite, synchronous=FULL, a process of its own) through a proxy (another process) that fails 20% of
 * requests at random (500s, lost answers, dropped connections). Throughput in records per second; lost and duplicated must be 0.
 * `npx tsx bench/sync.ts` prints the figures as JSON; `npm run bench` calls `runSyncBench()`.
 */
export async function runSyncBench(): Promise<Record<string, number>> {
  // The largest batch the receiver takes (MAX_BATCH_RECORDS; YICHUANG_SYNC_BATCH_SIZE in a hall): every
  // batch costs a flush on each side, so a backlog drains in as few as it can.
  const r = await runSoak({ records: 100_000, batchSize: MAX_BATCH_RECORDS, failRate: 0.2, seed: 20_260_302, timeoutMs: 600_000 });
  if (r.lost !== 0 || r.duplicated !== 0 || r.outboxLeft !== 0) {
    throw new Error(`sync soak failed: ${JSON.stringify(r)}`);
  }
  return {
    sync_records: r.records,
    sync_records_per_second: r.recordsPerSecond,
    sync_seconds: r.seconds,
    // Beside the wall time, which a loaded machine stretches: what the run cost each side. The receiver
    // and the proxy (the network) run in processes of their own, as deployed.
    sync_sender_cpu_seconds: r.senderCpuSeconds,
    sync_receiver_cpu_seconds: r.receiverCpuSeconds,
    sync_proxy_cpu_seconds: r.proxyCpuSeconds,
    sync_requests: r.requests,
    sync_bytes_up: r.bytesUp,
    sync_bytes_down: r.bytesDown,
    sync_batch_size: MAX_BATCH_RECORDS,
    sync_faults_injected: r.injected500 + r.injectedLostAnswers + r.injectedResets,
    sync_batches_replayed: r.replays,
    sync_lost: r.lost,
    sync_duplicated: r.duplicated,
  };
}

runAlone(import.meta.url, runSyncBench);
