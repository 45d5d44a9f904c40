import { csvGrid, importAppointments, listAppointments, xlsxGrid } from '../appointments-admin';
import { badRequest } from '../errors';
import { actorOf, handle, query, type RouteScope } from './route-kit';

/**
 * 预约: today's (or a date's) appointments with their state, and the import of a booking system's file
 * (CSV or xlsx, all or nothing). `POST /api/appointments` (server/http/appointment-routes.ts) is the same
 * import for a booking system that speaks JSON.
 */
export function registerAppointmentAdminRoutes({ app, admin }: RouteScope): void {
  const { ctx } = admin;
  app.get('/appointments', handle(admin, (req) => listAppointments(ctx, query(req).date)));

  // A CSV arrives as text; an xlsx as bytes through the parser the catalogue routes add to this scope.
  app.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: 5_000_000 }, (_req, body, done) => done(null, body));
  app.post(
    '/appointments-import',
    { bodyLimit: 5_000_000 },
    handle(admin, async (req) => {
      const q = query(req);
      const fileName = (q.name ?? '').slice(0, 100) || 'appointments';
      const body = req.body;
      if (!Buffer.isBuffer(body) && typeof body !== 'string') throw badRequest('请上传 CSV 或 xlsx 文件');
      // An xlsx is a zip (it starts "PK"); any other upload is read as UTF-8 CSV text.
      const isZip = Buffer.isBuffer(body) && body.length > 2 && body[0] === 0x50 && body[1] === 0x4b;
      const grid = isZip ? await xlsxGrid(body) : csvGrid(Buffer.isBuffer(body) ? body.toString('utf8') : body);
      return { result: importAppointments(ctx, actorOf(req), grid, { dryRun: q.dryRun === 'true', fileName }) };
    }),
  );
}
