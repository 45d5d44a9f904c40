import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { choosePostgres, looseClient, PG_ENV_FILE } from '../cloud/testing/pg-server';
import { signedBatch, type SignedRequest } from '../cloud/testing/requests';
import { makeCaseRecord } from '../server/sync/test-support/fixtures';
import { benchHallKeys } from './district-halls';
import { runAlone } from './run-alone';
import { nearestRank, round } from './stats';

/**
 * The district receiver on PostgreSQL at district scale: `HALLS` halls each sending a busy day of
 * `RECORDS` case records at once, each hall one batch of 200 (the hall's default) after another, as
 * its sender does. Records stored per second, bytes on the wire, then the district summary's answer
 * time over the month at that size. The receiver runs in its own process; PostgreSQL is the one the
 * tests use (YICHUANG_TEST_PG_URL, .ci/pg.env) or one from npm started here with PostgreSQL's own
 * durable defaults. `npx tsx bench/district.ts` prints the figures; `npm run bench` calls
 * `runDistrictBench()`.
 */
export const SUMMARY_BUDGET_MS = 200;
const HALLS = Number(process.env.BENCH_DISTRICT_HALLS ?? 200);
const RECORDS = Number(process.env.BENCH_DISTRICT_RECORDS ?? 5_000);
const BATCH = 200;
const SUMMARIES = 20;
const DAY = '2026-03-02';
const MONTH = { from: '2026-02-01', to: DAY };
const ROOT = path.resolve(import.meta.dirname, '..');

function startReceiver(url: string, schema: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/district-child.ts'), url, schema, String(HALLS)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.once('exit', (code) => reject(new Error(`district-child exited with ${code}`)));
  });
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

function percentile(xs: number[], p: number): number {
  return round(nearestRank(xs, p / 100), 1);
}

/** One hall's busy day as its sender would batch it: signed, gzip, 200 records a batch. */
function hallBatches(hallId: string, key: string): SignedRequest[] {
  const batches: SignedRequest[] = [];
  for (let start = 0; start < RECORDS; start += BATCH) {
    const records = [];
    for (let i = start; i < Math.min(RECORDS, start + BATCH); i++) {
      // Four in five cases rated, every level present, as a hall's day looks.
      const level = i % 5 === 4 ? undefined : (i % 5) + 2;
      records.push({ seq: i + 1, kind: 'case', data: makeCaseRecord(i, { hallId, businessDate: DAY, ...(level ? { level } : {}) }) });
    }
    batches.push(signedBatch(records, { hallId, key }));
  }
  return batches;
}

async function send(base: string, req: SignedRequest): Promise<number> {
  const res = await fetch(`${base}${req.url}`, { method: req.method, headers: req.headers, body: req.payload });
  const body = (await res.json()) as { ok: boolean; accepted?: number[]; rejected?: unknown[] };
  if (!res.ok || !body.ok || (body.rejected?.length ?? 0) > 0) throw new Error(`batch refused (${res.status}): ${JSON.stringify(body).slice(0, 300)}`);
  return body.accepted?.length ?? 0;
}

export async function runDistrictBench(): Promise<Record<string, number | string>> {
  const server = await choosePostgres(process.env, PG_ENV_FILE, { durable: true });
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = looseClient(server.url);
  let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
  try {
    await admin.connect();
    const setting = async (name: string) => ((await admin.query(`SELECT current_setting($1) AS v`, [name])).rows[0] as { v: string }).v;
    const out: Record<string, number | string> = {
      districtPostgres: `${server.source}, PostgreSQL ${await setting('server_version')}, fsync ${await setting('fsync')}, synchronous_commit ${await setting('synchronous_commit')}`,
      districtHalls: HALLS,
      districtRecordsPerHall: RECORDS,
    };
    receiver = await startReceiver(server.url, schema);

    // Signed and compressed before the clock starts: the halls' own work is not the receiver's.
    const halls = [...benchHallKeys(HALLS).values()].map((h) => hallBatches(h.hallId, h.key));
    out.districtBytesOnWire = halls.flat().reduce((n, r) => n + r.payload.length, 0);

    const t0 = performance.now();
    const accepted = await Promise.all(
      halls.map(async (batches) => {
        let n = 0;
        for (const b of batches) n += await send(receiver!.url, b);
        return n;
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const stored = Number(((await admin.query(`SELECT COUNT(*) AS n FROM "${schema}".cases`)).rows[0] as { n: string }).n);
    if (stored !== HALLS * RECORDS || accepted.reduce((a, b) => a + b, 0) !== stored) {
      throw new Error(`stored ${stored} of ${HALLS * RECORDS} records`);
    }
    out.districtRecordsStored = stored;
    out.districtSeconds = Math.round(seconds * 10) / 10;
    out.districtRecordsPerSec = Math.round(stored / seconds);

    // The district summary over the month, as a dashboard asks for it, at that size.
    const times: number[] = [];
    for (let i = 0; i < SUMMARIES; i++) {
      const s0 = performance.now();
      const res = await fetch(`${receiver.url}/api/v1/districts/summary?from=${MONTH.from}&to=${MONTH.to}`);
      const body = (await res.json()) as { ok: boolean; halls: { cases: number }[] };
      times.push(performance.now() - s0);
      if (!body.ok || body.halls.length !== HALLS || body.halls.reduce((n, h) => n + h.cases, 0) !== stored) throw new Error('summary does not add up');
    }
    out.districtSummaryP50Ms = percentile(times, 50);
    out.districtSummaryP95Ms = percentile(times, 95);
    out.districtSummaryBudgetMs = SUMMARY_BUDGET_MS;
    return out;
  } finally {
    if (receiver) await stop(receiver.proc);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    await server.release();
  }
}

runAlone(import.meta.url, runDistrictBench);
