import { afterEach, describe, expect, it } from 'vitest';
import type { BatchEnvelope } from '../protocol/district';
import { makeCaseRecord } from '../server/sync/test-support/fixtures';
import { seeded } from '../server/sync/test-support/seeded';
import type { CloudDatabase, Queryable } from './db/database';
import { CLOUD_MIGRATIONS, migrate } from './db/migrations';
import { openSqlite } from './db/sqlite';
import { ingestBatch } from './ingest';
import { districtSummary, type DistrictSummary } from './summary';
import { findTestPostgres, openTestPostgres } from './testing/pg';

const pgServer = await findTestPostgres();

const backends = [
  { name: 'SQLite', open: async () => ({ db: openSqlite(':memory:') as CloudDatabase, done: async () => undefined }) },
  {
    name: 'PostgreSQL',
    open: async () => {
      const t = await openTestPostgres(pgServer.url);
      return { db: t.db, done: t.drop };
    },
  },
];

const HALLS = ['hall-a', 'hall-b', 'hall-c'];
const DATES = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-31'];

/**
 * The summary as it was computed before the rollup, straight from the cases: the reference the
 * rollup must agree with.
 */
async function summaryFromCases(db: Queryable, from: string, to: string): Promise<DistrictSummary> {
  const agg = `COUNT(DISTINCT ticket_id) AS tickets, COUNT(*) AS cases, SUM(wait_minutes) AS wait_sum,
    SUM(handling_minutes) AS handling_sum, COUNT(evaluation_level) AS rated,
    SUM(CASE WHEN evaluation_default = 1 THEN 1 ELSE 0 END) AS default_rated,
    SUM(CASE WHEN evaluation_level >= 3 THEN 1 ELSE 0 END) AS satisfied`;
  type Row = Record<string, number | string>;
  const days = await db.query<Row>(
    `SELECT hall_id, business_date, ${agg} FROM cases WHERE business_date >= $1 AND business_date <= $2
      GROUP BY hall_id, business_date`,
    [from, to],
  );
  const halls = await db.query<Row>(
    `SELECT hall_id, ${agg} FROM cases WHERE business_date >= $1 AND business_date <= $2 GROUP BY hall_id`,
    [from, to],
  );
  const fig = (r: Row) => {
    const cases = Number(r.cases);
    const rated = Number(r.rated);
    const r2 = (v: number, p: number) => Math.round(v * 10 ** p) / 10 ** p;
    return {
      hallId: String(r.hall_id),
      ticketsServed: Number(r.tickets),
      cases,
      avgWaitMinutes: r2(Number(r.wait_sum) / cases, 2),
      avgHandlingMinutes: r2(Number(r.handling_sum) / cases, 2),
      rated,
      defaultRated: Number(r.default_rated),
      satisfied: Number(r.satisfied),
      satisfactionRate: rated === 0 ? null : r2(Number(r.satisfied) / rated, 4),
    };
  };
  return {
    from,
    to,
    days: days.rows.map((r) => ({ date: String(r.business_date), ...fig(r) })),
    halls: halls.rows.map(fig),
  };
}

