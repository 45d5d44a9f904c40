/**
 * `npm run bench`: the hall server's figures, each beside a floor measured in the same run on the same
 * machine, printed as JSON. See docs/benchmarks.md for what each figure means.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { buildServer, HALL_SERVER_NODE_FLAGS } from '../scripts/build-server';
import { runDistrictBench } from './district';
import { runPagesBench } from './pages';
import { runPrintingBench } from './printing';
import { nearestRank, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const KIOSK = 'demo-kiosk-1-7d3f9c2a41';
const DISPLAY = 'demo-display-main-c4f8a1b372';
const DAY_TICKETS = Number(process.env.BENCH_DAY_TICKETS ?? 20_000);
const DISPLAYS = Number(process.env.BENCH_DISPLAYS ?? 300);
const SAMPLE = 2_000;
/** Takes before the first timed sample, not timed. */
const WARM_UP = 500;
/** Calls timed, on the hall and on the bare broadcast alike (`BENCH_CALL_ROUNDS`). */
const CALL_ROUNDS = Number(process.env.BENCH_CALL_ROUNDS ?? 50);
/** `BENCH_CPU_PROFILE=<dir>`: a CPU profile of the hall server during the call part, written there. */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
/** `BENCH_PARTS=hall,estimates,sync,pages,printing,district`: only these parts (all when unset). */
const PARTS = process.env.BENCH_PARTS?.split(',').map((p) => p.trim());
const part = (name: string) => !PARTS || PARTS.includes(name);

/**
 * The children run bundled, as `npm start` runs the hall server: plain JavaScript under Node, no
 * TypeScript loader. Returns the bundle's path (under dist/, where the packages resolve as in production).
 */
async function bundled(script: string): Promise<string> {
  const outfile = path.join('dist', script.replace(/\.ts$/, '.mjs'));
  await buildServer(script, outfile);
  return path.join(ROOT, outfile);
}

function child(file: string, args: string[], flags: string[] = []): Promise<{ proc: ChildProcess; url: string; startedMs: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...flags, file, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  children.add(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1]!, startedMs: performance.now() - t0 });
    });
    proc.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

function usage(proc: ChildProcess): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as Record<string, number>));
    proc.send('usage');
  });
}

/** Starts (first call) or stops and writes (second call) the child's CPU profile. */
function profileChild(proc: ChildProcess, to: string): Promise<void> {
  return new Promise((resolve) => {
    proc.once('message', () => resolve());
    proc.send({ profile: to });
  });
}

/** The CPU time (user + system, ms) the child has used so far. */
function cpuMs(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.once('message', (m) => resolve((m as { cpuMs: number }).cpuMs));
    proc.send('cpu');
  });
}

function socket(url: string, token?: string): Promise<Socket> {
  const s = connect(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    if (token) s.once('hall:snapshot', () => resolve(s));
    else s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

let seq = 0;
const rid = () => `bench-${process.pid}-${(seq++).toString(36).padStart(8, '0')}`;

/** Tickets per second through socket → validation → domain → transaction → ack, `inFlight` at a time. */
async function takeRate(kiosks: Socket[], count: number, inFlight = 32): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  async function lane(k: Socket) {
    while (next < count) {
      next++;
      const r = await k.emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'] });
      if (!r.ok) throw new Error(`take refused: ${JSON.stringify(r.error)}`);
    }
  }
  await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(kiosks[i % kiosks.length]!)));
  return Math.round(count / ((performance.now() - t0) / 1000));
}

/**
 * A timed sample of `SAMPLE` takes: tickets per second, and the hall server's own CPU per take (ms),
 * steadier than the rate, which swings with the disk's flushes.
 */
async function takeSample(proc: ChildProcess, kiosks: Socket[]): Promise<[number, number]> {
  const before = await cpuMs(proc);
  const rate = await takeRate(kiosks, SAMPLE);
  return [rate, Math.round((((await cpuMs(proc)) - before) / SAMPLE) * 1000) / 1000];
}

