import { syncFailure } from '../../protocol/district-errors';
import type { Database } from 'better-sqlite3';
import type { BatchOutcome, OutgoingBatch, OutgoingRecord } from './adapter';
import { batchIdOfBytes } from './batch-bytes';

/**
 * The sender's SQL on the hall database: the outbox (written by the store, read and emptied here), the
 * pinned batch in flight, the dead letters and the status row. Every change that must stay consistent
 * with another is one transaction; the network is never touched inside one.
 */

interface OutboxRow {
  id: number;
  kind: string;
  case_id: string;
  payload: string;
  created_at: number;
}

interface StateRow {
  last_success_at: number | null;
  last_attempt_at: number | null;
  last_error_at: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  failures: number;
  next_attempt_at: number | null;
}

interface PinRow {
  batch_id: string;
  outbox_ids: string;
  created_at: number;
  attempts: number;
}

/** A record kept aside, as the admin console lists it. */
export interface DeadLetter {
  outboxId: number;
  kind: string;
  caseId: string;
  code: string;
  reason: string;
  batchId: string | null;
  createdAt: number;
  rejectedAt: number;
}

/** The persisted sender state. */
export interface SyncState {
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastError: { at: number; code: string; message: string } | null;
  failures: number;
  nextAttemptAt: number | null;
}

/** The batch pinned in flight. */
export interface PinnedBatch {
  batchId: string;
  records: number;
  createdAt: number;
  attempts: number;
}

/** What settling a batch did. */
export interface SettleResult {
  accepted: number;
  rejected: number;
  /** Records the answer named neither way; they stay in the outbox. */
  unanswered: number;
  /** The next batch, already pinned and its attempt counted, when `settle` was asked for one. */
  next: OutgoingBatch | null;
}

/** What `settle` needs to pin the next batch in the same transaction. */
export interface NextBatch {
  hallId: string;
  limit: number;
  /** The next batch as `compose` made it while this one was in flight; pinned if still the head. */
  prepared?: OutgoingBatch | null;
}

/**
 * An outbox row as the batch queries read it: the payload as its stored UTF-8 bytes (no decoding into a
 * string only to encode it again for the body and the batch id), and `valid`, SQLite's json_valid of it.
 */
interface BatchRow {
  id: number;
  kind: string;
  case_id: string;
  bytes: Buffer;
}
interface CheckedRow extends BatchRow {
  valid: number;
}

/** Why a row cannot go (it goes to the dead letters), or null. */
function invalidity(row: CheckedRow): { code: string; message: string } | null {
  if (row.valid !== 1) return syncFailure('INVALID_PAYLOAD', '不是合法的 JSON');
  if (row.kind !== 'case' && row.kind !== 'evaluation') return syncFailure('INVALID_PAYLOAD', `未知的记录类型 ${row.kind}`);
  return null;
}

/** A checked outbox row as a record to send; its text and parsed payload are made only if asked for. */
function outgoingRecord(row: BatchRow): OutgoingRecord {
  const { bytes } = row;
  let parsed: { value: unknown } | null = null;
  return {
    seq: row.id,
    kind: row.kind === 'evaluation' ? 'evaluation' : 'case',
    caseId: row.case_id,
    bytes,
    get json(): string {
      return bytes.toString('utf8');
    },
    get payload(): unknown {
      parsed ??= { value: JSON.parse(bytes.toString('utf8')) };
      return parsed.value;
    },
  };
}

function sameIds(ids: number[], batch: OutgoingBatch): boolean {
  return ids.length === batch.records.length && batch.records.every((r, i) => r.seq === ids[i]);
}

