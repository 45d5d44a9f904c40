/**
 * The district receiver as the benchmark runs it: its own process (the halls' clients must not share
 * its event loop), on PostgreSQL in a schema of its own, with `halls` hall keys. Prints `READY <url>`.
 */
import { migrate } from '../cloud/db/migrations';
import { openPostgres } from '../cloud/db/postgres';
import { createCloudServer } from '../cloud/server';
import { benchHallKeys } from './district-halls';

const [url, schema, halls] = process.argv.slice(2);
if (!url || !schema || !halls) throw new Error('usage: district-child <postgres url> <schema> <halls>');
// The production receiver's pool (cloud/main.ts opens PostgreSQL with the defaults).
const db = await openPostgres(url, { schema });
await migrate(db);
const app = await createCloudServer({
  db,
  halls: benchHallKeys(Number(halls)),
  // The batches are signed before the clock starts; a long run must not age them out.
  maxSkewMs: 24 * 3600_000,
  summaryToken: null,
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.on('SIGTERM', () => {
  void app.close().then(() => db.close()).then(() => process.exit(0));
});
process.stdout.write(`READY ${address}\n`);
