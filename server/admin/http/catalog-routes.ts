import { ADMIN_ITEM_KINDS } from '../catalog-routes-kinds';
import { catalogView, createItem, deleteItem, updateHall, updateSettings, upsertItem } from '../catalog-admin';
import { exportCatalogJson, exportCatalogXlsx, importCatalog, jsonRows, xlsxRows } from '../catalog-io';
import { calendarView, deleteOverride, putDay, putOverride, updateCalendarConfig } from '../calendar-admin';
import { badRequest, notFound } from '../errors';
import { actorOf, handle, params, query, type RouteScope } from './route-kit';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Catalogue items (groups, matters, bundles, windows), the hall record, dispatch settings, import/export, calendar. */
export function registerCatalogRoutes({ app, admin }: RouteScope): void {
  const { ctx } = admin;
  const kindOf = (k: string) => {
    if (!(ADMIN_ITEM_KINDS as readonly string[]).includes(k)) throw notFound(`未知的目录类型 ${k}`);
    return k as (typeof ADMIN_ITEM_KINDS)[number];
  };

  app.get('/catalog', handle(admin, () => ({ catalog: catalogView(ctx) })));
  app.post(
    '/catalog/:kind',
    handle(admin, (req) => {
      const body = req.body as { id?: unknown } | null;
      if (!body || typeof body.id !== 'string') throw badRequest('请填写编号');
      return { item: createItem(ctx, actorOf(req), kindOf(params(req).kind!), body.id, body) };
    }),
  );
  app.put('/catalog/:kind/:id', handle(admin, (req) => ({ item: upsertItem(ctx, actorOf(req), kindOf(params(req).kind!), params(req).id!, req.body) })));
  app.delete(
    '/catalog/:kind/:id',
    handle(admin, (req) => {
      deleteItem(ctx, actorOf(req), kindOf(params(req).kind!), params(req).id!);
    }),
  );
  app.put('/hall', handle(admin, (req) => ({ hall: updateHall(ctx, actorOf(req), req.body) })));
  app.put('/settings', handle(admin, (req) => ({ settings: updateSettings(ctx, actorOf(req), req.body) })));

  app.get(
    '/catalog-export',
    handle(admin, async (req, reply) => {
      const stamp = new Date(ctx.now()).toISOString().slice(0, 10);
      if (query(req).format === 'xlsx') {
        const buf = await exportCatalogXlsx(ctx);
        return reply.header('content-disposition', `attachment; filename="catalog-${stamp}.xlsx"`).type(XLSX_TYPE).send(buf);
      }
      return reply.header('content-disposition', `attachment; filename="catalog-${stamp}.json"`).type('application/json; charset=utf-8').send(JSON.stringify(exportCatalogJson(ctx), null, 2));
    }),
  );

  // An xlsx upload arrives as raw bytes; only this scope parses them, with a larger limit than JSON bodies.
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 10_000_000 }, (_req, body, done) => done(null, body));
  app.post(
    '/catalog-import',
    { bodyLimit: 10_000_000 },
    handle(admin, async (req) => {
      const q = query(req);
      const dryRun = q.dryRun === 'true';
      const fileName = (q.name ?? '').slice(0, 100) || 'catalog';
      const source = Buffer.isBuffer(req.body) ? await xlsxRows(req.body) : jsonRows(req.body);
      return { result: importCatalog(ctx, actorOf(req), source, { dryRun, fileName }) };
    }),
  );

  app.get('/calendar', handle(admin, (req) => ({ calendar: calendarView(ctx, query(req).month) })));
  app.put('/calendar', handle(admin, (req) => ({ config: updateCalendarConfig(ctx, actorOf(req), req.body) })));
  app.put('/calendar/days/:date', handle(admin, (req) => ({ day: putDay(ctx, actorOf(req), params(req).date!, req.body) })));
  app.put('/calendar/overrides/:date', handle(admin, (req) => ({ override: putOverride(ctx, actorOf(req), params(req).date!, req.body) })));
  app.delete(
    '/calendar/overrides/:date',
    handle(admin, (req) => {
      deleteOverride(ctx, actorOf(req), params(req).date!);
    }),
  );
}
