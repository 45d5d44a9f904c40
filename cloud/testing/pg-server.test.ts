import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { choosePostgres, looseClient, startEmbeddedPostgres } from './pg-server';

const tmp = mkdtempSync(path.join(tmpdir(), 'yichuang-pg-choice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** Nothing listens on port 1 of loopback. */
const DEAD = 'postgresql://yichuang@127.0.0.1:1/postgres';

async function query<T>(url: string, sql: string): Promise<T> {
  const c = looseClient(url);
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
    let stopped = false;
    try {
      const row = await query<{ v: string; addr: string }>(server.url, "SELECT version() AS v, current_setting('listen_addresses') AS addr");
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
      stopped = true;
      await expect(query(server.url, 'SELECT 1')).rejects.toThrow();
      expect(existsSync(owner.setting)).toBe(false);
    } finally {
      if (!stopped) await server.stop();
    }
  });

  it('does not outlive a process that dies without stopping it', async () => {
    // A child process starts a server and is killed with SIGKILL: no handler of its own runs.
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(import.meta.dirname, 'pg-server.ts'))};
const s = await startEmbeddedPostgres();
process.stdout.write(s.url + '\\n');
setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const { setting: dataDir } = await query<{ setting: string }>(url, "SELECT setting FROM pg_settings WHERE name = 'data_directory'");
    child.kill('SIGKILL');
    await expect.poll(() => query(url, 'SELECT 1').then(() => 'up', () => 'down'), { timeout: 15_000, interval: 200 }).toBe('down');
    await expect.poll(() => existsSync(path.dirname(dataDir)), { timeout: 15_000, interval: 200 }).toBe(false);
  });
});
