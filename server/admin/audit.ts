import type { AuditEntry } from '../../protocol/admin';
import type { Db } from '../store/database';
import type { Actor } from './deps';

/** What a change tells the audit log; the row's id, time and actor are added when it is written. */
export type AuditChange = Omit<AuditEntry, 'id' | 'at' | 'actorId' | 'actorName'>;

/** Fields never written to the audit log, wherever they appear. */
const SECRET_KEYS = new Set(['password', 'passwordHash', 'token', 'secret']);

function redact(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (k, v) => (SECRET_KEYS.has(k) ? '***' : v)));
}

/** Writes one audit row. Call it inside the transaction that makes the change, so neither exists alone. */
export function writeAudit(db: Db, actor: Actor, at: number, entry: AuditChange): void {
  db.prepare(
    'INSERT INTO admin_audit (at, actor_id, actor_name, action, target_kind, target_id, summary, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    at,
    actor.id,
    actor.name,
    entry.action,
    entry.targetKind,
    entry.targetId,
    entry.summary,
    entry.before === undefined || entry.before === null ? null : JSON.stringify(redact(entry.before)),
    entry.after === undefined || entry.after === null ? null : JSON.stringify(redact(entry.after)),
  );
}

/** Newest first; `beforeId` pages back. */
export function listAudit(
  db: Db,
  q: { limit: number; beforeId?: number; targetKind?: string; targetId?: string; actorId?: string },
): AuditEntry[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.beforeId) { where.push('id < ?'); args.push(q.beforeId); }
  if (q.targetKind) { where.push('target_kind = ?'); args.push(q.targetKind); }
  if (q.targetId) { where.push('target_id = ?'); args.push(q.targetId); }
  if (q.actorId) { where.push('actor_id = ?'); args.push(q.actorId); }
  const sql = `SELECT * FROM admin_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  const rows = db.prepare(sql).all(...args, q.limit) as {
    id: number;
    at: number;
    actor_id: string;
    actor_name: string;
    action: string;
    target_kind: string;
    target_id: string | null;
    summary: string;
    before: string | null;
    after: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    summary: r.summary,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }));
}
