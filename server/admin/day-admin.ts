import { z } from 'zod';
import type { DayView } from '../../protocol/admin';
import { businessDateSchema } from '../../protocol/commands';
import { businessDateOf } from '../calendar/time';
import type { HallCommand } from '../domain/events';
import { requestKey } from '../hall/hall';
import { writeAudit } from './audit';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { AdminError, badRequest, zodIssues } from './errors';

const requestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);

/**
 * `POST /day/open`: a real date; `force` with a reason opens a date the hall would refuse (more than a day
 * off its clock, or earlier than the day it holds): the way back from a wrong day. Audited.
 */
const openBody = z.strictObject({
  requestId,
  businessDate: businessDateSchema,
  force: z.boolean().default(false),
  reason: z.string().trim().max(200).default(''),
}).refine((b) => !b.force || b.reason.length >= 2, { message: '强制开启营业日必须填写原因（至少两个字）', path: ['reason'] });

/** `POST /day/close`: the reason is written on every ticket the close ends. Audited. */
const closeBody = z.strictObject({ requestId, reason: z.string().trim().min(2).max(200) });

/** The business day as the console shows it: the day the hall holds beside the hall clock's own date. */
export function dayView(ctx: AdminContext): DayView {
  const { businessDate, dayOpen } = ctx.hall.state;
  const hallDate = businessDateOf(ctx.now());
  return { businessDate, dayOpen, hallDate, matchesClock: businessDate === hallDate };
}

/** Opens (or reopens, or forces) a business day for a manager, with the audit row in the same transaction. */
export function openDay(ctx: AdminContext, actor: Actor, body: unknown): DayView {
  const parsed = openBody.safeParse(body);
  if (!parsed.success) throw badRequest('营业日请求不正确', zodIssues(parsed.error));
  const { businessDate, force, reason } = parsed.data;
  const before = dayView(ctx);
  const command: HallCommand = force ? { type: 'day.open', businessDate, force: { reason } } : { type: 'day.open', businessDate };
  run(ctx, actor, parsed.data.requestId, command, () => ({
    action: force ? 'day.forceOpen' : 'day.open',
    targetKind: 'day',
    targetId: businessDate,
    summary: force
      ? `强制开启营业日 ${businessDate}（原营业日 ${before.businessDate ?? '无'}，原因：${reason}）`
      : `${before.businessDate === businessDate ? '重新开启' : '开启'}营业日 ${businessDate}`,
    before,
    after: { businessDate, dayOpen: true, ...(force ? { reason } : {}) },
  }));
  return dayView(ctx);
}

/** Closes the business day for a manager; audited. */
export function closeDay(ctx: AdminContext, actor: Actor, body: unknown): DayView {
  const parsed = closeBody.safeParse(body);
  if (!parsed.success) throw badRequest('请填写结束营业的原因', zodIssues(parsed.error));
  const before = dayView(ctx);
  run(ctx, actor, parsed.data.requestId, { type: 'day.close', reason: parsed.data.reason }, () => ({
    action: 'day.close',
    targetKind: 'day',
    targetId: before.businessDate,
    summary: `结束营业日 ${before.businessDate ?? ''}（${parsed.data.reason}）`,
    before,
    after: { businessDate: before.businessDate, dayOpen: false },
  }));
  return dayView(ctx);
}

/**
 * Runs a day command through the hall. The audit row is written while the hall builds its answer, inside
 * the command's own transaction, so the day changes and its audit row exist together or not at all; memory
 * moves only after that commit. A repeated requestId (a double click) answers as the first did.
 */
function run(ctx: AdminContext, actor: Actor, requestId: string, command: HallCommand, entry: () => Parameters<typeof writeAudit>[3]): void {
  const at = ctx.now();
  const r = ctx.hall.execute(`staff:${actor.id}`, command, requestKey(requestId, command), () => {
    writeAudit(ctx.db, actor, at, entry());
    return {};
  });
  if (!r.ok) throw new AdminError(r.error.code, r.error.code === 'BAD_REQUEST' || r.error.code === 'INVALID_BUSINESS_DATE' ? 400 : 409, r.error.message);
}
