import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { EventsPage } from '../../protocol/pushes';
import type { HallEvent } from '../domain/events';
import { publicEvent } from '../hall/feed-events';
import type { Hall } from '../hall/hall';
import type { Db } from '../store/database';
import { sendError } from './routes';

export interface EventRouteDeps {
  db: Db;
  hall: Pick<Hall, 'seq'>;
  /** The guard the composition root puts in front (admin sessions). */
  preHandler: preHandlerAsyncHookHandler;
}

export const EVENTS_PAGE_MAX = 1000;

const eventsQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(EVENTS_PAGE_MAX).default(100),
  })
  .strict();

/**
 * `GET /api/events?after=SEQ&limit=N`: the event log after a seq, each event in its public variant (no
 * personal data, as kiosks and displays see it), paged. What a receiver reads after a gap longer than a
 * snapshot mends, or to line answers up with the feed (every answer carries its `seq`).
 */
export function registerEventRoutes(app: FastifyInstance, deps: EventRouteDeps): void {
  const page = deps.db.prepare('SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  app.get('/api/events', { preHandler: deps.preHandler }, async (req, reply) => {
    const q = eventsQuery.safeParse(req.query ?? {});
    if (!q.success) return sendError(reply, 400, 'BAD_REQUEST', `after 须为非负整数，limit 须为 1 到 ${EVENTS_PAGE_MAX} 的整数`);
    const { after, limit } = q.data;
    // One more than asked tells whether another page follows.
    const rows = page.all(after, limit + 1) as { seq: number; payload: string }[];
    const events = rows.slice(0, limit).map((r) => ({ seq: r.seq, event: publicEvent(JSON.parse(r.payload) as HallEvent) }));
    const body: EventsPage = {
      ok: true,
      events,
      next: events.at(-1)?.seq ?? after,
      more: rows.length > limit,
      lastSeq: deps.hall.seq,
    };
    return body;
  });
}
