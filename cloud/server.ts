import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addDays, businessDateOf, DAY_MS, isIsoDate } from '../protocol/business-date';
import { registerBatchRoute } from './batch-route';
import type { HallKey } from './config';
import type { CloudDatabase } from './db/database';
import { CloudError } from './errors';
import { districtSummary } from './summary';

/** What the receiver needs; the composition root (cloud/main.ts) or a test builds it. */
export interface CloudServerDeps {
  db: CloudDatabase;
  halls: ReadonlyMap<string, HallKey>;
  clock?: { now(): number };
  logger?: FastifyBaseLogger;
  maxSkewMs?: number;
  /** Bearer token for the summary; the summary is open when absent. */
  summaryToken?: string | null;
}

/** Longest range one summary request may span. */
export const MAX_SUMMARY_DAYS = 366;

const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isIsoDate, { message: 'not a calendar date' });
const summaryQuerySchema = z.object({ from: dateSchema.optional(), to: dateSchema.optional() });

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The district's reference receiver: batches in, summary out. Returns the app unstarted, so a caller
 * can add hooks before `listen`. Every refusal is `{ ok: false, error: { code, message } }`; an
 * unexpected error is logged and answered as INTERNAL without its text.
 */
export async function createCloudServer(deps: CloudServerDeps): Promise<FastifyInstance> {
  const app = Fastify(deps.logger ? { loggerInstance: deps.logger } : { logger: false }) as unknown as FastifyInstance;
  const now = () => (deps.clock ?? Date).now();

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof CloudError) return reply.code(err.status).send(err.toBody());
    const e = err as { code?: string; statusCode?: number };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(new CloudError('BATCH_TOO_LARGE').toBody());
    if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(400).send(new CloudError('BAD_REQUEST').toBody());
    }
    req.log.error({ err }, 'unexpected error');
    return reply.code(500).send(new CloudError('INTERNAL').toBody());
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(new CloudError('NOT_FOUND').toBody()));

  app.get('/healthz', async () => ({ ok: true }));

  await registerBatchRoute(app, { db: deps.db, halls: deps.halls, now, maxSkewMs: deps.maxSkewMs ?? 300_000 });

  app.get('/api/v1/districts/summary', async (req) => {
    if (deps.summaryToken && !tokenMatches(req.headers.authorization, deps.summaryToken)) {
      throw new CloudError('UNAUTHENTICATED');
    }
    const q = summaryQuerySchema.safeParse(req.query);
    if (!q.success) throw new CloudError('BAD_REQUEST', 'from / to 须为 YYYY-MM-DD 日期');
    const to = q.data.to ?? businessDateOf(now());
    const from = q.data.from ?? addDays(to, -29);
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (span < 1) throw new CloudError('BAD_REQUEST', 'from 不能晚于 to');
    if (span > MAX_SUMMARY_DAYS) throw new CloudError('BAD_REQUEST', `查询范围不能超过 ${MAX_SUMMARY_DAYS} 天`);
    return { ok: true, ...(await districtSummary(deps.db, from, to)) };
  });

  return app;
}
