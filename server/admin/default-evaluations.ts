import type { HallEvent } from '../domain/events';
import type { Ticket } from '../domain/types';
import { readAdminConfig } from './config';
import type { AdminContext } from './context';

const DAY_MS = 24 * 3600_000;
/** The actor recorded on default ratings in the event log. */
export const DEFAULT_RATING_ACTOR = 'system:default-evaluation';

/**
 * Gives every case still unrated `afterDays` days after completion the hall's default level, marked
 * `isDefault`, as an EvaluationSubmitted event: the event log, the cases table and the district outbox
 * all say so, and reports show it as a default.
 *
 * Today's tickets go through `hall.execute` like any rating. Older tickets are no longer in the hall's
 * memory (the domain keeps one day), so `decide` cannot see them: their event is committed through the
 * hall's store on a view of the state that holds just that ticket — the same transaction that writes the
 * event, the case rows and the outbox — and pushed to the terminals with its seq, so no terminal sees a
 * gap. The day's in-memory figures are left alone: the rating belongs to the day the case was served.
 */
export function applyDefaultEvaluations(ctx: AdminContext, limit = 500): number {
  const cfg = readAdminConfig(ctx.db).defaultEvaluation;
  if (!cfg.enabled) return 0;
  const now = ctx.now();
  const rows = ctx.db
    .prepare('SELECT case_id, ticket_id FROM cases WHERE evaluation_level IS NULL AND completed_at <= ? ORDER BY completed_at LIMIT ?')
    .all(now - cfg.afterDays * DAY_MS, limit) as { case_id: string; ticket_id: string }[];
  const byTicket = new Map<string, string[]>();
  for (const r of rows) byTicket.set(r.ticket_id, [...(byTicket.get(r.ticket_id) ?? []), r.case_id]);
  let rated = 0;
  for (const [ticketId, caseIds] of byTicket) {
    const live = ctx.hall.state.tickets.get(ticketId);
    if (live) {
      const r = ctx.hall.execute(DEFAULT_RATING_ACTOR, { type: 'evaluation.submit', windowId: live.windowId ?? '', ticketId, level: cfg.level, comment: '', isDefault: true }, null, () => ({}));
      if (r.ok) rated += caseIds.length;
      else ctx.deps.logger.warn({ ticketId, error: r.error }, 'default rating refused');
      continue;
    }
    const row = ctx.db.prepare('SELECT doc FROM tickets WHERE id = ?').get(ticketId) as { doc: string } | undefined;
    if (!row) continue;
    const ticket = JSON.parse(row.doc) as Ticket;
    const event: HallEvent = {
      type: 'EvaluationSubmitted',
      at: now,
      ticketId,
      caseIds,
      windowId: ticket.windowId ?? '',
      staffId: ticket.staffId,
      level: cfg.level,
      comment: '',
      isDefault: true,
    };
    ctx.hall.recordForPastTicket(DEFAULT_RATING_ACTOR, ticket, [event]);
    rated += caseIds.length;
  }
  if (rated > 0) ctx.deps.logger.info({ rated, level: cfg.level }, 'applied the default rating to unrated cases');
  return rated;
}
