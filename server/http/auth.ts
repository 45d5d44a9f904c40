import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRole } from '../../protocol/catalog';
import type { Hall } from '../hall/hall';
import { staffForSession } from '../realtime/auth';
import type { Db } from '../store/database';
import { sendError } from './routes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, set by `requireStaff`. */
    staff?: { id: string; name: string; role: StaffRole };
  }
}

/**
 * A preHandler for REST routes behind a staff session (`Authorization: Bearer <token from /api/login>`).
 * `roles` lists who may pass; the admin console's routes use ['admin'].
 */
export function requireStaff(deps: { db: Db; hall: Hall }, roles: StaffRole[]) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const staffId = token ? staffForSession(deps.db, token, deps.hall.clock.now()) : null;
    const staff = staffId ? deps.hall.state.catalog.staff.get(staffId) : undefined;
    if (!staff) return sendError(reply, 401, 'UNAUTHENTICATED', '未登录或登录已过期');
    if (!roles.includes(staff.role)) return sendError(reply, 403, 'FORBIDDEN');
    req.staff = { id: staff.id, name: staff.name, role: staff.role };
  };
}
