import pg from 'pg';
import type { CloudDatabase, Queryable } from './database';

// BIGINT (20) and NUMERIC (1700) come back as strings by default; our values fit a double.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new RangeError(`not a schema name: ${name}`);
  return `"${name}"`;
}

function over(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const r = await client.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/**
 * PostgreSQL through a pg pool (`DATABASE_URL`). `schema`, when given, is created if missing and put
 * first on every connection's search_path (tests use one throwaway schema each).
 */
export async function openPostgres(url: string, opts: { schema?: string; max?: number } = {}): Promise<CloudDatabase> {
  // The schema goes in the startup options, so every connection has it before its first statement
  // (a search_path may name a schema that does not exist yet).
  const options = opts.schema ? `-c search_path=${quoteIdent(opts.schema)}` : undefined;
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, ...(options ? { options } : {}) });
  if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(opts.schema)}`);
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const base = over(pool);
  return {
    dialect: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      // A client in hand that loses its server (a restart, pg_terminate_backend) also emits `error`;
      // the statement in flight already rejects with it, so the listener only keeps that second
      // copy from being an uncaught exception that ends the receiver.
      const lost = (): undefined => undefined;
      client.on('error', lost);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(over(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        // A client that cannot even roll back is dead: handing the error to release() makes the
        // pool close it rather than lend it out again.
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw e;
      } finally {
        client.off('error', lost);
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
