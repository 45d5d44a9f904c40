import { listAudit } from '../audit';
import { updateAdminConfig } from '../admin-config';
import { readAdminConfig } from '../config';
import { closeDay, dayView, openDay } from '../day-admin';
import { badRequest } from '../errors';
import { actOnFollowUp, getFollowUp, listFollowUps, revealPhone } from '../followups';
import { rosterOpensAt } from '../../calendar/roster-opens';
import { liveView } from '../live';
import { cancelTicket, openWindow } from '../live-actions';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, WEBHOOK_EVENTS } from '../webhooks';
import { actorOf, handle, params, query, type RouteScope } from './route-kit';

/** Live view and alerts, 差评 follow-ups, the console's settings, webhooks and the audit log. */
export function registerOpsRoutes({ app, admin }: RouteScope): void {
  const { ctx } = admin;

  // Kiosk printers ride along: a printer out of paper is something the manager must see at once.
  app.get(
    '/live',
    handle(admin, () => {
      const now = ctx.now();
      // When a window that can serve a stranded ticket opens: the calendar's answer, as the take answer gives it.
      const calendar = ctx.deps.calendar?.() ?? null;
      const rosterOpens = calendar ? (ids: readonly string[]) => rosterOpensAt(calendar, now, ids) : undefined;
      return { live: liveView(ctx.hall.state, now, rosterOpens), alerts: admin.alerts.current(), printers: ctx.deps.printing?.printers() ?? [] };
    }),
  );

  // What the manager does about a ticket nobody can call (the live view's 无人可办 list).
  app.post('/live/tickets/:id/cancel', handle(admin, (req) => cancelTicket(ctx, actorOf(req), params(req).id!, req.body)));
  app.post('/live/windows/:id/open', handle(admin, (req) => openWindow(ctx, actorOf(req), params(req).id!, req.body)));

  // The business day: reopen after a mistaken close, or go back from a wrong date (forced, with a reason).
  app.get('/day', handle(admin, () => ({ day: dayView(ctx) })));
  app.post('/day/open', handle(admin, (req) => ({ day: openDay(ctx, actorOf(req), req.body) })));
  app.post('/day/close', handle(admin, (req) => ({ day: closeDay(ctx, actorOf(req), req.body) })));

  app.get('/followups', handle(admin, (req) => ({ followUps: listFollowUps(ctx, req.query) })));
  app.get(
    '/followups/:id',
    handle(admin, (req) => {
      const id = Number(params(req).id);
      if (!Number.isInteger(id)) throw badRequest('编号应为整数');
      return { followUp: getFollowUp(ctx, id) };
    }),
  );
  app.post(
    '/followups/:id/actions',
    handle(admin, (req) => {
      const id = Number(params(req).id);
      if (!Number.isInteger(id)) throw badRequest('编号应为整数');
      return { followUp: actOnFollowUp(ctx, actorOf(req), id, req.body) };
    }),
  );
  // 显示号码: a POST, not a GET: every reveal is an audited act, never cached or prefetched.
  app.post(
    '/followups/:id/phone',
    handle(admin, (req) => {
      const id = Number(params(req).id);
      if (!Number.isInteger(id)) throw badRequest('编号应为整数');
      return revealPhone(ctx, actorOf(req), id);
    }),
  );
  app.post('/evaluations/apply-defaults', handle(admin, () => ({ rated: admin.applyDefaults() })));

  app.get('/config', handle(admin, () => ({ config: readAdminConfig(ctx.db) })));
  app.put('/config', handle(admin, (req) => ({ config: updateAdminConfig(ctx, actorOf(req), req.body) })));

  app.get('/webhooks', handle(admin, () => ({ webhooks: listWebhooks(ctx.db), events: Object.keys(WEBHOOK_EVENTS) })));
  app.post('/webhooks', handle(admin, (req) => createWebhook(ctx, actorOf(req), req.body)));
  app.put('/webhooks/:id', handle(admin, (req) => ({ webhook: updateWebhook(ctx, actorOf(req), params(req).id!, req.body) })));
  app.post('/webhooks/:id/secret', handle(admin, (req) => rotateWebhookSecret(ctx, actorOf(req), params(req).id!)));
  app.delete(
    '/webhooks/:id',
    handle(admin, (req) => {
      deleteWebhook(ctx, actorOf(req), params(req).id!);
    }),
  );

  app.get(
    '/audit',
    handle(admin, (req) => {
      const q = query(req);
      const limit = Math.min(Math.max(Number(q.limit ?? 100) || 100, 1), 500);
      const beforeId = q.beforeId ? Number(q.beforeId) : undefined;
      if (beforeId !== undefined && !Number.isInteger(beforeId)) throw badRequest('beforeId 应为整数');
      return { entries: listAudit(ctx.db, { limit, beforeId, targetKind: q.targetKind, targetId: q.targetId, actorId: q.actorId }) };
    }),
  );
}
