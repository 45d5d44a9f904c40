import { z } from 'zod';
import type { HallCommand } from '../domain/events';
import { requestKey, type RequestKey } from '../hall/hall';
import { writeAudit } from './audit';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { AdminError, badRequest, notFound, zodIssues } from './errors';

/**
 * What the manager does from the live view about a ticket nobody can call: open a window (sign a clerk in
 * to it, past the roster if need be) or cancel the ticket with a reason. Both go through the hall's one
 * command path, and the audit row is written inside the command's transaction.
 */

const requestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
const cancelBody = z.strictObject({ requestId, reason: z.string().trim().min(2, '请填写取消原因（至少两个字）').max(200) });
const openBody = z.strictObject({ requestId, staffId: z.string().min(1).max(64) });

/** `POST /live/tickets/:id/cancel`: ends a waiting ticket with the manager's reason; audited. */
export function cancelTicket(ctx: AdminContext, actor: Actor, ticketId: string, body: unknown): void {
  const parsed = cancelBody.safeParse(body);
  if (!parsed.success) throw badRequest('请填写取消原因', zodIssues(parsed.error));
  const t = ctx.hall.state.tickets.get(ticketId);
  if (!t) throw notFound('号票不存在');
  const { reason } = parsed.data;
  run(ctx, actor, requestKey(parsed.data.requestId, { ticketId, ...parsed.data }), { type: 'ticket.cancel', ticketId, reason: `值班负责人取消：${reason}`, by: { kind: 'manager', staffId: actor.id } }, () => ({
    action: 'ticket.cancel',
    targetKind: 'ticket',
    targetId: ticketId,
    summary: `取消号票 ${t.number}（${reason}）`,
    before: { number: t.number, state: t.state },
    after: { state: 'cancelled', reason },
  }));
}

/** `POST /live/windows/:id/open`: signs a clerk in to a window so the tickets only it serves are called; audited. */
export function openWindow(ctx: AdminContext, actor: Actor, windowId: string, body: unknown): void {
  const parsed = openBody.safeParse(body);
  if (!parsed.success) throw badRequest('请选择工作人员', zodIssues(parsed.error));
  const def = ctx.hall.state.catalog.windows.get(windowId);
  if (!def) throw notFound('窗口不存在');
  const staff = ctx.hall.state.catalog.staff.get(parsed.data.staffId);
  if (!staff) throw notFound('工作人员不存在');
  // The manager's word opens the window past the roster (the event records the override).
  run(ctx, actor, requestKey(parsed.data.requestId, { windowId, ...parsed.data }), { type: 'window.signIn', windowId, staffId: staff.id, override: true }, () => ({
    action: 'window.open',
    targetKind: 'window',
    targetId: windowId,
    summary: `开启 ${def.name}，由 ${staff.name} 值守`,
    before: { status: 'closed' },
    after: { status: 'open', staffId: staff.id },
  }));
}

/** Runs a command through the hall with its audit row in the same transaction; the request is bound to its payload. */
function run(ctx: AdminContext, actor: Actor, request: RequestKey, command: HallCommand, entry: () => Parameters<typeof writeAudit>[3]): void {
  const at = ctx.now();
  const r = ctx.hall.execute(`staff:${actor.id}`, command, request, () => {
    writeAudit(ctx.db, actor, at, entry());
    return {};
  });
  if (!r.ok) throw new AdminError(r.error.code, r.error.code === 'BAD_REQUEST' ? 400 : 409, r.error.message);
}
