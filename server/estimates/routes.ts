import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http/routes';
import type { EstimateService } from './estimate-service';

/** What the simulation route needs: the estimate service, and the admin guard the composition root puts in front. */
export interface SimulationRouteDeps {
  estimates: Pick<EstimateService, 'modelReport'>;
  preHandler?: preHandlerAsyncHookHandler | preHandlerAsyncHookHandler[];
}

const modelQuery = z.object({ kind: z.enum(['workday', 'weekend-service', 'after-holiday']).optional() }).strict();

/**
 * `GET /api/admin/simulation/model[?kind=]`: the models the wait estimates run on, as learned from the
 * hall's history (arrivals per hour and group, handling minutes per matter with their sample counts and
 * the catalogue minutes they were shrunk toward, no-show and return rates), for one kind of day or all.
 */
export function registerSimulationRoutes(app: FastifyInstance, deps: SimulationRouteDeps): void {
  const guard = deps.preHandler ? { preHandler: deps.preHandler } : {};
  app.get('/api/admin/simulation/model', guard, async (req, reply) => {
    const q = modelQuery.safeParse(req.query ?? {});
    if (!q.success) return sendError(reply, 400, 'BAD_REQUEST', 'kind 须为 workday、weekend-service 或 after-holiday');
    const report = deps.estimates.modelReport();
    const models = q.data.kind && report.models ? { [q.data.kind]: report.models[q.data.kind] } : report.models;
    return { ok: true, ...report, models };
  });
}
