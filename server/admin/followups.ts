import { z } from 'zod';
import { CALLBACK_OUTCOME_NAMES, type FollowUp, type FollowUpState } from '../../protocol/admin';
import type { CaseRecord } from '../../protocol/case-record';
import { businessDateOf } from '../calendar/time';
import type { HallEvent } from '../domain/events';
import type { Db } from '../store/database';
import { readAdminConfig } from './config';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { badRequest, invalidState, notFound, zodIssues } from './errors';
import { drainEvents } from './event-cursor';
import { callbackOf, FINAL_OUTCOMES, recordCall, revealFollowUpPhone } from './followup-callback';
import { addWorkingDays, type WorkingDayCheck } from './working-days';

const FINAL: FollowUpState[] = ['closed', 'appeal_upheld'];

interface Row {
  id: number;
  case_id: string;
  ticket_id: string;
  ticket_number: string;
  business_date: string;
  window_id: string;
  staff_id: string | null;
  service_names: string;
  level: number;
  comment: string;
  rated_at: number;
  opened_on: string;
  deadline_days: number;
  due_date: string;
  state: FollowUpState;
  owner_id: string | null;
  contacted_at: number | null;
  contact_note: string | null;
  fix: string | null;
  closed_at: number | null;
  closing_note: string | null;
  appeal_reason: string | null;
  appealed_at: number | null;
  appeal_result: 'upheld' | 'rejected' | null;
  appeal_note: string | null;
  updated_at: number;
}

/** Overdue: not finished and the deadline day has passed. */
export function isOverdue(state: FollowUpState, dueDate: string, today: string): boolean {
  return !FINAL.includes(state) && today > dueDate;
}

/**
 * Opens a follow-up for every case rated 不满意 or 非常不满意 (a default rating never is), reading the
 * event log from this reader's cursor. The deadline is `deadlineWorkingDays` working days after the rating.
 */
export function openFollowUps(db: Db, isWorkingDay: WorkingDayCheck): number {
  const insert = db.prepare(`INSERT OR IGNORE INTO followups (case_id, ticket_id, ticket_number, business_date, window_id, staff_id, service_names, level, comment,
    rated_at, opened_on, deadline_days, due_date, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`);
  const caseRow = db.prepare('SELECT ticket_id, business_date, window_id, staff_id, record FROM cases WHERE case_id = ?');
  let opened = 0;
  drainEvents(
    db,
    'followups',
    (batch) => {
      const days = readAdminConfig(db).followUp.deadlineWorkingDays;
      for (const { event } of batch) {
        const e = event as Extract<HallEvent, { type: 'EvaluationSubmitted' }>;
        if (e.type !== 'EvaluationSubmitted' || e.isDefault || e.level > 2) continue;
        const openedOn = businessDateOf(e.at);
        const due = addWorkingDays(openedOn, days, isWorkingDay);
        for (const caseId of e.caseIds) {
          const c = caseRow.get(caseId) as { ticket_id: string; business_date: string; window_id: string; staff_id: string; record: string } | undefined;
          if (!c) continue;
          const record = JSON.parse(c.record) as CaseRecord;
          opened += insert.run(caseId, c.ticket_id, record.ticketNumber, c.business_date, c.window_id, c.staff_id, JSON.stringify(record.serviceNames), e.level, e.comment, e.at, openedOn, days, due, e.at).changes;
        }
      }
    },
    { types: ['EvaluationSubmitted'] },
  );
  return opened;
}

