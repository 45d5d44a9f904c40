import { inject } from 'vitest';
import type { CloudDatabase } from '../db/database';
import { openPostgres } from '../db/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL the node tests share (./pg-global-setup.ts). */
    yichuangPgUrl: string;
  }
}

/**
 * The PostgreSQL server of this test run: the one given (YICHUANG_TEST_PG_URL, .ci/pg.env) or one
 * started from npm by the global setup, so the PostgreSQL tests never skip.
 */
export async function findTestPostgres(): Promise<{ url: string }> {
  const url = inject('yichuangPgUrl');
  if (!url) throw new Error('no PostgreSQL for this run: the node project of vitest.config.ts starts one (cloud/testing/pg-global-setup.ts)');
  return { url };
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
