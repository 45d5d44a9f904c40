import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ErrorCode } from '../../protocol/errors';
import { isStorageFailure, type WriteHealth } from '../store/write-health';
import { sendError } from './routes';

/** Fastify's own refusals (before any route runs) in the one shape, each with a message safe to show. */
const FASTIFY_REFUSALS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'BAD_REQUEST', message: '不支持的请求内容类型' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BAD_REQUEST', message: '请求内容过大' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: '请求内容为空' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: '请求内容不是有效的 JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: '请求长度不正确' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'BAD_REQUEST', message: '请求内容类型不正确' },
};

/**
 * One error shape on every REST route, `{ ok: false, error: { code, message } }`, whatever refused the
 * request: an unknown address, fastify's body parsing (bad JSON, wrong content type, too large), a route's
 * schema, or an exception. A failed write for want of storage is 503 UNAVAILABLE and recorded for
 * /healthz; anything else unexpected is logged and answered INTERNAL. No exception's text is sent.
 */
export function registerErrorHandlers(app: FastifyInstance, deps: { logger: Logger; writes: WriteHealth; now: () => number }): void {
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404, 'NOT_FOUND', '找不到该地址'));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const known = err.code ? FASTIFY_REFUSALS[err.code] : undefined;
    if (known) return sendError(reply, known.status, known.code, known.message);
    if (err.validation) return sendError(reply, 400, 'BAD_REQUEST');
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (isStorageFailure(err)) {
      deps.writes.failed(err.code, deps.now());
      deps.logger.error({ err, url: req.url }, 'a write failed: storage');
      return sendError(reply, 503, 'UNAVAILABLE');
    }
    if (status >= 400 && status < 500) return sendError(reply, status, status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
    deps.logger.error({ err, url: req.url }, 'request failed');
    return sendError(reply, 500, 'INTERNAL');
  });
}
