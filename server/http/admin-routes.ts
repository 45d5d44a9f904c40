import type { FastifyInstance } from 'fastify';
import { registerAppointmentAdminRoutes } from '../admin/http/appointment-routes';
import { registerCatalogRoutes } from '../admin/http/catalog-routes';
import { registerOpsRoutes } from '../admin/http/ops-routes';
import { registerPeopleRoutes } from '../admin/http/people-routes';
import { registerPlannerRoutes } from '../admin/http/planner-routes';
import { registerReportRoutes } from '../admin/http/report-routes';
import type { Admin } from '../admin/index';
import { requireStaff } from './auth';

/**
 * REST under `/api/admin/...`, every route behind an admin session (`requireStaff(deps, ['admin'])`).
 * Call before `app.listen`: Fastify takes no routes once it listens.
 */
export function registerAdminRoutes(app: FastifyInstance, admin: Admin): void {
  const deps = { db: admin.ctx.db, hall: admin.ctx.hall };
  void app.register(
    async (scope) => {
      scope.addHook('preHandler', requireStaff(deps, ['admin']));
      scope.get('/me', async (req) => ({ ok: true, staff: req.staff }));
      const rs = { app: scope, admin };
      registerCatalogRoutes(rs);
      // After the catalogue routes: it uses the xlsx body parser they add to this scope.
      registerAppointmentAdminRoutes(rs);
      registerPeopleRoutes(rs);
      registerOpsRoutes(rs);
      registerReportRoutes(rs);
      registerPlannerRoutes(rs);
    },
    { prefix: '/api/admin' },
  );
}
