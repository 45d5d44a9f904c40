import { createSyncService } from '../service';
import { openHallDb } from './hall-db';

/**
 * A hall-side sender in a process of its own, over a real database file, for the tests that kill it
 * (SIGKILL) in the middle of a send. Configuration from the environment:
 * SYNC_CHILD_DB, SYNC_CHILD_CONFIG (JSON of SyncConfigInput). Prints `ready` once it runs.
 */
const dbPath = process.env.SYNC_CHILD_DB;
const config = process.env.SYNC_CHILD_CONFIG;
if (!dbPath || !config) {
  console.error('SYNC_CHILD_DB and SYNC_CHILD_CONFIG are required');
  process.exit(2);
}
const db = openHallDb(dbPath);
const sync = createSyncService({ db, config: JSON.parse(config) });
sync.start();
// The sender's timer does not hold the process open by itself (in the hall server the listener does).
const keepAlive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  void sync.stop().then(() => {
    clearInterval(keepAlive);
    db.close();
    process.exit(0);
  });
});
process.stdout.write('ready\n');
