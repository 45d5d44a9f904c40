import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_HALL_ID, TEST_HALL_KEY, makeCaseRecord, makeEvaluationUpdate } from '../server/sync/test-support/fixtures';
import { HEADERS, MAX_BATCH_RECORDS } from '../protocol/district';
import type { CloudDatabase } from './db/database';
import { MAX_INFLATED_BYTES } from './batch-route';
import { migrate } from './db/migrations';
import { openSqlite } from './db/sqlite';
import { createCloudServer } from './server';
import { findTestPostgres, openTestPostgres } from './testing/pg';
import { signedBatch, signedRaw, type RawRecord } from './testing/requests';

// The run's PostgreSQL: given (YICHUANG_TEST_PG_URL, .ci/pg.env) or started from npm; never skipped.
const pgServer = await findTestPostgres();

interface Backend {
  name: string;
  open(): Promise<{ db: CloudDatabase; done(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'SQLite',
    async open() {
      const db = openSqlite(':memory:');
      return { db, done: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const t = await openTestPostgres(pgServer.url);
      return { db: t.db, done: t.drop };
    },
  },
];

const SUMMARY_TOKEN = 'district-summary-token-0123';
const caseRec = (i: number, over: Record<string, unknown> = {}): RawRecord => ({
  seq: i + 1,
  kind: 'case',
  data: { ...makeCaseRecord(i), ...over },
});

describe.each(backends)('district receiver on $name', (backend) => {
  let db: CloudDatabase;
  let done: () => Promise<void>;
  let app: FastifyInstance;

  beforeEach(async () => {
    ({ db, done } = await backend.open());
    await migrate(db);
    app = await createCloudServer({
      db,
      halls: new Map([
        [TEST_HALL_ID, { hallId: TEST_HALL_ID, key: TEST_HALL_KEY }],
        ['hall-other', { hallId: 'hall-other', key: 'another-hall-key-0123456789' }],
      ]),
      summaryToken: SUMMARY_TOKEN,
    });
  });
  afterEach(async () => {
    await app.close();
    await done();
  });

  const count = async () => Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM cases')).rows[0]?.n);

  it('stores a valid batch and accepts every record', async () => {
    const res = await app.inject(signedBatch([caseRec(0), caseRec(1), caseRec(2)]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, accepted: [1, 2, 3], rejected: [], replayed: false });
    expect(await count()).toBe(3);
  });

  it('stores a batch whose gzip is too large to inflate on the event loop', async () => {
    // Comments of random text do not compress: about 400 KB of gzip, past the 256 KiB inflated inline.
    const records = Array.from({ length: 1000 }, (_, i) =>
      caseRec(i, { evaluation: { level: 5, comment: randomBytes(375).toString('base64'), at: '2026-03-02T02:00:00Z', isDefault: false } }),
    );
    const req = signedBatch(records);
    expect(req.payload.length).toBeGreaterThan(256 * 1024);
    const res = await app.inject(req);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, rejected: [] });
    expect(await count()).toBe(1000);
  });

  it('answers the same batch twice with the stored answer and stores it once', async () => {
    const req = signedBatch([caseRec(0), caseRec(1)]);
    const first = (await app.inject(req)).json();
    const again = await app.inject({ ...req, headers: { ...req.headers } });
    expect(again.json()).toEqual({ ...first, replayed: true });
    expect(await count()).toBe(2);
    const b = await db.query<{ replays: number; stored_count: number }>('SELECT replays, stored_count FROM batches');
    expect(b.rows).toEqual([{ replays: 1, stored_count: 2 }]);
  });

  it('stores a batch once when two copies arrive at the same time', async () => {
    const req = signedBatch(Array.from({ length: 20 }, (_, i) => caseRec(i)));
    const [a, b] = await Promise.all([app.inject(req), app.inject(req)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().replayed, b.json().replayed].sort()).toEqual([false, true]);
    expect(a.json().accepted).toEqual(b.json().accepted);
    expect(await count()).toBe(20);
  });

  it('stores a case once when another batch carries it again, and accepts it both times', async () => {
    await app.inject(signedBatch([caseRec(0), caseRec(1)]));
    const res = await app.inject(signedBatch([caseRec(1), caseRec(2)]));
    expect(res.json()).toMatchObject({ accepted: [2, 3], rejected: [] });
    expect(await count()).toBe(3);
  });

  it('refuses a batch id seen before with other content', async () => {
    const batchId = signedBatch([caseRec(0)]).headers[HEADERS.batchId]!;
    const body = (records: RawRecord[]) =>
      JSON.stringify({ format: 'yichuang.case-batch.v1', hallId: TEST_HALL_ID, batchId, records });
    expect((await app.inject(signedRaw(body([caseRec(0)]), { batchId }))).statusCode).toBe(200);
    const res = await app.inject(signedRaw(body([caseRec(5)]), { batchId }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'BATCH_CONFLICT' } });
    expect(await count()).toBe(1);
  });