/** Creates the prepared statements and transactions over a hall database that has SYNC_MIGRATIONS. */
export function createSyncStore(db: Database) {
  const q = {
    backlog: db.prepare('SELECT count(*) AS n FROM outbox').pluck(),
    // Counting a long backlog row by row on every wake-up is the sender's main cost; N is enough.
    backlogUpTo: db.prepare('SELECT count(*) FROM (SELECT 1 FROM outbox ORDER BY id LIMIT ?)').pluck(),
    deadCount: db.prepare('SELECT count(*) AS n FROM sync_dead_letters').pluck(),
    oldest: db.prepare('SELECT id, created_at FROM outbox ORDER BY id LIMIT 1'),
    // json_valid: SQLite checks each payload is JSON in C, with no parse into objects the sender would
    // only stringify again (the body carries the stored text as it is).
    head: db.prepare(
      'SELECT id, kind, case_id, CAST(payload AS BLOB) AS bytes, json_valid(payload) AS valid FROM outbox ORDER BY id LIMIT ?',
    ),
    after: db.prepare(
      `SELECT id, kind, case_id, CAST(payload AS BLOB) AS bytes, json_valid(payload) AS valid FROM outbox
        WHERE id > ? ORDER BY id LIMIT ?`,
    ),
    headIds: db.prepare('SELECT id FROM outbox ORDER BY id LIMIT ?').pluck(),
    byIds: db.prepare(
      `SELECT id, kind, case_id, CAST(payload AS BLOB) AS bytes FROM outbox
        WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
    state: db.prepare('SELECT * FROM sync_state WHERE id = 1'),
    pin: db.prepare('SELECT batch_id, outbox_ids, created_at, attempts FROM sync_batch WHERE id = 1'),
    insertPin: db.prepare(
      'INSERT INTO sync_batch (id, batch_id, outbox_ids, created_at, attempts) VALUES (1, ?, ?, ?, 0)',
    ),
    deletePin: db.prepare('DELETE FROM sync_batch WHERE id = 1'),
    nextPin: db.prepare('SELECT batch_id FROM sync_next_batch WHERE id = 1').pluck(),
    insertNext: db.prepare(
      'INSERT OR REPLACE INTO sync_next_batch (id, batch_id, outbox_ids, created_at) VALUES (1, ?, ?, ?)',
    ),
    deleteNext: db.prepare('DELETE FROM sync_next_batch WHERE id = 1'),
    attemptPin: db.prepare('UPDATE sync_batch SET attempts = attempts + 1 WHERE id = 1'),
    attemptRows: db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id IN (SELECT value FROM json_each(?))'),
    errorRows: db.prepare(
      'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id IN (SELECT value FROM json_each(?))',
    ),
    attemptState: db.prepare('UPDATE sync_state SET last_attempt_at = ? WHERE id = 1'),
    deleteRows: db.prepare('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))'),
    deleteRow: db.prepare('DELETE FROM outbox WHERE id = ?'),
    row: db.prepare('SELECT id, kind, case_id, payload, created_at FROM outbox WHERE id = ?'),
    insertDead: db.prepare(
      `INSERT OR REPLACE INTO sync_dead_letters
         (outbox_id, kind, case_id, payload, created_at, batch_id, code, reason, rejected_at)
       VALUES (@id, @kind, @case_id, @payload, @created_at, @batch_id, @code, @reason, @at)`,
    ),
    success: db.prepare(
      'UPDATE sync_state SET last_success_at = ?, failures = 0, next_attempt_at = NULL WHERE id = 1',
    ),
    failure: db.prepare(
      `UPDATE sync_state SET failures = failures + 1, last_error_at = @at, last_error_code = @code,
         last_error_message = @message, next_attempt_at = @next WHERE id = 1`,
    ),
    deadByIds: db.prepare(
      `SELECT outbox_id, kind, case_id, payload FROM sync_dead_letters
        WHERE outbox_id IN (SELECT value FROM json_each(?)) ORDER BY outbox_id`,
    ),
    deadAll: db.prepare('SELECT outbox_id, kind, case_id, payload FROM sync_dead_letters ORDER BY outbox_id'),
    deleteDead: db.prepare('DELETE FROM sync_dead_letters WHERE outbox_id = ?'),
    insertOutbox: db.prepare('INSERT INTO outbox (kind, case_id, payload, created_at) VALUES (?, ?, ?, ?)'),
    listDead: db.prepare(
      `SELECT outbox_id, kind, case_id, code, reason, batch_id, created_at, rejected_at
         FROM sync_dead_letters ORDER BY outbox_id DESC LIMIT ?`,
    ),
  };

  function deadLetterRow(row: OutboxRow, code: string, reason: string, batchId: string | null, at: number): void {
    const { id, kind, case_id, payload, created_at } = row;
    q.insertDead.run({ id, kind, case_id, payload, created_at, batch_id: batchId, code, reason: reason.slice(0, 2000), at });
    q.deleteRow.run(row.id);
  }

  /** Checks the rows (`valid` from json_valid); a payload that is not JSON goes to the dead letters at once. */
  function checkRows(rows: CheckedRow[], at: number): OutgoingRecord[] {
    const out: OutgoingRecord[] = [];
    for (const row of rows) {
      const bad = invalidity(row);
      if (bad) {
        const stored = q.row.get(row.id) as OutboxRow | undefined;
        if (stored) deadLetterRow(stored, bad.code, bad.message, null, at);
        continue;
      }
      out.push(outgoingRecord(row));
    }
    return out;
  }

  /** The batch to send, if any, as `takeBatch` documents it (without counting the attempt). */
  function pinBatch(hallId: string, limit: number, at: number): OutgoingBatch | null {
    const pin = q.pin.get() as PinRow | undefined;
    if (pin) {
      const ids = JSON.parse(pin.outbox_ids) as number[];
      const rows = q.byIds.all(pin.outbox_ids) as BatchRow[];
      // Payloads of a pinned batch were checked when it was composed.
      if (rows.length === ids.length) return { batchId: pin.batch_id, records: rows.map(outgoingRecord) };
      q.deletePin.run();
    }
    for (;;) {
      const rows = q.head.all(limit) as CheckedRow[];
      if (rows.length === 0) return null;
      const records = checkRows(rows, at);
      if (records.length === 0) continue;
      // A set, not a search per row: 1,000 rows searched 1,000 times was the sender's largest CPU cost.
      const parsed = new Set(records.map((x) => x.seq));
      const kept = records.length === rows.length ? rows : rows.filter((r) => parsed.has(r.id));
      const batchId = batchIdOfBytes(hallId, kept);
      q.insertPin.run(batchId, JSON.stringify(kept.map((r) => r.id)), at);
      return { batchId, records };
    }
  }

  /**
   * The full batch that follows the rows up to `afterSeq`, composed without writing anything (the
   * batch in flight is still pinned): read, checked and its id computed while the receiver works, so
   * that settling the answer only has to see it is still the head of the outbox and pin it. Null when
   * fewer than `limit` rows follow or one of them would go to the dead letters (left to `pinBatch`).
   */
  function compose(hallId: string, afterSeq: number, limit: number): OutgoingBatch | null {
    const rows = q.after.all(afterSeq, limit) as CheckedRow[];
    if (rows.length < limit || rows.some((r) => invalidity(r) !== null)) return null;
    return { batchId: batchIdOfBytes(hallId, rows), records: rows.map(outgoingRecord) };
  }

  /**
   * The batch to send: the pinned one if all its rows are still there, else the oldest `limit` rows,
   * pinned now (before any byte goes out), with the attempt counted on the pin and the status.
   * One transaction (one fsync) for both: every commit on the send path is a disk flush.
   * Null when the outbox is empty.
   *
   * The rows' own attempt counters move only when an attempt leaves them in the outbox (a failure, a
   * record the answer did not name, a split): rewriting every row of every batch before sending it
   * doubled the send path's writes, and a delivered row is deleted anyway. The pin counts every send,
   * one cut off by a crash included.
   */
  const takeBatch = db.transaction((hallId: string, limit: number, at: number): OutgoingBatch | null => {
    const batch = pinBatch(hallId, limit, at);
    if (!batch) return null;
    q.attemptPin.run();
    q.attemptState.run(at);
    return batch;
  });

  /**
   * Applies the receiver's answer: accepted rows leave the outbox, rejected ones go to the dead letters.
   * With `next`, and a full batch waiting, the next batch is pinned and its attempt counted in the same
   * transaction, as `takeBatch` would: one commit (one fsync) per batch on the hall instead of two. A
   * partial batch is left to the N/T rule of the schedule.
   */
  const settle = db.transaction((batch: OutgoingBatch, outcome: BatchOutcome, at: number, next?: NextBatch): SettleResult => {
    const inBatch = new Set(batch.records.map((r) => r.seq));
    const accepted = [...new Set(outcome.accepted)].filter((s) => inBatch.has(s));
    const acceptedSet = new Set(accepted);
    q.deleteRows.run(JSON.stringify(accepted));
    let rejected = 0;
    const settled = new Set(accepted);
    for (const r of outcome.rejected) {
      // A record named both ways counts as delivered: the receiver holds it.
      if (!inBatch.has(r.seq) || acceptedSet.has(r.seq)) continue;
      const row = q.row.get(r.seq) as OutboxRow | undefined;
      if (!row) continue;
      deadLetterRow(row, r.code, r.message, batch.batchId, at);
      settled.add(r.seq);
      rejected++;
    }
    const unanswered = batch.records.filter((r) => !settled.has(r.seq));
    if (unanswered.length > 0) q.attemptRows.run(JSON.stringify(unanswered.map((r) => r.seq)));
    q.deletePin.run();
    // An answer that settles nothing is no success: the backoff must keep growing.
    if (accepted.length + rejected > 0) q.success.run(at);
    // The next slot is consumed here or stale: either way it goes.
    q.deleteNext.run();
    let following: OutgoingBatch | null = null;
    if (next?.prepared && sameIds(q.headIds.all(next.limit) as number[], next.prepared)) {
      // Composed while this batch was in flight, and still the head of the outbox: outbox payloads are
      // never rewritten while the hall runs, so the same rows give the same id that pinBatch would.
      following = next.prepared;
      q.insertPin.run(following.batchId, JSON.stringify(following.records.map((r) => r.seq)), at);
      q.attemptPin.run();
      q.attemptState.run(at);
    } else if (next && (q.backlogUpTo.get(next.limit) as number) >= next.limit) {
      following = pinBatch(next.hallId, next.limit, at);
      if (following) {
        q.attemptPin.run();
        q.attemptState.run(at);
      }
    }
    return { accepted: accepted.length, rejected, unanswered: inBatch.size - accepted.length - rejected, next: following };
  });

  const fail = db.transaction(
    (batch: OutgoingBatch | null, code: string, message: string, at: number, next: number | null) => {
      q.failure.run({ at, code, message: message.slice(0, 2000), next });
      if (batch) q.errorRows.run(`${code}: ${message}`.slice(0, 2000), JSON.stringify(batch.records.map((r) => r.seq)));
    },
  );

  /** Keeps one record aside without the receiver's word (it cannot be sent at all, e.g. too large). */
  const deadLetterOne = db.transaction((seq: number, code: string, reason: string, batchId: string | null, at: number) => {
    const row = q.row.get(seq) as OutboxRow | undefined;
    if (row) deadLetterRow(row, code, reason, batchId, at);
    q.deletePin.run();
    q.deleteNext.run();
  });

  /**
   * Pins `next` as the batch that goes right after `current`, while `current` is in flight (one commit,
   * off the path of the answer). False, and nothing written, when `current` is no longer the pinned one.
   */
  const pinNext = db.transaction((current: OutgoingBatch, next: OutgoingBatch, at: number): boolean => {
    const pin = q.pin.get() as PinRow | undefined;
    if (pin?.batch_id !== current.batchId) return false;
    q.insertNext.run(next.batchId, JSON.stringify(next.records.map((r) => r.seq)), at);
    return true;
  });

  /**
   * Puts dead letters (all, or those named) back at the end of the outbox, e.g. after the district
   * fixed a rule or the hall fixed its configuration. They get new outbox ids, so new batches.
   */
  const requeueDead = db.transaction((outboxIds: number[] | null, at: number): number => {
    const rows = (outboxIds ? q.deadByIds.all(JSON.stringify(outboxIds)) : q.deadAll.all()) as {
      outbox_id: number;
      kind: string;
      case_id: string;
      payload: string;
    }[];
    for (const r of rows) {
      q.insertOutbox.run(r.kind, r.case_id, r.payload, at);
      q.deleteDead.run(r.outbox_id);
    }
    return rows.length;
  });

  return {
    takeBatch,
    compose,
    requeueDead,
    settle,
    fail,
    deadLetterOne,
    /** Lets the pinned batch go unsent as it is (it was too large); its rows count the attempt. */
    unpin: db.transaction((batch: OutgoingBatch): void => {
      q.attemptRows.run(JSON.stringify(batch.records.map((r) => r.seq)));
      q.deletePin.run();
      q.deleteNext.run();
    }),
    pinNext,
    /** The batch id pinned to go next, if any. */
    pinnedNext(): string | null {
      return (q.nextPin.get() as string | undefined) ?? null;
    },
    backlog(): number {
      return q.backlog.get() as number;
    },
    /** The backlog, counted up to `limit` at most. */
    backlogUpTo(limit: number): number {
      return q.backlogUpTo.get(limit) as number;
    },
    deadLetterCount(): number {
      return q.deadCount.get() as number;
    },
    oldest(): { id: number; createdAt: number } | null {
      const r = q.oldest.get() as { id: number; created_at: number } | undefined;
      return r ? { id: r.id, createdAt: r.created_at } : null;
    },
    pinned(): PinnedBatch | null {
      const p = q.pin.get() as PinRow | undefined;
      if (!p) return null;
      return {
        batchId: p.batch_id,
        records: (JSON.parse(p.outbox_ids) as number[]).length,
        createdAt: p.created_at,
        attempts: p.attempts,
      };
    },
    state(): SyncState {
      const s = q.state.get() as StateRow;
      return {
        lastSuccessAt: s.last_success_at,
        lastAttemptAt: s.last_attempt_at,
        lastError:
          s.last_error_at === null
            ? null
            : { at: s.last_error_at, code: s.last_error_code ?? 'UNKNOWN', message: s.last_error_message ?? '' },
        failures: s.failures,
        nextAttemptAt: s.next_attempt_at,
      };
    },
    deadLetters(limit: number): DeadLetter[] {
      const rows = q.listDead.all(limit) as {
        outbox_id: number;
        kind: string;
        case_id: string;
        code: string;
        reason: string;
        batch_id: string | null;
        created_at: number;
        rejected_at: number;
      }[];
      return rows.map((r) => ({
        outboxId: r.outbox_id,
        kind: r.kind,
        caseId: r.case_id,
        code: r.code,
        reason: r.reason,
        batchId: r.batch_id,
        createdAt: r.created_at,
        rejectedAt: r.rejected_at,
      }));
    },
  };
}

