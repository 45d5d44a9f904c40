import type { FastifyInstance, FastifyReply } from 'fastify';
import { refused, type ErrorBody, type ErrorCode } from '../../protocol/errors';
import type { EstimateService } from '../estimates/estimate-service';
import type { Hall } from '../hall/hall';
import type { RosterOpens } from '../domain/servability';
import { ticketStatus } from '../hall/views';
import type { Db } from '../store/database';

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message?: string): FastifyReply {
  const body: { ok: false; error: ErrorBody } = refused(code, message);
  return reply.code(status).send(body);
}

/** `GET /healthz`, `GET /api/tickets/:id` (public status); sign-in is in auth.ts. */
export function registerCoreRoutes(
  app: FastifyInstance,
  deps: { hall: Hall; db: Db; estimates?: EstimateService; rosterOpens?: RosterOpens; textReminder?: (ticketId: string) => boolean },
): void {
  const { hall, db } = deps;

  // Reachable is not healthy: a hall whose writes fail (a full disk) says `ok: false`, with the last
  // failure, until a write succeeds. The status stays 200: the shell's probe asks only whether the server
  // answers (a terminal sent to its offline page could not make the write that clears the failure).
  app.get('/healthz', async () => {
    const writes = hall.store.writes.view();
    return { ok: writes.ok, seq: hall.seq, businessDate: hall.state.businessDate, dayOpen: hall.state.dayOpen, writes };
  });

  app.get('/api/tickets/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[A-Za-z0-9_-]{6,32}$/.test(id)) return sendError(reply, 400, 'BAD_REQUEST', '号票编号格式不正确');
    const live = hall.state.tickets.get(id);
    if (live) {
      const status = ticketStatus(hall.state, live, deps.estimates?.forTicket(hall.state, live, hall.clock.now()), deps.rosterOpens);
      return { ok: true, ticket: { ...status, textReminder: deps.textReminder?.(id) ?? false } };
    }
    // An older ticket: from the read table, final by now.
    const row = db.prepare('SELECT doc FROM tickets WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) return sendError(reply, 404, 'UNKNOWN_TICKET', '号票不存在');
    const t = JSON.parse(row.doc);
    return { ok: true, ticket: { ...ticketStatus(hall.state, t), ahead: null, estimatedWaitMinutes: null, estimateRange: null } };
  });
}