/** Both summaries in one order (collations differ between the backends; the figures must not). */
function sorted(s: DistrictSummary): DistrictSummary {
  const key = (x: { hallId: string; date?: string }) => `${x.date ?? ''} ${x.hallId}`;
  const by = <T extends { hallId: string; date?: string }>(a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return { ...s, days: [...s.days].sort(by), halls: [...s.halls].sort(by) };
}

type Rec = BatchEnvelope['records'][number];

/**
 * Random batches as halls send them, and worse: resends of whole batches, the same case again in a
 * later batch (sometimes with a newer or older evaluation), a case id reused with other content, two
 * cases on one ticket, evaluation updates newer and older than what is held, an evaluation before its
 * case, and records that fail their schema.
 */
function randomBatches(rnd: () => number, count: number): { hallId: string; batchId: string; records: Rec[] }[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const sent: { hallId: string; batchId: string; records: Rec[] }[] = [];
  const cases: { hallId: string; i: number; rec: ReturnType<typeof makeCaseRecord> }[] = [];
  let next = 0;
  let seq = 0;
  for (let b = 0; b < count; b++) {
    if (sent.length > 0 && rnd() < 0.15) {
      sent.push(pick(sent)); // the same batch again: its stored answer, nothing counted twice
      continue;
    }
    const hallId = pick(HALLS);
    const records: Rec[] = [];
    const n = 1 + Math.floor(rnd() * 12);
    for (let k = 0; k < n; k++) {
      const x = rnd();
      const own = cases.filter((c) => c.hallId === hallId);
      if (x < 0.55 || own.length === 0) {
        const i = next++;
        const level = rnd() < 0.3 ? undefined : 1 + Math.floor(rnd() * 5);
        const rec = makeCaseRecord(i, { hallId, businessDate: pick(DATES), ...(level ? { level } : {}) });
        // Quarter minutes add up exactly in binary, so both sums agree to the last bit.
        rec.waitMinutes = Math.floor(rnd() * 160) / 4;
        rec.handlingMinutes = Math.floor(rnd() * 80) / 4;
        if (rec.evaluation && rnd() < 0.3) rec.evaluation.isDefault = true;
        // Now and then a second case (办件) on the ticket of an earlier one of that hall and day.
        const sibling = own.find((c) => c.rec.businessDate === rec.businessDate);
        if (sibling && rnd() < 0.3) rec.ticketId = sibling.rec.ticketId;
        cases.push({ hallId, i, rec });
        if (rnd() < 0.1) records.push({ seq: ++seq, kind: 'evaluation', data: evaluationFor(rec, rnd) }); // before its case
        records.push({ seq: ++seq, kind: 'case', data: rec });
      } else if (x < 0.7) {
        const c = pick(own); // resent case, possibly with another evaluation
        const again = { ...c.rec, evaluation: rnd() < 0.5 ? c.rec.evaluation : evaluationFor(c.rec, rnd).evaluation };
        records.push({ seq: ++seq, kind: 'case', data: again });
      } else if (x < 0.75) {
        const c = pick(own); // same case id, other content
        records.push({ seq: ++seq, kind: 'case', data: { ...c.rec, waitMinutes: c.rec.waitMinutes + 1 } });
      } else if (x < 0.95) {
        records.push({ seq: ++seq, kind: 'evaluation', data: evaluationFor(pick(own).rec, rnd) });
      } else {
        records.push({ seq: ++seq, kind: 'case', data: { caseId: 'broken' } });
      }
    }
    sent.push({ hallId, batchId: `b${String(b).padStart(4, '0')}-${hallId}`, records });
  }
  return sent;
}

function evaluationFor(rec: ReturnType<typeof makeCaseRecord>, rnd: () => number) {
  // Times from well before to well after the case: some updates are older than what is held.
  const at = new Date(Date.parse(rec.completedAt) + Math.floor((rnd() - 0.3) * 4_000_000)).toISOString();
  return {
    caseId: rec.caseId,
    hallId: rec.hallId,
    evaluation: { level: 1 + Math.floor(rnd() * 5), comment: '', at, isDefault: rnd() < 0.2 },
  };
}

async function ingestAll(db: CloudDatabase, batches: ReturnType<typeof randomBatches>): Promise<void> {
  for (const b of batches) {
    await ingestBatch(db, { ...b, bodySha256: JSON.stringify(b.records).length.toString(16) + b.batchId, now: 1 });
  }
}

describe.each(backends)('the district rollup on $name', (backend) => {
  let done: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await done?.();
    done = null;
  });

  it.each([1, 2, 3])('answers the summary exactly as the cases do after random batches with resends (seed %i)', async (seed) => {
    const opened = await backend.open();
    done = opened.done;
    const { db } = opened;
    await migrate(db);
    await ingestAll(db, randomBatches(seeded(seed), 60));
    for (const [from, to] of [
      ['2026-03-01', '2026-03-31'],
      ['2026-03-02', '2026-03-03'],
      ['2026-03-04', '2026-03-30'],
    ] as const) {
      const fromRollup = await districtSummary(db, from, to);
      expect(sorted(fromRollup)).toEqual(sorted(await summaryFromCases(db, from, to)));
    }
    const month = await districtSummary(db, '2026-03-01', '2026-03-31');
    // The random batches did reach every path the rollup keeps.
    expect(month.halls.reduce((n, h) => n + h.cases, 0)).toBeGreaterThan(100);
    expect(month.days.some((d) => d.ticketsServed < d.cases)).toBe(true);
    expect(month.days.some((d) => d.defaultRated > 0)).toBe(true);
  });

  it('is built by its migration from the cases a previous release stored', async () => {
    const opened = await backend.open();
    done = opened.done;
    const { db } = opened;
    await migrate(db, CLOUD_MIGRATIONS.filter((m) => m.id === 1));
    // The previous release stored cases row by row; replay the same batches into a current schema
    // elsewhere and copy its cases, so the old schema holds realistic rows.
    const current = openSqlite(':memory:');
    await migrate(current);
    await ingestAll(current, randomBatches(seeded(7), 40));
    const rows = (await current.query<Record<string, unknown>>('SELECT * FROM cases')).rows;
    await current.close();
    const cols = Object.keys(rows[0]!);
    for (const r of rows) {
      await db.query(
        `INSERT INTO cases (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
        cols.map((c) => r[c]),
      );
    }
    expect(await migrate(db)).toEqual([2]);
    const month = ['2026-03-01', '2026-03-31'] as const;
    expect(sorted(await districtSummary(db, ...month))).toEqual(sorted(await summaryFromCases(db, ...month)));
    expect((await districtSummary(db, ...month)).halls.length).toBe(HALLS.length);
  });
});
