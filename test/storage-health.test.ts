import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

/**
 * A full disk and a read-only data folder (issue 11, "Errors and health"). The disk is filled for real:
 * SQLite's max_page_count caps the database at its current size, so the next write fails with SQLITE_FULL
 * exactly as on a full disk.
 */
describe('health of writes', () => {
  let hall: TestHall;
  beforeEach(async () => {
    hall = await startTestHall();
  });
  afterEach(async () => {
    await hall.stop();
  });

  const fillDisk = () => {
    const db = hall.server.db;
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  };

  it('reports the last failed write on /healthz, answers UNAVAILABLE without SQLite text, and recovers', async () => {
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    expect((await fetch(`${hall.server.url}/healthz`)).status).toBe(200);
    fillDisk();
    // Fill what free pages are left: the first takes may still fit.
    let answer: { ok: boolean; error?: { code: string; message: string } } = { ok: true };
    for (let i = 0; i < 200 && answer.ok; i++) answer = await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(JSON.stringify(answer)).not.toMatch(/SQLITE|disk|database/i);

    const health = await fetch(`${hall.server.url}/healthz`);
    expect(health.status).toBe(200); // the server answers: the shell's reachability probe stays online
    expect(await health.json()).toMatchObject({ ok: false, writes: { ok: false, lastFailure: { code: 'SQLITE_FULL' } } });

    // A login writes its session row: the sessions table's last page fills up after a few.
    const tryLogin = () =>
      fetch(`${hall.server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'zhangwei', password: 'demo1234' }),
      });
    let login = await tryLogin();
    for (let i = 0; i < 200 && login.status === 200; i++) login = await tryLogin();
    const text = await login.text();
    expect(login.status).toBe(503);
    expect(JSON.parse(text)).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: expect.any(String) } });
    expect(text).not.toMatch(/SQLITE|disk|database/i);

    hall.server.db.pragma('max_page_count = 1073741823');
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const back = await fetch(`${hall.server.url}/healthz`);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ ok: true, writes: { ok: true, lastFailure: { code: 'SQLITE_FULL' } } });
  });
});

describe('a data folder the hall cannot write', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'yichuang-ro-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the start with a message naming the folder and the fix, not a stack trace', () => {
    // Not root: a read-only folder. Root writes anywhere, and the checkout may be closed to other users
    // (a fresh clone in a 0700 folder), so as root the "folder" lies below a plain file: no one can create it.
    const asRoot = process.getuid?.() === 0;
    let data = path.join(dir, 'data');
    if (asRoot) {
      writeFileSync(path.join(dir, 'not-a-folder'), '');
      data = path.join(dir, 'not-a-folder', 'data');
    } else {
      mkdirSync(data);
      chmodSync(data, 0o555);
    }
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli.ts'), '--data', data, '--port', '0', '--key-file', path.join(dir, 'k.key')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LOG_LEVEL: 'silent', HOME: dir },
    });
    expect(run.status).toBe(4);
    expect(run.stderr).toContain(data);
    expect(run.stderr).toMatch(/chown|--data/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
