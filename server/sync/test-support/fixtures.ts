import type { Database } from 'better-sqlite3';
import type { CaseEvaluationUpdate, CaseRecord } from '../../../protocol/case-record';

/** The hall id and key the sync tests share. */
export const TEST_HALL_ID = 'hall-xihu-01';
export const TEST_HALL_KEY = 'test-hall-key-0123456789abcdef';

const BASE = Date.parse('2026-03-02T01:00:00Z'); // 09:00 in Shanghai, a Monday

/** A valid case record number `i` (unique caseId per i), on `businessDate`. */
export function makeCaseRecord(i: number, opts: { hallId?: string; businessDate?: string; level?: number } = {}): CaseRecord {
  const taken = BASE + i * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    caseId: `C${String(i).padStart(9, '0')}`,
    hallId: opts.hallId ?? TEST_HALL_ID,
    hallCode: 'XH01',
    businessDate: opts.businessDate ?? '2026-03-02',
    ticketId: `T${i}`,
    ticketNumber: `A${String(i % 1000).padStart(3, '0')}`,
    groupId: 'A',
    windowId: `w${(i % 5) + 1}`,
    windowNumber: (i % 5) + 1,
    staffId: `s${(i % 7) + 1}`,
    serviceIds: ['svc-hukou'],
    serviceCodes: ['330102-001'],
    serviceNames: ['户口迁移'],
    bundleId: null,
    bundleName: null,
    outcome: 'done',
    priority: 'none',
    takenAt: iso(taken),
    calledAt: iso(taken + 600_000),
    startedAt: iso(taken + 660_000),
    completedAt: iso(taken + 960_000),
    waitMinutes: 10 + (i % 3),
    handlingMinutes: 5,
    transfers: 0,
    applicantIdMasked: '3301**********1234',
    applicantPhoneMasked: '138****5678',
    evaluation:
      opts.level === undefined
        ? null
        : { level: opts.level, comment: '', at: iso(taken + 1_000_000), isDefault: false },
  };
}

/** An evaluation that came after its case was sent. */
export function makeEvaluationUpdate(i: number, level: number, hallId = TEST_HALL_ID): CaseEvaluationUpdate {
  return {
    caseId: makeCaseRecord(i).caseId,
    hallId,
    evaluation: { level, comment: '办事很快', at: new Date(BASE + i * 1000 + 2_000_000).toISOString(), isDefault: false },
  };
}

/** Appends outbox rows as the hall's store does (one transaction); returns their ids. */
export function enqueue(
  db: Database,
  rows: ({ kind: 'case'; payload: CaseRecord } | { kind: 'evaluation'; payload: CaseEvaluationUpdate } | { kind: 'case'; payload: unknown; caseId: string })[],
  createdAt = Date.now(),
): number[] {
  const ins = db.prepare('INSERT INTO outbox (kind, case_id, payload, created_at) VALUES (?, ?, ?, ?)');
  return db.transaction(() =>
    rows.map((r) => {
      const caseId = 'caseId' in r ? r.caseId : (r.payload as { caseId: string }).caseId;
      return Number(ins.run(r.kind, caseId, JSON.stringify(r.payload), createdAt).lastInsertRowid);
    }),
  )();
}

/** Appends `count` case records numbered from `from`. */
export function enqueueCases(db: Database, from: number, count: number, createdAt = Date.now()): number[] {
  const rows = [];
  for (let i = from; i < from + count; i++) rows.push({ kind: 'case' as const, payload: makeCaseRecord(i) });
  return enqueue(db, rows, createdAt);
}

/** Waits until `check` is true, polling; throws with `what` after `ms`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 20_000,
  everyMs = 10,
): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
