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

/** Sets the evaluation unless the case already holds one at least as recent (applying twice is a no-op). */
async function applyEvaluation(tx: Queryable, hallId: string, caseId: string, ev: Evaluation): Promise<void> {
  await tx.query(
    `UPDATE cases SET evaluation_level = $1, evaluation_default = $2, evaluation_comment = $3, evaluation_at_ms = $4
      WHERE hall_id = $5 AND case_id = $6 AND (evaluation_at_ms IS NULL OR evaluation_at_ms <= $4)`,
    [ev.level, ev.isDefault ? 1 : 0, ev.comment, Date.parse(ev.at), hallId, caseId],
  );
}

async function ingestCase(tx: Queryable, input: IngestInput, seq: number, rec: CaseRecord): Promise<RecordResult> {
  // A case is immutable but for its evaluation, so the evaluation is kept out of the compared document.
  const { evaluation, ...core } = rec;
  const doc = JSON.stringify(core);
  const ins = await tx.query(
    `INSERT INTO cases (hall_id, case_id, seq, business_date, ticket_id, completed_at, outcome, wait_minutes,
       handling_minutes, record, batch_id, received_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (hall_id, case_id) DO NOTHING`,
    [
      input.hallId,
      rec.caseId,
      seq,
      rec.businessDate,
      rec.ticketId,
      rec.completedAt,
      rec.outcome,
      rec.waitMinutes,
      rec.handlingMinutes,
      doc,
      input.batchId,
      input.now,
    ],
  );
  if (ins.rowCount === 0) {
    const prev = await tx.query<{ record: string }>('SELECT record FROM cases WHERE hall_id = $1 AND case_id = $2', [
      input.hallId,
      rec.caseId,
    ]);
    if (prev.rows[0]?.record !== doc) return reject('CASE_CONFLICT', rec.caseId);
  }
  if (evaluation) await applyEvaluation(tx, input.hallId, rec.caseId, evaluation);
  return { status: ins.rowCount === 0 ? 'duplicate' : 'stored' };
}

async function ingestEvaluation(tx: Queryable, input: IngestInput, upd: CaseEvaluationUpdate): Promise<RecordResult> {
  const found = await tx.query('SELECT 1 AS one FROM cases WHERE hall_id = $1 AND case_id = $2', [
    input.hallId,
    upd.caseId,
  ]);
  if (found.rows.length === 0) return reject('UNKNOWN_CASE', upd.caseId);
  await applyEvaluation(tx, input.hallId, upd.caseId, upd.evaluation);
  return { status: 'stored' };
}

async function ingestRecord(tx: Queryable, input: IngestInput, r: BatchEnvelope['records'][number]): Promise<RecordResult> {
  if (r.kind === 'case') {
    const p = caseRecordSchema.safeParse(r.data);
    if (!p.success) return reject('INVALID_RECORD', issues(p.error));
    if (p.data.hallId !== input.hallId) return reject('HALL_MISMATCH', p.data.hallId);
    return ingestCase(tx, input, r.seq, p.data);
  }
  if (r.kind === 'evaluation') {
    const p = caseEvaluationUpdateSchema.safeParse(r.data);
    if (!p.success) return reject('INVALID_RECORD', issues(p.error));
    if (p.data.hallId !== input.hallId) return reject('HALL_MISMATCH', p.data.hallId);
    return ingestEvaluation(tx, input, p.data);
  }
  return reject('UNKNOWN_KIND', r.kind);
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

    const accepted: number[] = [];
    const rejected: RecordRejection[] = [];
    let stored = 0;
    let duplicates = 0;
    for (const r of input.records) {
      const res = await ingestRecord(tx, input, r);
      if (res.status === 'rejected') {
        const message = recordRejectionMessage(res.code, res.detail);
        rejected.push({ seq: r.seq, code: res.code, message });
        await tx.query(
          `INSERT INTO rejections (hall_id, batch_id, seq, case_id, code, message, at_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [input.hallId, input.batchId, r.seq, caseIdOf(r.data), res.code, message, input.now],
        );
        continue;
      }
      accepted.push(r.seq);
      if (res.status === 'stored') stored++;
      else duplicates++;
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
