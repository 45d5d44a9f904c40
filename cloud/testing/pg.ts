import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { CloudDatabase } from '../db/database';
import { openPostgres } from '../db/postgres';

/** Where the PostgreSQL tests find their server: the environment, else the file .ci/start-postgres writes. */
export const PG_ENV_FILE = join(import.meta.dirname, '..', '..', '.ci', 'pg.env');

function urlFromFile(): string | undefined {
  if (!existsSync(PG_ENV_FILE)) return undefined;
  const m = /^YICHUANG_TEST_PG_URL=(.+)$/m.exec(readFileSync(PG_ENV_FILE, 'utf8'));
  return m?.[1]?.trim().replace(/^['"]|['"]$/g, '');
}

/**
 * The test server's URL when one answers, else why the PostgreSQL tests skip. With
 * YICHUANG_TEST_PG_REQUIRED=1 (CI after .ci/start-postgres) a missing server is an error, not a skip.
 */
export async function findTestPostgres(): Promise<{ url: string } | { skip: string }> {
  const url = process.env.YICHUANG_TEST_PG_URL || urlFromFile();
  const required = process.env.YICHUANG_TEST_PG_REQUIRED === '1';
  const fail = (why: string) => {
    if (required) throw new Error(`YICHUANG_TEST_PG_REQUIRED=1 but ${why}`);
    return { skip: why };
  };
  if (!url) return fail('no PostgreSQL server: set YICHUANG_TEST_PG_URL or run .ci/start-postgres (writes .ci/pg.env)');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { url };
  } catch (e) {
    return fail(`PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} is not reachable (${(e as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database in a fresh schema of its own; `drop()` removes the schema and closes the pool. */
export async function openTestPostgres(url: string): Promise<{ db: CloudDatabase; drop(): Promise<void> }> {
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const db = await openPostgres(url, { schema, max: 4 });
  return {
    db,
    async drop() {
      await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    },
  };
}