function view(ctx: AdminContext, r: Row, today: string): FollowUp {
  const { catalog } = ctx.hall.state;
  return {
    id: r.id,
    caseId: r.case_id,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    businessDate: r.business_date,
    windowId: r.window_id,
    windowName: catalog.windows.get(r.window_id)?.name ?? r.window_id,
    staffId: r.staff_id,
    staffName: r.staff_id ? (catalog.staff.get(r.staff_id)?.name ?? r.staff_id) : null,
    serviceNames: JSON.parse(r.service_names) as string[],
    level: r.level,
    comment: r.comment,
    ratedAt: r.rated_at,
    openedOn: r.opened_on,
    deadlineDays: r.deadline_days,
    dueDate: r.due_date,
    state: r.state,
    overdue: isOverdue(r.state, r.due_date, today),
    ownerId: r.owner_id,
    ownerName: r.owner_id ? (catalog.staff.get(r.owner_id)?.name ?? r.owner_id) : null,
    contactedAt: r.contacted_at,
    contactNote: r.contact_note,
    fix: r.fix,
    closedAt: r.closed_at,
    closingNote: r.closing_note,
    appealReason: r.appeal_reason,
    appealedAt: r.appealed_at,
    appealResult: r.appeal_result,
    appealNote: r.appeal_note,
    updatedAt: r.updated_at,
    callback: callbackOf(ctx, r.id, r.ticket_id),
  };
}

export const followUpQuerySchema = z.object({
  state: z.enum(['open', 'contacted', 'closed', 'appealed', 'appeal_upheld', 'active']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

/** Follow-ups, most urgent first (earliest deadline among the unfinished). */
export function listFollowUps(ctx: AdminContext, query: unknown): FollowUp[] {
  const q = followUpQuerySchema.safeParse(query ?? {});
  if (!q.success) throw badRequest('查询条件有误', zodIssues(q.error));
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.data.state === 'active') where.push(`state NOT IN ('closed', 'appeal_upheld')`);
  else if (q.data.state) { where.push('state = ?'); args.push(q.data.state); }
  if (q.data.from) { where.push('business_date >= ?'); args.push(q.data.from); }
  if (q.data.to) { where.push('business_date <= ?'); args.push(q.data.to); }
  const rows = ctx.db
    .prepare(`SELECT * FROM followups ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY state IN ('closed', 'appeal_upheld'), due_date, id LIMIT 2000`)
    .all(...args) as Row[];
  const today = businessDateOf(ctx.now());
  const out = rows.map((r) => view(ctx, r, today));
  return q.data.overdue ? out.filter((f) => f.overdue === (q.data.overdue === 'true')) : out;
}

function rowOf(ctx: AdminContext, id: number): Row {
  const r = ctx.db.prepare('SELECT * FROM followups WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw notFound(`回访事项 ${id} 不存在`);
  return r;
}

export function getFollowUp(ctx: AdminContext, id: number): FollowUp {
  return view(ctx, rowOf(ctx, id), businessDateOf(ctx.now()));
}

const text = (max: number) => z.string().trim().min(1).max(max);
export const followUpActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ownerId: z.string().min(1).max(64) }),
  z.object({ action: z.literal('contact'), note: text(500) }),
  z.object({ action: z.literal('fix'), fix: text(1000) }),
  z.object({ action: z.literal('close'), note: text(500) }),
  z.object({ action: z.literal('appeal'), reason: text(500) }),
  z.object({ action: z.literal('decideAppeal'), upheld: z.boolean(), note: text(500) }),
  z.object({ action: z.literal('callback'), outcome: z.enum(['reached', 'not_reached', 'resolved']), note: text(500) }),
]);
export type FollowUpAction = z.infer<typeof followUpActionSchema>;

const ACTION_LABELS: Record<FollowUpAction['action'], string> = {
  assign: '指定责任人',
  contact: '记录联系情况',
  fix: '记录整改措施',
  close: '办结',
  appeal: '提起申诉复核',
  decideAppeal: '申诉复核结论',
  callback: '记录回访',
};

function detailOf(a: FollowUpAction): string {
  if (a.action === 'decideAppeal') return a.upheld ? '：申诉成立' : '：申诉不成立';
  if (a.action === 'callback') return `：${CALLBACK_OUTCOME_NAMES[a.outcome]}`;
  return '';
}

/**
 * 显示号码 on a follow-up (`POST /followups/:id/phone`): the callback number in full, audited.
 */
export function revealPhone(ctx: AdminContext, actor: Actor, id: number): { phone: string } {
  const r = rowOf(ctx, id);
  return revealFollowUpPhone(ctx, actor, { id: r.id, ticketId: r.ticket_id, ticketNumber: r.ticket_number, caseId: r.case_id });
}

