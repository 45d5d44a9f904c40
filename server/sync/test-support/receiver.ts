import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CloudDatabase } from '../../../cloud/db/database';
import { migrate } from '../../../cloud/db/migrations';
import { openSqlite } from '../../../cloud/db/sqlite';
import { createCloudServer } from '../../../cloud/server';
import { TEST_HALL_ID, TEST_HALL_KEY } from './fixtures';

/** A real reference receiver on 127.0.0.1, port 0, with a SQLite file (or a given database). */
export async function startReceiver(opts: { dir?: string; db?: CloudDatabase; port?: number; hallIds?: string[] } = {}) {
  const db = opts.db ?? openSqlite(opts.dir ? join(opts.dir, 'cloud.db') : ':memory:');
  await migrate(db);
  // Every test hall shares the test key.
  const halls = new Map((opts.hallIds ?? [TEST_HALL_ID]).map((id) => [id, { hallId: id, key: TEST_HALL_KEY }]));
  const app: FastifyInstance = await createCloudServer({ db, halls });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    app,
    /** Rows per case id: every value must be 1. */
    async caseCount(): Promise<{ rows: number; distinct: number }> {
      const r = await db.query<{ n_rows: number; distinct_ids: number }>(
        'SELECT COUNT(*) AS n_rows, COUNT(DISTINCT case_id) AS distinct_ids FROM cases',
      );
      return { rows: Number(r.rows[0]?.n_rows ?? 0), distinct: Number(r.rows[0]?.distinct_ids ?? 0) };
    },
    async caseIds(): Promise<string[]> {
      const r = await db.query<{ case_id: string }>('SELECT case_id FROM cases ORDER BY case_id');
      return r.rows.map((x) => x.case_id);
    },
    async close() {
      await app.close();
      if (!opts.db) await db.close();
    },
  };
}

/** The receiver's type. */
export type TestReceiver = Awaited<ReturnType<typeof startReceiver>>;