/** The floor for durable commits: bare single-row inserts, one transaction each, synchronous=FULL. */
function bareCommitRate(dir: string, count: number, name: string): number {
  const db = new Database(path.join(dir, `${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const tx = db.transaction((v: string) => insert.run(v));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) tx(`row ${i}`);
  const rate = Math.round(count / ((performance.now() - t0) / 1000));
  db.close();
  return rate;
}

function percentile(xs: number[], p: number): number {
  return round(nearestRank(xs, p / 100), 2);
}

/** ms from a trigger to the `call` arriving at every display, over `rounds` calls. */
async function fanOut(displays: Socket[], trigger: () => Promise<void>, rounds: number, prepare?: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  const lat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Whatever must happen before the call (completing the previous ticket) is not timed.
    await prepare?.();
    await new Promise((r) => setTimeout(r, 20));
    let got = 0;
    const t0 = performance.now();
    const all = new Promise<void>((resolve) => {
      for (const d of displays) {
        d.once('call', () => {
          lat.push(performance.now() - t0);
          if (++got === displays.length) resolve();
        });
      }
    });
    await trigger();
    await all;
  }
  return { p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo1234' }) });
  return ((await res.json()) as { token: string }).token;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function hallBench(dir: string) {
  const out: Record<string, number> = {};
  const hallChild = await bundled('bench/hall-child.ts');
  const bareChild = await bundled('bench/bare-broadcast-child.ts');
  let hall = await child(hallChild, [dir], HALL_SERVER_NODE_FLAGS);
  const kiosks = await Promise.all([0, 1, 2, 3].map(() => socket(hall.url, KIOSK)));
  // A server that has just started compiles its code on the first commands: warm it up first, as a hall
  // server is by the time the doors open (the floor has nothing to compile).
  await takeRate(kiosks, WARM_UP);
  out.bareCommitsPerSec = bareCommitRate(dir, SAMPLE, 'bare-before');
  const takeProfileTo = CPU_PROFILE_DIR ? path.resolve(CPU_PROFILE_DIR, `hall-take-${Date.now()}.cpuprofile`) : null;
  if (takeProfileTo) await profileChild(hall.proc, takeProfileTo);
  [out.ticketsPerSecEmptyDay, out.hallServerCpuMsPerTakeEmptyDay] = await takeSample(hall.proc, kiosks);
  if (takeProfileTo) await profileChild(hall.proc, takeProfileTo);
  await takeRate(kiosks, Math.max(0, DAY_TICKETS - 2 * SAMPLE - WARM_UP));
  const fullProfileTo = CPU_PROFILE_DIR ? path.resolve(CPU_PROFILE_DIR, `hall-take-full-${Date.now()}.cpuprofile`) : null;
  if (fullProfileTo) await profileChild(hall.proc, fullProfileTo);
  [out.ticketsPerSecAt20k, out.hallServerCpuMsPerTakeAt20k] = await takeSample(hall.proc, kiosks);
  if (fullProfileTo) await profileChild(hall.proc, fullProfileTo);
  out.bareCommitsPerSecAfter = bareCommitRate(dir, SAMPLE, 'bare-after');

  // Call fan-out to 300 displays, against a bare socket.io broadcast of the same payload.
  const clerk = await socket(hall.url, await login(hall.url, 'zhangwei'));
  await clerk.emitWithAck('window:signIn', { requestId: rid(), windowId: 'w01' });
  const displays = await Promise.all(Array.from({ length: DISPLAYS }, () => socket(hall.url, DISPLAY)));
  let current: string | null = null;
  const profileTo = CPU_PROFILE_DIR ? path.resolve(CPU_PROFILE_DIR, `hall-call-${Date.now()}.cpuprofile`) : null;
  if (profileTo) await profileChild(hall.proc, profileTo);
  // The pushes that carry a call to a display (`call`, and the feed's copy where it is sent) have the
  // call's seq: count them by seq, then read the calls' seqs (a push may arrive before the clerk's answer).
  const callSeqs: number[] = [];
  const pushesBySeq = new Map<number, number>();
  for (const d of displays) {
    d.onAny((name: string, push: unknown) => {
      if (name !== 'call' && name !== 'hall:event') return;
      if (push && typeof push === 'object' && 'seq' in push && typeof push.seq === 'number') pushesBySeq.set(push.seq, (pushesBySeq.get(push.seq) ?? 0) + 1);
    });
  }
  const cpuBefore = await cpuMs(hall.proc);
  const call = await fanOut(
    displays,
    async () => {
      const r = await clerk.emitWithAck('window:callNext', { requestId: rid() });
      current = r.ticket.id;
      callSeqs.push(r.seq);
    },
    CALL_ROUNDS,
    async () => {
      if (current) await clerk.emitWithAck('ticket:complete', { requestId: rid(), ticketId: current, outcome: 'done', serviceIds: ['svc-sscard'] });
    },
  );
  // The hall server's CPU for a round: the call, the completion before it, and whatever runs behind them
  // (the estimate batches, the admin drain, the counts); the displays' last pushes are in by now.
  await new Promise((r) => setTimeout(r, 200));
  out.hallServerCpuMsPerCallRound = Math.round(((await cpuMs(hall.proc)) - cpuBefore) / CALL_ROUNDS * 100) / 100;
  const perCall = callSeqs.reduce((n, seq) => n + (pushesBySeq.get(seq) ?? 0), 0);
  out.displayPushesPerCall = Math.round((perCall / (callSeqs.length * displays.length)) * 100) / 100;
  if (profileTo) await profileChild(hall.proc, profileTo);
  out.callToAllDisplaysP50Ms = call.p50;
  out.callToAllDisplaysP99Ms = call.p99;
  Object.assign(out, prefix('hallServer', await usage(hall.proc)));
  for (const s of [...kiosks, ...displays, clerk]) s.disconnect();

  const bare = await child(bareChild, []);
  const bareDisplays = await Promise.all(Array.from({ length: DISPLAYS }, () => socket(bare.url)));
  const trigger = await socket(bare.url);
  const payload = { ticketId: 'x', number: 'A023', windowId: 'w05', windowNumber: 5, windowName: '5号综合窗口', at: Date.now(), recall: false, seq: 1 };
  const floor = await fanOut(bareDisplays, async () => void (await trigger.emitWithAck('go', payload)), CALL_ROUNDS);
  out.bareBroadcastP50Ms = floor.p50;
  out.bareBroadcastP99Ms = floor.p99;
  for (const s of [...bareDisplays, trigger]) s.disconnect();
  await stop(bare.proc);

  // Restart on a busy day's database, then 300 displays reconnecting at once.
  await stop(hall.proc);
  hall = await child(hallChild, [dir], HALL_SERVER_NODE_FLAGS);
  out.startOnBusyDayMs = Math.round(hall.startedMs);
  const t0 = performance.now();
  const back = await Promise.all(Array.from({ length: DISPLAYS }, () => socket(hall.url, DISPLAY)));
  out.reconnect300DisplaysMs = Math.round(performance.now() - t0);
  out.displaySnapshotBytesOnBusyDay = await new Promise<number>((resolve) => {
    back[0]!.emit('hall:resync', {}, (r: { snapshot: unknown }) => resolve(Buffer.byteLength(JSON.stringify(r.snapshot))));
  });
  Object.assign(out, prefix('hallServerAfterRestart', await usage(hall.proc)));
  for (const s of back) s.disconnect();
  await stop(hall.proc);
  return out;
}

function prefix(p: string, o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-bench-'));
  const results: Record<string, unknown> = { machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, dayTickets: DAY_TICKETS, displays: DISPLAYS };
  try {
    if (part('hall')) results.hall = await hallBench(dir);
    if (part('estimates')) Object.assign(results, await (await import('./estimates')).runEstimatesBench());
    // The cloud sync figures, where that benchmark exists.
    const syncBench = path.join(ROOT, 'bench/sync.ts');
    if (part('sync') && existsSync(syncBench)) {
      const mod = (await import(syncBench)) as { runSyncBench?: () => Promise<Record<string, number>> };
      if (mod.runSyncBench) results.sync = await mod.runSyncBench();
    }
    // The terminals in Chromium, a tap to paper, the district receiver at scale (each its own file).
    if (part('pages')) results.pages = await runPagesBench();
    if (part('printing')) results.printing = await runPrintingBench();
    if (part('district')) results.district = await runDistrictBench();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