/**
 * One step of a follow-up: assign an owner, record the contact made (open → contacted), record the fix,
 * close (needs the contact and the fix), appeal a mistaken or malicious rating (申诉复核), decide the
 * appeal (upheld: the rating no longer counts; rejected: back to work), record a callback (回访: reached,
 * not reached, resolved; one that reached the citizen counts as the contact, a resolved one deletes the
 * number). Each step is audited; a follow-up that ends deletes the number kept for its callback.
 */
export function actOnFollowUp(ctx: AdminContext, actor: Actor, id: number, body: unknown): FollowUp {
  const parsed = followUpActionSchema.safeParse(body, { error: z.locales.zhCN().localeError });
  if (!parsed.success) throw badRequest(`回访操作有误：${zodIssues(parsed.error)[0]!.message}`, zodIssues(parsed.error));
  const a = parsed.data;
  const before = rowOf(ctx, id);
  const now = ctx.now();
  if (FINAL.includes(before.state)) throw invalidState('该回访事项已结束');
  const set: Record<string, unknown> = { updated_at: now };
  switch (a.action) {
    case 'assign':
      if (!ctx.hall.state.catalog.staff.has(a.ownerId)) throw badRequest(`工作人员 ${a.ownerId} 不存在`);
      set.owner_id = a.ownerId;
      break;
    case 'contact':
      set.contact_note = a.note;
      set.contacted_at = now;
      if (before.state === 'open') set.state = 'contacted';
      break;
    case 'fix':
      set.fix = a.fix;
      break;
    case 'close':
      if (before.state === 'appealed') throw invalidState('申诉复核中，请先作出复核结论');
      if (!before.contacted_at) throw invalidState('请先记录与群众的联系情况');
      if (!before.fix) throw invalidState('请先记录整改措施');
      Object.assign(set, { state: 'closed', closed_at: now, closing_note: a.note });
      break;
    case 'appeal':
      if (before.state === 'appealed') throw invalidState('已在申诉复核中');
      if (before.appeal_result) throw invalidState('该评价已申诉过一次');
      Object.assign(set, { state: 'appealed', appeal_reason: a.reason, appealed_at: now });
      break;
    case 'decideAppeal':
      if (before.state !== 'appealed') throw invalidState('没有待复核的申诉');
      Object.assign(set, {
        appeal_result: a.upheld ? 'upheld' : 'rejected',
        appeal_note: a.note,
        appeal_decided_at: now,
        state: a.upheld ? 'appeal_upheld' : before.contacted_at ? 'contacted' : 'open',
        ...(a.upheld ? { closed_at: now } : {}),
      });
      break;
    case 'callback':
      // A call that reached the citizen is the contact the close asks for; one that did not is only logged.
      if (a.outcome !== 'not_reached') {
        Object.assign(set, { contact_note: `电话回访（${CALLBACK_OUTCOME_NAMES[a.outcome]}）：${a.note}`, contacted_at: now });
        if (before.state === 'open') set.state = 'contacted';
      }
      break;
  }
  const cols = Object.keys(set);
  // The follow-up ends (closed, or the rating set aside): the number kept for the callback goes with it.
  const ends = set.state === 'closed' || set.state === 'appeal_upheld';
  ctx.change(
    actor,
    () => {
      ctx.db.prepare(`UPDATE followups SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => set[c]), id);
      if (a.action === 'callback') recordCall(ctx, actor, id, before.ticket_id, a.outcome, a.note, now);
      if (ends) ctx.deps.callbacks?.forget(before.ticket_id);
    },
    () => ({
      action: `followup.${a.action}`,
      targetKind: 'followup',
      targetId: String(id),
      summary: `差评回访 ${before.ticket_number}（${before.case_id}）：${ACTION_LABELS[a.action]}${detailOf(a)}`,
      before: { state: before.state, owner_id: before.owner_id, contact_note: before.contact_note, fix: before.fix },
      after: a.action === 'callback' ? { ...set, outcome: a.outcome, phoneDeleted: FINAL_OUTCOMES.includes(a.outcome) || ends } : set,
    }),
  );
  return getFollowUp(ctx, id);
}
