import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { choosePostgres, startEmbeddedPostgres } from './pg-server';

const tmp = mkdtempSync(path.join(tmpdir(), 'yichuang-pg-choice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** Nothing listens on port 1 of loopback. */
const DEAD = 'postgresql://yichuang@127.0.0.1:1/postgres';

async function query<T>(url: string, sql: string): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows[0] as T;
  } finally {
    await c.end();
  }
}

describe('the PostgreSQL the tests use', () => {
  it('refuses a YICHUANG_TEST_PG_URL that does not answer instead of testing another server', async () => {
    await expect(choosePostgres({ YICHUANG_TEST_PG_URL: DEAD }, path.join(tmp, 'none'))).rejects.toThrow(/does not answer/);
  });

  it('passes over a stale .ci/pg.env and starts one from npm, unless the given one is required', async () => {
    const stale = path.join(tmp, 'pg.env');
    writeFileSync(stale, `YICHUANG_TEST_PG_URL=${DEAD}\n`);
    await expect(choosePostgres({ YICHUANG_TEST_PG_REQUIRED: '1' }, stale)).rejects.toThrow(/REQUIRED/);
    const chosen = await choosePostgres({}, stale);
    try {
      expect(chosen.source).toBe('embedded');
      expect(chosen.url).toMatch(/^postgresql:\/\/yichuang@127\.0\.0\.1:\d+\/postgres$/);
      // A file naming the running server is taken as it is.
      writeFileSync(stale, `YICHUANG_TEST_PG_URL=${chosen.url}\n`);
      const again = await choosePostgres({}, stale);
      expect(again.source).toBe('pg.env');
      expect(again.url).toBe(chosen.url);
    } finally {
      await chosen.release();
    }
  });

  it('starts from npm on loopback, as an unprivileged user when root, and is gone after stop()', async () => {
    const server = await startEmbeddedPostgres();
    const row = await query<{ v: string; addr: string; superuser: string }>(
      server.url,
      "SELECT version() AS v, current_setting('listen_addresses') AS addr, current_setting('is_superuser') AS superuser",
    );
    expect(row.v).toContain(`PostgreSQL ${server.version}`);
    expect(row.addr).toBe('127.0.0.1');
    const owner = await query<{ setting: string }>(server.url, "SELECT setting FROM pg_settings WHERE name = 'data_directory'");
    if (process.getuid?.() === 0) {
      expect(statSync(owner.setting).uid).not.toBe(0);
      // The server runs from a copy inside its own folder: the unprivileged user need not reach
      // node_modules (a checkout under /root, or in a 0700 temp folder, is out of its reach).
      const pid = readFileSync(path.join(owner.setting, 'postmaster.pid'), 'utf8').split('\n')[0];
      expect(readlinkSync(`/proc/${pid}/exe`).startsWith(path.dirname(owner.setting) + path.sep)).toBe(true);
    }
    await server.stop();
    await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
    expect(existsSync(owner.setting)).toBe(false);
  });
});