  it('rejects one bad record with its reason and accepts the rest', async () => {
    const res = await app.inject(
      signedBatch([
        caseRec(0),
        caseRec(1, { applicantPhoneMasked: '13812345678' }),
        caseRec(2, { hallId: 'hall-other' }),
        { seq: 4, kind: 'complaint', data: {} },
        caseRec(4),
      ]),
    );
    const body = res.json();
    expect(body.accepted).toEqual([1, 5]);
    expect(body.rejected.map((r: { seq: number; code: string }) => [r.seq, r.code])).toEqual([
      [2, 'INVALID_RECORD'],
      [3, 'HALL_MISMATCH'],
      [4, 'UNKNOWN_KIND'],
    ]);
    expect(body.rejected[0].message).toContain('applicantPhoneMasked');
    expect(await count()).toBe(2);
    const logged = await db.query('SELECT seq FROM rejections ORDER BY seq');
    expect(logged.rows).toHaveLength(3);
  });

  it('rejects a case id seen before with other content, keeping the first', async () => {
    await app.inject(signedBatch([caseRec(0)]));
    const res = await app.inject(signedBatch([{ ...caseRec(0, { waitMinutes: 99 }), seq: 7 }]));
    expect(res.json()).toMatchObject({ accepted: [], rejected: [{ seq: 7, code: 'CASE_CONFLICT' }] });
    const row = await db.query<{ wait_minutes: number }>('SELECT wait_minutes FROM cases');
    expect(row.rows[0]?.wait_minutes).toBe(10);
  });

  it('applies an evaluation update to its case once, and never lets an older one overwrite it', async () => {
    await app.inject(signedBatch([caseRec(0)]));
    const upd = makeEvaluationUpdate(0, 5);
    const older = { ...upd, evaluation: { ...upd.evaluation, level: 1, at: '2026-03-02T00:00:00Z' } };
    const res = await app.inject(
      signedBatch([
        { seq: 2, kind: 'evaluation', data: upd },
        { seq: 3, kind: 'evaluation', data: upd },
        { seq: 4, kind: 'evaluation', data: older },
      ]),
    );
    expect(res.json()).toMatchObject({ accepted: [2, 3, 4], rejected: [] });
    const row = await db.query('SELECT evaluation_level, evaluation_comment FROM cases');
    expect(row.rows).toEqual([{ evaluation_level: 5, evaluation_comment: '办事很快' }]);
  });

  it('rejects an evaluation for a case it never received', async () => {
    const res = await app.inject(signedBatch([{ seq: 1, kind: 'evaluation', data: makeEvaluationUpdate(3, 4) }]));
    expect(res.json()).toMatchObject({ accepted: [], rejected: [{ seq: 1, code: 'UNKNOWN_CASE' }] });
  });

