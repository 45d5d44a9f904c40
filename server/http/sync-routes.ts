import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { SyncService } from '../sync/service';
import { sendError } from './routes';

/** What the sync routes need: the sender, and the guard the composition root puts in front (admin only). */
export interface SyncRouteDeps {
  sync: Pick<SyncService, 'status' | 'deadLetters' | 'requeueDeadLetters'>;
  preHandler?: preHandlerAsyncHookHandler | preHandlerAsyncHookHandler[];
}

const deadLettersQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const requeueBody = z.object({ outboxIds: z.array(z.number().int().positive()).min(1).max(10_000).optional() }).strict();

/**
 * `GET /api/sync/status` (backlog, last success, last error, next attempt, batch in flight, dead
 * letters count), `GET /api/sync/dead-letters?limit=` (records the district refused, newest first) and
 * `POST /api/sync/dead-letters/requeue` with `{ outboxIds? }` (send them again; all when omitted).
 */
export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  const guard = deps.preHandler ? { preHandler: deps.preHandler } : {};

  app.get('/api/sync/status', guard, async () => ({ ok: true, ...deps.sync.status() }));

  app.get('/api/sync/dead-letters', guard, async (req, reply) => {
    const q = deadLettersQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, 400, 'BAD_REQUEST', 'limit 须为 1 到 1000 的整数');
    return { ok: true, deadLetters: deps.sync.deadLetters(q.data.limit) };
  });

  app.post('/api/sync/dead-letters/requeue', guard, async (req, reply) => {
    const b = requeueBody.safeParse(req.body ?? {});
    if (!b.success) return sendError(reply, 400, 'BAD_REQUEST', 'outboxIds 须为正整数数组');
    return { ok: true, requeued: deps.sync.requeueDeadLetters(b.data.outboxIds) };
  });
}
