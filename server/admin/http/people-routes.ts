import { z } from 'zod';
import { createDevice, deleteDevice, issueToken, listDevices, printerStatus, revokeTokens, testPrint, updateDevice } from '../devices-admin';
import { createStaff, deleteStaff, listStaff, resetPassword, updateStaff } from '../staff-admin';
import { deleteStaffPhoto, putStaffPhoto } from '../staff-photo';
import { badRequest } from '../errors';
import { actorOf, handle, params, type RouteScope } from './route-kit';

/** Staff (roles, passwords) and devices (tokens, last seen, kiosk printers). */
export function registerPeopleRoutes({ app, admin }: RouteScope): void {
  const { ctx } = admin;
  const idOf = (body: unknown) => {
    const id = (body as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') throw badRequest('请填写编号');
    return id;
  };

  app.get('/staff', handle(admin, () => ({ staff: listStaff(ctx) })));
  app.post('/staff', handle(admin, async (req) => ({ staff: await createStaff(ctx, actorOf(req), idOf(req.body), req.body) })));
  app.put('/staff/:id', handle(admin, (req) => ({ staff: updateStaff(ctx, actorOf(req), params(req).id!, req.body) })));
  app.delete(
    '/staff/:id',
    handle(admin, (req) => {
      deleteStaff(ctx, actorOf(req), params(req).id!);
    }),
  );
  app.post(
    '/staff/:id/password',
    handle(admin, async (req) => {
      await resetPassword(ctx, actorOf(req), params(req).id!, req.body);
    }),
  );

  // The photo for 亮证亮岗: JSON `{ mime, data (base64) }`, type and size checked (staff-photo.ts).
  app.put('/staff/:id/photo', handle(admin, (req) => putStaffPhoto(ctx, actorOf(req), params(req).id!, req.body)));
  app.delete(
    '/staff/:id/photo',
    handle(admin, (req) => {
      deleteStaffPhoto(ctx, actorOf(req), params(req).id!);
    }),
  );

  app.get('/devices', handle(admin, () => ({ devices: listDevices(ctx) })));
  app.post('/devices', handle(admin, (req) => ({ device: createDevice(ctx, actorOf(req), idOf(req.body), req.body) })));
  app.put('/devices/:id', handle(admin, (req) => ({ device: updateDevice(ctx, actorOf(req), params(req).id!, req.body) })));
  app.delete(
    '/devices/:id',
    handle(admin, (req) => {
      deleteDevice(ctx, actorOf(req), params(req).id!);
    }),
  );
  const issueSchema = z.object({ replace: z.boolean().default(false) });
  app.post(
    '/devices/:id/tokens',
    handle(admin, (req) => {
      const body = issueSchema.safeParse(req.body ?? {});
      if (!body.success) throw badRequest('replace 应为 true 或 false');
      return issueToken(ctx, actorOf(req), params(req).id!, body.data.replace);
    }),
  );
  app.delete('/devices/:id/tokens', handle(admin, (req) => revokeTokens(ctx, actorOf(req), params(req).id!)));
  app.get('/devices/:id/printer', handle(admin, async (req) => ({ printer: await printerStatus(ctx, params(req).id!) })));
  app.post('/devices/:id/printer/test', handle(admin, async (req) => ({ printer: await testPrint(ctx, actorOf(req), params(req).id!) })));
}
