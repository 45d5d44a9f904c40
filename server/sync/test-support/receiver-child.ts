import { startReceiver } from './receiver';
import { answerParent, type ChildReport } from './child-ipc';

/**
 * The district's reference receiver in a process of its own, as it is deployed, for the soak and the
 * bench: the sender's figures then measure the hall → district path, not two programs sharing one
 * thread. Configuration from the environment: SOAK_CHILD_DIR (where cloud.db goes). Speaks to its
 * parent over the IPC channel (child-ipc.ts).
 */
const dir = process.env.SOAK_CHILD_DIR;
if (!dir || !process.send) {
  console.error('SOAK_CHILD_DIR and an IPC channel are required');
  process.exit(2);
}
const receiver = await startReceiver({ dir });

answerParent({
  url: receiver.url,
  async report(): Promise<ChildReport> {
    const count = await receiver.caseCount();
    const replays = await receiver.db.query<{ n: number | null }>('SELECT SUM(replays) AS n FROM batches');
    return { caseRows: count.rows, caseIds: count.distinct, replays: Number(replays.rows[0]?.n ?? 0) };
  },
  close: () => receiver.close(),
});