  it.each([
    ['an unknown hall', () => signedBatch([caseRec(0)], { hallId: 'hall-nowhere' }), 401, 'UNKNOWN_HALL'],
    ['a wrong key', () => signedBatch([caseRec(0)], { key: 'not-the-hall-key-0123' }), 401, 'BAD_SIGNATURE'],
    ['a stale timestamp', () => signedBatch([caseRec(0)], { now: Date.now() - 10 * 60_000 }), 401, 'STALE_TIMESTAMP'],
    ['a timestamp from the future', () => signedBatch([caseRec(0)], { now: Date.now() + 10 * 60_000 }), 401, 'STALE_TIMESTAMP'],
    [
      'a body changed after signing',
      () => {
        const r = signedBatch([caseRec(0)]);
        return { ...r, payload: Buffer.from(signedBatch([caseRec(1)]).payload) };
      },
      401,
      'BAD_SIGNATURE',
    ],
    [
      'a missing signature',
      () => {
        const r = signedBatch([caseRec(0)]);
        const { [HEADERS.signature]: _s, ...headers } = r.headers;
        return { ...r, headers };
      },
      400,
      'BAD_REQUEST',
    ],
    ['a body that is not gzip', () => signedRaw(Buffer.from('not gzip'), { gzip: false, encoding: 'gzip' }), 400, 'BAD_REQUEST'],
    ['an unknown encoding', () => signedRaw('{}', { gzip: false, encoding: 'br' }), 415, 'UNSUPPORTED_ENCODING'],
    [
      // A few tens of KB on the wire, inflated on the event loop: the cap holds there too.
      'a small gzip body that inflates past 64 MiB',
      () => signedRaw(gzipSync(Buffer.alloc(MAX_INFLATED_BYTES + 1, 32), { level: 9 }), { gzip: false, encoding: 'gzip' }),
      413,
      'BATCH_TOO_LARGE',
    ],
    [
      'a large body that is not gzip',
      () => signedRaw(randomBytes(512 * 1024), { gzip: false, encoding: 'gzip' }),
      400,
      'BAD_REQUEST',
    ],
    ['a body that is not JSON', () => signedRaw('{"format":'), 400, 'BAD_REQUEST'],
    ['a wrong format', () => signedRaw(JSON.stringify({ format: 'x', hallId: TEST_HALL_ID, batchId: 'a'.repeat(32), records: [] })), 400, 'BAD_REQUEST'],
    [
      'another hall in the body',
      () =>
        signedRaw(
          JSON.stringify({ format: 'yichuang.case-batch.v1', hallId: 'hall-other', batchId: 'a'.repeat(32), records: [caseRec(0)] }),
        ),
      400,
      'HALL_MISMATCH',
    ],
    [
      'another batch id in the body',
      () =>
        signedRaw(
          JSON.stringify({ format: 'yichuang.case-batch.v1', hallId: TEST_HALL_ID, batchId: 'b'.repeat(32), records: [caseRec(0)] }),
        ),
      400,
      'BATCH_ID_MISMATCH',
    ],
    [
      'duplicate seqs',
      () =>
        signedRaw(
          JSON.stringify({ format: 'yichuang.case-batch.v1', hallId: TEST_HALL_ID, batchId: 'a'.repeat(32), records: [caseRec(0), caseRec(0)] }),
        ),
      400,
      'BAD_REQUEST',
    ],
    [
      'too many records',
      () => signedBatch(Array.from({ length: MAX_BATCH_RECORDS + 1 }, (_, i) => caseRec(i))),
      413,
      'BATCH_TOO_LARGE',
    ],
  ] as const)('refuses %s and stores nothing', async (_name, make, status, code) => {
    const res = await app.inject(make());
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ ok: false, error: { code, message: expect.any(String) } });
    expect(await count()).toBe(0);
    expect((await db.query('SELECT * FROM batches')).rows).toHaveLength(0);
  });

  it('sums up per hall per day: tickets, average wait and handling, 满意率 over rated cases', async () => {
    const recs: RawRecord[] = [
      caseRec(0, { waitMinutes: 10, handlingMinutes: 4, evaluation: { level: 5, comment: '', at: '2026-03-02T03:00:00Z', isDefault: false } }),
      caseRec(1, { waitMinutes: 20, handlingMinutes: 6, evaluation: { level: 2, comment: '慢', at: '2026-03-02T03:00:00Z', isDefault: false } }),
      caseRec(2, { waitMinutes: 30, handlingMinutes: 8, evaluation: { level: 3, comment: '', at: '2026-03-02T03:00:00Z', isDefault: true } }),
      caseRec(3, { waitMinutes: 40, handlingMinutes: 2 }),
      caseRec(4, { businessDate: '2026-03-03', waitMinutes: 7, handlingMinutes: 7 }),
      caseRec(5, { businessDate: '2026-04-01' }),
    ];
    await app.inject(signedBatch(recs));
    const auth = { authorization: `Bearer ${SUMMARY_TOKEN}` };
    const res = await app.inject({ url: '/api/v1/districts/summary?from=2026-03-01&to=2026-03-31', headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.days).toEqual([
      {
        date: '2026-03-02',
        hallId: TEST_HALL_ID,
        ticketsServed: 4,
        cases: 4,
        avgWaitMinutes: 25,
        avgHandlingMinutes: 5,
        rated: 3,
        defaultRated: 1,
        satisfied: 2,
        satisfactionRate: 0.6667,
      },
      {
        date: '2026-03-03',
        hallId: TEST_HALL_ID,
        ticketsServed: 1,
        cases: 1,
        avgWaitMinutes: 7,
        avgHandlingMinutes: 7,
        rated: 0,
        defaultRated: 0,
        satisfied: 0,
        satisfactionRate: null,
      },
    ]);
    expect(body.halls).toEqual([expect.objectContaining({ hallId: TEST_HALL_ID, cases: 5, rated: 3, avgWaitMinutes: 21.4 })]);
  });

  it.each([
    ['no token', {}, '?from=2026-03-01&to=2026-03-02', 401, 'UNAUTHENTICATED'],
    ['a wrong token', { authorization: 'Bearer nope' }, '?from=2026-03-01&to=2026-03-02', 401, 'UNAUTHENTICATED'],
    ['a date that does not exist', { authorization: `Bearer ${SUMMARY_TOKEN}` }, '?from=2026-02-30&to=2026-03-02', 400, 'BAD_REQUEST'],
    ['from after to', { authorization: `Bearer ${SUMMARY_TOKEN}` }, '?from=2026-03-05&to=2026-03-02', 400, 'BAD_REQUEST'],
    ['more than a year', { authorization: `Bearer ${SUMMARY_TOKEN}` }, '?from=2025-01-01&to=2026-03-02', 400, 'BAD_REQUEST'],
  ] as const)('refuses a summary request with %s', async (_n, headers, query, status, code) => {
    const res = await app.inject({ url: `/api/v1/districts/summary${query}`, headers });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ ok: false, error: { code } });
  });

  it('answers unknown routes with NOT_FOUND in the one error shape', async () => {
    const res = await app.inject({ url: '/api/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});

describe('receiver migrations', () => {
  it('apply once on an empty database and are skipped the second time', async () => {
    const db = openSqlite(':memory:');
    expect(await migrate(db)).toEqual([1, 2]);
    expect(await migrate(db)).toEqual([]);
    await db.close();
  });
});

