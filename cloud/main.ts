import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { cloudConfigFromEnv } from './config';
import type { CloudDatabase } from './db/database';
import { migrate } from './db/migrations';
import { openPostgres } from './db/postgres';
import { openSqlite } from './db/sqlite';
import { createCloudServer } from './server';

/**
 * `npm run cloud`: the district's reference receiver. Configuration from the environment (see
 * docs/cloud-api.md, "Running the reference receiver").
 */
async function main(): Promise<void> {
  const config = cloudConfigFromEnv();
  const log = pino({ level: config.logLevel });
  let db: CloudDatabase;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
    db = openSqlite(config.sqlitePath);
  }
  const applied = await migrate(db);
  if (config.halls.size === 0) log.warn('no hall keys configured (CLOUD_HALLS_FILE / CLOUD_HALL_KEYS): every batch will be refused');
  const app = await createCloudServer({
    db,
    halls: config.halls,
    logger: log,
    maxSkewMs: config.maxSkewMs,
    summaryToken: config.summaryToken,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  log.info({ address, database: db.dialect, migrationsApplied: applied, halls: config.halls.size }, 'district receiver listening');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
