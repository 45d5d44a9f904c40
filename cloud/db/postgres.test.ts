import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTestPostgres, openTestPostgres } from '../testing/pg';
import type { CloudDatabase } from './database';

describe('the receiver on PostgreSQL when a connection dies', () => {
  let db: CloudDatabase;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const { url } = await findTestPostgres();
    ({ db, drop } = await openTestPostgres(url));
    await db.exec('CREATE TABLE kept (n integer)');
  });
  afterAll(() => drop());

  it('fails that transaction alone, leaves nothing half-written, and the next one runs', async () => {
    // The server ends the backend mid-transaction (a restart, a DBA's pg_terminate_backend): the
    // client in hand loses its socket. That must reject this transaction, not crash the process.
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO kept (n) VALUES (1)');
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200));
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO kept (n) VALUES (2)');
    });
    expect((await db.query<{ n: number }>('SELECT n FROM kept ORDER BY n')).rows).toEqual([{ n: 2 }]);
  });
});
