import { z } from 'zod';
import { parseReportQuery, reportCsv, reportXlsx, runReport } from '../../reports';
import { badRequest, zodIssues } from '../errors';
import { handle, query, type RouteScope } from './route-kit';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const exportSchema = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), table: z.enum(['summary', 'bad', 'hours']).default('summary') });

/** Reports as JSON for the console's tables and charts, and as CSV or xlsx files. */
export function registerReportRoutes({ app, admin }: RouteScope): void {
  const { ctx } = admin;
  const run = (input: unknown) => {
    const q = parseReportQuery(input);
    if (!q.success) throw badRequest(`报表条件有误：${zodIssues(q.error)[0]!.path} ${zodIssues(q.error)[0]!.message}`, zodIssues(q.error));
    return runReport(ctx.db, q.data, ctx.hall.state.catalog, ctx.deps.calendar?.() ?? null, ctx.now());
  };

  app.get('/reports', handle(admin, (req) => ({ report: run(req.query) })));
  app.get(
    '/reports/export',
    handle(admin, async (req, reply) => {
      const { format, table, ...rest } = query(req);
      const opts = exportSchema.safeParse({ format, table });
      if (!opts.success) throw badRequest('导出格式应为 csv 或 xlsx');
      const report = run(rest);
      const name = `report-${report.query.from}-${report.query.to}-${report.by}`;
      if (opts.data.format === 'csv') {
        return reply
          .header('content-disposition', `attachment; filename="${name}-${opts.data.table}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(reportCsv(report, opts.data.table));
      }
      const buf = await reportXlsx(report, ctx.hall.state.catalog.hall.name);
      return reply.header('content-disposition', `attachment; filename="${name}.xlsx"`).type(XLSX_TYPE).send(buf);
    }),
  );
}
