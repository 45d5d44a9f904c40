import { addDays, businessDateOf, isIsoDate } from '../../../protocol/business-date';
import { plannerRunSchema, plannerSuggestSchema } from '../../../protocol/planner';
import { PlannerRefusal, PlannerService } from '../../planning/planner-service';
import { savePlannedRoster } from '../planner-admin';
import { AdminError, badRequest, invalidState, zodIssues } from '../errors';
import { actorOf, handle, params, query, type RouteScope } from './route-kit';

/**
 * 排班测算: the planner's setup for a date, a run of a roster, a suggested roster, and saving one as the
 * date's roster in the calendar (audited). Runs are played in slices off the event loop's critical path
 * (`server/planning/`); one at a time.
 */
export function registerPlannerRoutes({ app, admin }: RouteScope): void {
  const { ctx } = admin;
  const planner = new PlannerService({
    db: ctx.db,
    catalog: () => ctx.hall.state.catalog,
    calendar: () => ctx.deps.calendar?.() ?? null,
    now: () => ctx.now(),
    logger: ctx.deps.logger,
  });
  const dateOf = (d: string | undefined) => {
    if (!d || !isIsoDate(d)) throw badRequest('日期格式为 YYYY-MM-DD，且须为真实日期', [{ path: 'date', message: '日期格式为 YYYY-MM-DD，且须为真实日期' }]);
    return d;
  };
  const refusalOf = (err: unknown) => (err instanceof PlannerRefusal ? (err.reason === 'busy' ? invalidState(err.message) : err.reason === 'closed' ? badRequest(err.message) : new AdminError('NOT_AVAILABLE', 503, err.message)) : err);
  const guarded = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw refusalOf(err);
    }
  };

  // Without a date: the hall's next Saturday (today if it is one), the 办事无休日 a manager plans first.
  const nextSaturday = () => {
    const today = businessDateOf(ctx.now());
    return addDays(today, (6 - new Date(`${today}T00:00:00Z`).getUTCDay() + 7) % 7);
  };
  app.get('/planner', handle(admin, (req) => guarded(() => ({ setup: planner.setup(query(req).date === undefined ? nextSaturday() : dateOf(query(req).date)) }))));
  app.post(
    '/planner/run',
    handle(admin, (req) =>
      guarded(async () => {
        const p = plannerRunSchema.safeParse(req.body);
        if (!p.success) throw badRequest(`测算条件有误：${zodIssues(p.error)[0]!.path} ${zodIssues(p.error)[0]!.message}`, zodIssues(p.error));
        return { figures: await planner.run(p.data) };
      }),
    ),
  );
  app.post(
    '/planner/suggest',
    handle(admin, (req) =>
      guarded(async () => {
        const p = plannerSuggestSchema.safeParse(req.body);
        if (!p.success) throw badRequest(`测算条件有误：${zodIssues(p.error)[0]!.path} ${zodIssues(p.error)[0]!.message}`, zodIssues(p.error));
        return { suggestion: await planner.suggest(p.data) };
      }),
    ),
  );
  app.put('/planner/roster/:date', handle(admin, (req) => ({ day: savePlannedRoster(ctx, actorOf(req), dateOf(params(req).date), req.body) })));
}
