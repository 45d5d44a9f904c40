import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncService } from '../sync/service';
import {
  TEST_HALL_ID,
  TEST_HALL_KEY,
  enqueue,
  enqueueCases,
  makeCaseRecord,
  makeEvaluationUpdate,
} from '../sync/test-support/fixtures';
import { openHallDb } from '../sync/test-support/hall-db';
import { startReceiver } from '../sync/test-support/receiver';
import { registerSyncRoutes } from './sync-routes';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-sync-routes-'));
  const db = openHallDb(join(dir, 'hall.db'));
  const receiver = await startReceiver();
  const sync = createSyncService({ db, config: { url: receiver.url, hallId: TEST_HALL_ID, key: TEST_HALL_KEY } });
  const app = Fastify();
  // Stands in for the lead's admin guard: only a request with the admin header passes.
  const adminOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.headers['x-test-admin'] !== 'yes') {
      return reply.code(403).send({ ok: false, error: { code: 'FORBIDDEN', message: '当前角色无权执行此操作' } });
    }
  };
  registerSyncRoutes(app, { sync, preHandler: adminOnly });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => { db.close(); }, () => receiver.close(), () => app.close());
  return { app, db, sync };
}

describe('sync routes', () => {
  it('shows the backlog, the last success and the dead letters to an admin', async () => {
    const { app, db, sync } = await setup();
    enqueueCases(db, 0, 3);
    enqueue(db, [{ kind: 'case', payload: { ...makeCaseRecord(3), groupId: 'a' } }]);
    let res = await app.inject({ url: '/api/sync/status', headers: { 'x-test-admin': 'yes' } });
    expect(res.json()).toMatchObject({ ok: true, configured: true, backlog: 4, deadLetters: 0, lastSuccessAt: null });
    await sync.flushNow();
    res = await app.inject({ url: '/api/sync/status', headers: { 'x-test-admin': 'yes' } });
    expect(res.json()).toMatchObject({ ok: true, backlog: 0, deadLetters: 1, lastError: null, inFlight: null });
    expect(Date.parse(res.json().lastSuccessAt)).not.toBeNaN();
    res = await app.inject({ url: '/api/sync/dead-letters?limit=10', headers: { 'x-test-admin': 'yes' } });
    expect(res.json().deadLetters).toEqual([
      expect.objectContaining({ outboxId: 4, caseId: makeCaseRecord(3).caseId, code: 'INVALID_RECORD' }),
    ]);
  });

  it('puts a dead letter back into the outbox on request, and it goes again', async () => {
    const { app, db, sync } = await setup();
    enqueue(db, [{ kind: 'evaluation', payload: makeEvaluationUpdate(0, 5) }]);
    await sync.flushNow();
    expect(sync.status()).toMatchObject({ backlog: 0, deadLetters: 1 });
    // The case arrives; now the evaluation can be applied.
    enqueueCases(db, 0, 1);
    await sync.flushNow();
    const res = await app.inject({
      method: 'POST',
      url: '/api/sync/dead-letters/requeue',
      headers: { 'x-test-admin': 'yes' },
      payload: {},
    });
    expect(res.json()).toEqual({ ok: true, requeued: 1 });
    expect(sync.status()).toMatchObject({ backlog: 1, deadLetters: 0 });
    expect(await sync.flushNow()).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('refuses a requeue body that is not a list of ids', async () => {
    const { app } = await setup();
    const res = await app.inject({
      method: 'POST',
      url: '/api/sync/dead-letters/requeue',
      headers: { 'x-test-admin': 'yes' },
      payload: { outboxIds: ['x'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('runs the guard before answering', async () => {
    const { app } = await setup();
    const res = await app.inject({ url: '/api/sync/status' });
    expect(res.statusCode).toBe(403);
    expect((await app.inject({ url: '/api/sync/dead-letters' })).statusCode).toBe(403);
    const post = await app.inject({ method: 'POST', url: '/api/sync/dead-letters/requeue', payload: {} });
    expect(post.statusCode).toBe(403);
  });

  it('refuses a bad limit with BAD_REQUEST', async () => {
    const { app } = await setup();
    const res = await app.inject({ url: '/api/sync/dead-letters?limit=0', headers: { 'x-test-admin': 'yes' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
