import type { z } from 'zod';
import {
  caseEvaluationUpdateSchema,
  caseRecordSchema,
  type CaseEvaluationUpdate,
  type CaseRecord,
} from '../protocol/case-record';
import type { BatchEnvelope, BatchReply, RecordRejection } from '../protocol/district';
import type { Queryable, CloudDatabase } from './db/database';
import { recordRejectionMessage, type RecordRejectionCode } from '../protocol/district-errors';
import { CloudError } from './errors';
import { chunks, RollupDeltas } from './rollup';

/** A batch that passed the signature and envelope checks. */
export interface IngestInput {
  hallId: string;
  batchId: string;
  /** SHA-256 of the decompressed body: the same batch id with other content is a conflict. */
  bodySha256: string;
  records: BatchEnvelope['records'];
  now: number;
}

type RecordResult = { status: 'stored' | 'duplicate' } | { status: 'rejected'; code: RecordRejectionCode; detail: string };

type Evaluation = NonNullable<CaseRecord['evaluation']>;

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`)
    .join('; ')
    .slice(0, 1000);
}

function reject(code: RecordRejectionCode, detail = ''): RecordResult {
  return { status: 'rejected', code, detail };
}

/** An evaluation as a case row holds it. */
interface HeldEvaluation {
  level: number;
  isDefault: boolean;
  comment: string;
  atMs: number;
}

/** What the batch knows of one stored case: its document, its day and its evaluation. */
interface KnownCase {
  doc: string;
  date: string;
  evaluation: HeldEvaluation | null;
  /** The evaluation changed in this batch and must be written back. */
  dirty: boolean;
}

/** A record of the batch after its schema and hall checks, in the batch's order. */
type Parsed =
  | { kind: 'case'; seq: number; rec: CaseRecord; doc: string }
  | { kind: 'evaluation'; seq: number; upd: CaseEvaluationUpdate }
  | { kind: 'rejected'; seq: number; code: RecordRejectionCode; detail: string };

const held = (ev: Evaluation): HeldEvaluation => ({
  level: ev.level,
  isDefault: ev.isDefault,
  comment: ev.comment,
  atMs: Date.parse(ev.at),
});

function parseRecord(input: IngestInput, r: BatchEnvelope['records'][number]): Parsed {
  const rejected = (code: RecordRejectionCode, detail = ''): Parsed => ({ kind: 'rejected', seq: r.seq, code, detail });
  if (r.kind === 'case') {
    const p = caseRecordSchema.safeParse(r.data);
    if (!p.success) return rejected('INVALID_RECORD', issues(p.error));
    if (p.data.hallId !== input.hallId) return rejected('HALL_MISMATCH', p.data.hallId);
    // A case is immutable but for its evaluation, so the evaluation is kept out of the compared document.
    const { evaluation: _evaluation, ...core } = p.data;
    return { kind: 'case', seq: r.seq, rec: p.data, doc: JSON.stringify(core) };
  }
  if (r.kind === 'evaluation') {
    const p = caseEvaluationUpdateSchema.safeParse(r.data);
    if (!p.success) return rejected('INVALID_RECORD', issues(p.error));
    if (p.data.hallId !== input.hallId) return rejected('HALL_MISMATCH', p.data.hallId);
    return { kind: 'evaluation', seq: r.seq, upd: p.data };
  }
  return rejected('UNKNOWN_KIND', r.kind);
}

/** Rows per multi-row statement: at 13 parameters a case, far below both drivers' parameter limits. */
const ROWS_PER_STATEMENT = 500;

const insertCasesTexts = new Map<number, string>();

/**
 * The multi-row insert of `rows` cases, written once per row count: the same text every batch lets a
 * driver find its prepared statement by the text without the text being built again (tens of KB).
 */
function insertCasesSql(rows: number): string {
  let sql = insertCasesTexts.get(rows);
  if (sql === undefined) {
    const values = Array.from({ length: rows }, (_, i) => {
      const at = 3 + i * 13;
      return `($1, ${Array.from({ length: 13 }, (_, k) => `$${at + k + 1}`).join(', ')}, $2, $3)`;
    });
    sql = `INSERT INTO cases (hall_id, case_id, seq, business_date, ticket_id, completed_at, outcome, wait_minutes,
         handling_minutes, record, evaluation_level, evaluation_default, evaluation_comment, evaluation_at_ms,
         batch_id, received_at_ms)
       VALUES ${values.join(', ')}
       ON CONFLICT (hall_id, case_id) DO NOTHING RETURNING case_id`;
    // Row counts run from 1 to ROWS_PER_STATEMENT: the map stays bounded.
    insertCasesTexts.set(rows, sql);
  }
  return sql;
}

/**
 * Inserts the batch's new cases in multi-row statements (the first copy of each case id, in case id
 * order so that two concurrent batches lock in the same order); answers the ids actually inserted.
 */
async function insertCases(tx: Queryable, input: IngestInput, first: Map<string, Parsed & { kind: 'case' }>): Promise<Set<string>> {
  const inserted = new Set<string>();
  const cases = [...first.values()].sort((a, b) => (a.rec.caseId < b.rec.caseId ? -1 : 1));
  for (const chunk of chunks(cases, ROWS_PER_STATEMENT)) {
    const params: unknown[] = [input.hallId, input.batchId, input.now];
    for (const { seq, rec, doc } of chunk) {
      const ev = rec.evaluation;
      params.push(
        rec.caseId, seq, rec.businessDate, rec.ticketId, rec.completedAt, rec.outcome, rec.waitMinutes,
        rec.handlingMinutes, doc, ev?.level ?? null, ev ? (ev.isDefault ? 1 : 0) : null, ev?.comment ?? null,
        ev ? Date.parse(ev.at) : null,
      );
    }
    const res = await tx.query<{ case_id: string }>(insertCasesSql(chunk.length), params);
    for (const r of res.rows) inserted.add(r.case_id);
  }
  return inserted;
}

interface StoredRow {
  case_id: string;
  record: string;
  business_date: string;
  evaluation_level: number | null;
  evaluation_default: number | null;
  evaluation_comment: string | null;
  evaluation_at_ms: number | null;
}

/**
 * The stored cases the batch refers to without having inserted them. On PostgreSQL they are locked, so
 * a concurrent batch cannot move an evaluation between our read and our write.
 */
async function loadKnown(tx: Queryable, hallId: string, ids: string[], lock: boolean): Promise<Map<string, KnownCase>> {
  const known = new Map<string, KnownCase>();
  for (const chunk of chunks([...ids].sort(), ROWS_PER_STATEMENT)) {
    const list = chunk.map((_, i) => `$${i + 2}`).join(', ');
    const res = await tx.query<StoredRow>(
      `SELECT case_id, record, business_date, evaluation_level, evaluation_default, evaluation_comment, evaluation_at_ms
         FROM cases WHERE hall_id = $1 AND case_id IN (${list}) ORDER BY case_id${lock ? ' FOR UPDATE' : ''}`,
      [hallId, ...chunk],
    );
    for (const r of res.rows) {
      known.set(r.case_id, {
        doc: r.record,
        date: r.business_date,
        evaluation:
          r.evaluation_at_ms === null || r.evaluation_level === null
            ? null
            : {
                level: Number(r.evaluation_level),
                isDefault: Number(r.evaluation_default) === 1,
                comment: r.evaluation_comment ?? '',
                atMs: Number(r.evaluation_at_ms),
              },
        dirty: false,
      });
    }
  }
  return known;
}

/** Sets the evaluation unless the case already holds one more recent (applying twice is a no-op). */
function applyEvaluation(c: KnownCase, ev: HeldEvaluation, rollup: RollupDeltas): void {
  if (c.evaluation !== null && c.evaluation.atMs > ev.atMs) return;
  rollup.moveEvaluation(c.date, c.evaluation, ev);
  c.evaluation = ev;
  c.dirty = true;
}

async function writeEvaluations(tx: Queryable, hallId: string, known: Map<string, KnownCase>): Promise<void> {
  for (const [caseId, c] of known) {
    if (!c.dirty || !c.evaluation) continue;
    const ev = c.evaluation;
    await tx.query(
      `UPDATE cases SET evaluation_level = $1, evaluation_default = $2, evaluation_comment = $3, evaluation_at_ms = $4
        WHERE hall_id = $5 AND case_id = $6`,
      [ev.level, ev.isDefault ? 1 : 0, ev.comment, ev.atMs, hallId, caseId],
    );
  }
}

/**
 * Decides every record of a claimed batch and stores what is new: cases in multi-row inserts, their
 * days' rollup as deltas, evaluations in memory first and written once per case. The answers are
 * those of taking the records one by one in the batch's order: a later copy of a case is a duplicate
 * (or a conflict), an evaluation before its case's first appearance is UNKNOWN_CASE.
 */
async function storeRecords(tx: Queryable, input: IngestInput, lock: boolean): Promise<{ results: RecordResult[]; parsed: Parsed[] }> {
  const parsed = input.records.map((r) => parseRecord(input, r));
  const first = new Map<string, Parsed & { kind: 'case' }>();
  for (const p of parsed) if (p.kind === 'case' && !first.has(p.rec.caseId)) first.set(p.rec.caseId, p);
  const inserted = await insertCases(tx, input, first);

  const elsewhere = new Set<string>();
  for (const p of parsed) {
    if (p.kind === 'case' && !inserted.has(p.rec.caseId)) elsewhere.add(p.rec.caseId);
    if (p.kind === 'evaluation') elsewhere.add(p.upd.caseId);
  }
  for (const id of inserted) elsewhere.delete(id);
  const known = await loadKnown(tx, input.hallId, [...elsewhere], lock);

  const rollup = new RollupDeltas();
  const results: RecordResult[] = parsed.map((p): RecordResult => {
    if (p.kind === 'rejected') return reject(p.code, p.detail);
    if (p.kind === 'evaluation') {
      const c = known.get(p.upd.caseId);
      if (!c) return reject('UNKNOWN_CASE', p.upd.caseId);
      applyEvaluation(c, held(p.upd.evaluation), rollup);
      return { status: 'stored' };
    }
    const { rec } = p;
    if (first.get(rec.caseId) === p && inserted.has(rec.caseId)) {
      const ev = rec.evaluation ? held(rec.evaluation) : null;
      rollup.addCase(rec.businessDate, rec.ticketId, rec.waitMinutes, rec.handlingMinutes, ev);
      known.set(rec.caseId, { doc: p.doc, date: rec.businessDate, evaluation: ev, dirty: false });
      return { status: 'stored' };
    }
    const c = known.get(rec.caseId);
    if (!c || c.doc !== p.doc) return reject('CASE_CONFLICT', rec.caseId);
    if (rec.evaluation) applyEvaluation(c, held(rec.evaluation), rollup);
    return { status: 'duplicate' };
  });

  await writeEvaluations(tx, input.hallId, known);
  await rollup.write(tx, input.hallId);
  return { results, parsed };
}

function caseIdOf(data: unknown): string | null {
  const id = (data as { caseId?: unknown } | null)?.caseId;
  return typeof id === 'string' ? id.slice(0, 40) : null;
}

/**
 * Stores a batch in one transaction and answers for every record. Idempotent: the same batch again gets
 * the stored answer (`replayed: true`) and changes nothing; the same case in another batch is stored
 * once and accepted again; an evaluation applied twice is applied once. Throws BATCH_CONFLICT when the
 * batch id was seen with other content.
 */
export async function ingestBatch(db: CloudDatabase, input: IngestInput): Promise<BatchReply> {
  return db.transaction(async (tx) => {
    // Claim the batch first: on PostgreSQL a concurrent resend of the same batch waits here until this
    // transaction ends, then finds the stored answer.
    const claim = await tx.query(
      `INSERT INTO batches (hall_id, batch_id, body_sha256, record_count, received_at_ms)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hall_id, batch_id) DO NOTHING`,
      [input.hallId, input.batchId, input.bodySha256, input.records.length, input.now],
    );
    if (claim.rowCount === 0) return replay(tx, input);

    const { results, parsed } = await storeRecords(tx, input, db.dialect === 'postgres');
    const accepted: number[] = [];
    const rejected: RecordRejection[] = [];
    const rejectionRows: unknown[][] = [];
    let stored = 0;
    let duplicates = 0;
    results.forEach((res, i) => {
      const r = parsed[i]!;
      if (res.status === 'rejected') {
        const message = recordRejectionMessage(res.code, res.detail);
        rejected.push({ seq: r.seq, code: res.code, message });
        rejectionRows.push([r.seq, caseIdOf(input.records[i]!.data), res.code, message]);
        return;
      }
      accepted.push(r.seq);
      if (res.status === 'stored') stored++;
      else duplicates++;
    });
    for (const chunk of chunks(rejectionRows, ROWS_PER_STATEMENT)) {
      const values = chunk.map((_, i) => `($1, $2, ${[0, 1, 2, 3].map((k) => `$${4 + i * 4 + k}`).join(', ')}, $3)`);
      await tx.query(
        `INSERT INTO rejections (hall_id, batch_id, seq, case_id, code, message, at_ms)
         VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
        [input.hallId, input.batchId, input.now, ...chunk.flat()],
      );
    }
    const reply: BatchReply = {
      ok: true,
      batchId: input.batchId,
      accepted,
      rejected,
      replayed: false,
      receivedAt: new Date(input.now).toISOString(),
    };
    await tx.query(
      `UPDATE batches SET reply = $1, stored_count = $2, duplicate_count = $3, rejected_count = $4
        WHERE hall_id = $5 AND batch_id = $6`,
      [JSON.stringify(reply), stored, duplicates, rejected.length, input.hallId, input.batchId],
    );
    return reply;
  });
}

async function replay(tx: Queryable, input: IngestInput): Promise<BatchReply> {
  const prev = await tx.query<{ body_sha256: string; reply: string | null }>(
    'SELECT body_sha256, reply FROM batches WHERE hall_id = $1 AND batch_id = $2',
    [input.hallId, input.batchId],
  );
  const row = prev.rows[0];
  if (!row || row.reply === null) throw new Error(`batch ${input.batchId} claimed without an answer`);
  if (row.body_sha256 !== input.bodySha256) throw new CloudError('BATCH_CONFLICT', input.batchId);
  await tx.query('UPDATE batches SET replays = replays + 1 WHERE hall_id = $1 AND batch_id = $2', [
    input.hallId,
    input.batchId,
  ]);
  return { ...(JSON.parse(row.reply) as BatchReply), replayed: true };
}
