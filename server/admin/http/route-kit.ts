import { refused } from '../../../protocol/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Admin } from '../index';
import type { Actor } from '../deps';
import { AdminError } from '../errors';
import { isStorageFailure } from '../../store/write-health';

/** What each route group gets: the scoped Fastify instance (already behind the admin check) and the runtime. */
export interface RouteScope {
  app: FastifyInstance;
  admin: Admin;
}

/** The signed-in admin, set by `requireStaff`. */
export function actorOf(req: FastifyRequest): Actor {
  return { id: req.staff!.id, name: req.staff!.name };
}

/**
 * Wraps a handler into the one answer shape: `{ ok: true, ...result }`, or `{ ok: false, error }` with the
 * refusal's status. Unknown errors are logged and answered INTERNAL; their text never reaches the page.
 */
export function handle<T extends object | void>(admin: Admin, fn: (req: FastifyRequest, reply: FastifyReply) => Promise<T> | T) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const result = await fn(req, reply);
      if (reply.sent) return reply;
      return { ok: true, ...(result ?? {}) };
    } catch (err) {
      if (err instanceof AdminError) return reply.code(err.status).send({ ok: false, error: err.toBody() });
      // A full or read-only disk: the server's error handler answers UNAVAILABLE and tells /healthz.
      if (isStorageFailure(err)) throw err;
      admin.ctx.deps.logger.error({ err, url: req.url }, 'admin request failed');
      return reply.code(500).send(refused('INTERNAL'));
    }
  };
}

export const params = (req: FastifyRequest) => req.params as Record<string, string>;
export const query = (req: FastifyRequest) => req.query as Record<string, string | undefined>;
