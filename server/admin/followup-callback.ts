import type { CallbackCall, CallbackOutcome, FollowUpCallback } from '../../protocol/admin';
import type { AdminContext } from './context';
import type { Actor } from './deps';
import { invalidState, notFound } from './errors';

/**
 * 回访 on a 差评 follow-up: the citizen's number kept for the callback (masked in the list, shown in full
 * only on request, each request audited), and the calls made. The number itself lives in the notifier's
 * callback store (server/privacy/callback-contacts.ts), sealed under a key outside hall.db.
 */

/** Outcomes after which the number is no longer needed: it is deleted in the same transaction. */
export const FINAL_OUTCOMES: readonly CallbackOutcome[] = ['resolved'];

/** The follow-up's callback as the list shows it. */
export function callbackOf(ctx: AdminContext, followUpId: number, ticketId: string): FollowUpCallback {
  const kept = ctx.deps.callbacks?.view(ticketId, ctx.now()) ?? null;
  const calls = ctx.db
    .prepare('SELECT outcome, note, actor_name AS actorName, at FROM followup_callbacks WHERE followup_id = ? ORDER BY id')
    .all(followUpId) as CallbackCall[];
  return { phoneMasked: kept?.phoneMasked ?? null, keepUntil: kept?.keepUntil ?? null, calls };
}

/** Records one call (inside the action's transaction); a final outcome deletes the number. */
export function recordCall(ctx: AdminContext, actor: Actor, followUpId: number, ticketId: string, outcome: CallbackOutcome, note: string, at: number): void {
  ctx.db
    .prepare('INSERT INTO followup_callbacks (followup_id, outcome, note, actor_id, actor_name, at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(followUpId, outcome, note, actor.id, actor.name, at);
  if (FINAL_OUTCOMES.includes(outcome)) ctx.deps.callbacks?.forget(ticketId);
}

/**
 * "显示号码": the full number of a follow-up's citizen, for the person about to call. Admin only (the
 * console's routes are), and audited in the same transaction as the read: who saw which ticket's number
 * (masked in the audit row: the log must not become a copy of the numbers) and when.
 */
export function revealFollowUpPhone(ctx: AdminContext, actor: Actor, followUp: { id: number; ticketId: string; ticketNumber: string; caseId: string }): { phone: string } {
  const callbacks = ctx.deps.callbacks;
  const now = ctx.now();
  const kept = callbacks?.view(followUp.ticketId, now) ?? null;
  if (!callbacks || !kept) throw notFound('该回访没有保留的手机号（群众未留号码、已回访办结或已过保留期限）');
  return ctx.change(
    actor,
    () => {
      const phone = callbacks.reveal(followUp.ticketId, now);
      if (phone === 'gone') throw notFound('该回访没有保留的手机号');
      // The key file was replaced since the number was kept: it cannot be opened, and nothing is audited as seen.
      if (phone === 'sealed-elsewhere') throw invalidState('号码无法解密（密钥文件已更换），请从备份恢复密钥文件');
      return { phone };
    },
    () => ({
      action: 'followup.revealPhone',
      targetKind: 'followup',
      targetId: String(followUp.id),
      summary: `差评回访 ${followUp.ticketNumber}（${followUp.caseId}）：查看手机号 ${kept.phoneMasked}`,
      before: null,
      after: { ticketId: followUp.ticketId, phoneMasked: kept.phoneMasked },
    }),
  );
}
