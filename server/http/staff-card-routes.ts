import type { FastifyInstance } from 'fastify';
import { clerkCard, staffPhoto } from '../admin/staff-photo';
import type { Hall } from '../hall/hall';
import type { Db } from '../store/database';
import { sendError } from './routes';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What a window screen and an evaluation pad show of the clerk serving there (亮证亮岗): public, as the
 * clerk's name, 工号 and photo hang at the window anyway. Nothing else of the staff record is given out.
 * - `GET /api/windows/:id/clerk`: `{ clerk: ClerkCard | null }` (null when nobody is signed in there);
 * - `GET /api/staff/:id/photo`: the photo's bytes with their checked type.
 */
export function registerStaffCardRoutes(app: FastifyInstance, deps: { hall: Hall; db: Db }): void {
  app.get('/api/windows/:id/clerk', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID.test(id)) return sendError(reply, 400, 'BAD_REQUEST', '窗口编号格式不正确');
    if (!deps.hall.state.windows.has(id)) return sendError(reply, 404, 'UNKNOWN_WINDOW', '窗口不存在');
    return { ok: true, clerk: clerkCard(deps, id) };
  });

  app.get('/api/staff/:id/photo', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID.test(id)) return sendError(reply, 400, 'BAD_REQUEST', '工作人员编号格式不正确');
    const photo = staffPhoto(deps.db, id);
    if (!photo || !deps.hall.state.catalog.staff.has(id)) return sendError(reply, 404, 'NOT_FOUND', '没有照片');
    // The address carries the version (?v=updatedAt), so a screen may keep it; nosniff: the type is the checked one.
    return reply
      .header('content-type', photo.mime)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=86400')
      .send(photo.data);
  });
}
