import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { SyncService } from '../sync/service';
import { sendError } from './routes';

/** What the sync routes need: the sender, and the guard the composition root puts in front (admin only). */
export interface SyncRouteDeps {
  sync: Pick<SyncService, 'status' | 'deadLetters'>;
  preHandler?: preHandlerAsyncHookHandler | preHandlerAsyncHookHandler[];
}

const deadLettersQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/**
 * `GET /api/sync/status` (backlog, last success, last error, next attempt, batch in flight, dead
 * letters count) and `GET /api/sync/dead-letters?limit=` (records the district refused, newest first).
 */
export function registerSyncRoutes(app: FastifyInstance, deps: SyncRouteDeps): void {
  const guard = deps.preHandler ? { preHandler: deps.preHandler } : {};

  app.get('/api/sync/status', guard, async () => ({ ok: true, ...deps.sync.status() }));

  app.get('/api/sync/dead-letters', guard, async (req, reply) => {
    const q = deadLettersQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, 400, 'BAD_REQUEST', 'limit 须为 1 到 1000 的整数');
    return { ok: true, deadLetters: deps.sync.deadLetters(q.data.limit) };
  });
}
