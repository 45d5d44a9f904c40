import { answerParent, type ChildReport } from './child-ipc';
import { startFaultProxy, type Fault } from './fault-proxy';
import { seeded } from './seeded';

/**
 * The soak's fault proxy (the network between hall and district) in a process of its own: it fails
 * SOAK_FAIL_RATE of the requests to SOAK_UPSTREAM at random (seed SOAK_SEED), split between 500s, lost
 * answers and dropped connections. Speaks to its parent over the IPC channel (child-ipc.ts).
 */
const upstream = process.env.SOAK_UPSTREAM;
const failRate = Number(process.env.SOAK_FAIL_RATE);
const seed = Number(process.env.SOAK_SEED);
if (!upstream || !Number.isFinite(failRate) || !Number.isFinite(seed) || !process.send) {
  console.error('SOAK_UPSTREAM, SOAK_FAIL_RATE, SOAK_SEED and an IPC channel are required');
  process.exit(2);
}
const rnd = seeded(seed);
const faults = { error500: 0, lost: 0, reset: 0 };
// The plan does not look at the records: reading every body would count the proxy's work as the sync's.
const proxy = await startFaultProxy(
  upstream,
  (): Fault => {
    const x = rnd();
    if (x >= failRate) return 'pass';
    const kind = x / failRate;
    if (kind < 0.5) return faults.error500++, 'error500';
    if (kind < 0.8) return faults.lost++, 'lose-reply';
    return faults.reset++, 'reset';
  },
  { readBodies: false },
);

answerParent({
  url: proxy.url,
  report: async (): Promise<ChildReport> => ({
    requests: proxy.seen.length,
    bytesUp: proxy.bytes.up,
    bytesDown: proxy.bytes.down,
    injected500: faults.error500,
    injectedLostAnswers: faults.lost,
    injectedResets: faults.reset,
  }),
  close: () => proxy.close(),
});
