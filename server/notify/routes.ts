import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { Notifier } from './service';

/**
 * `GET /api/notify/status` (admin): whether a gateway is configured and switched on, open tickets with a
 * number kept, backlog, sent, dead letters (the latest twenty with their last error), last success and
 * last error. A dead letter is not requeued: by the time a person looks, its ticket has moved on.
 */
export function registerNotifyRoutes(app: FastifyInstance, deps: { notifier: Pick<Notifier, 'status'>; preHandler?: preHandlerAsyncHookHandler | preHandlerAsyncHookHandler[] }): void {
  const guard = deps.preHandler ? { preHandler: deps.preHandler } : {};
  app.get('/api/notify/status', guard, async () => ({ ok: true, ...deps.notifier.status() }));
}
