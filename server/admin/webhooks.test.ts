import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock, rid } from '../../test/helpers/hall';
import { startAdminHall, type AdminHall } from './test-support/admin-hall';
import { verifyWebhook } from './webhooks';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback that answers with the statuses it is given, then 200. */
async function receiver(statuses: number[] = []) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('webhooks', () => {
  let h: AdminHall;
  let clock: FakeClock;
  let token: string;
  beforeEach(async () => {
    clock = new FakeClock(Date.parse('2026-11-24T09:00:00+08:00'));
    h = await startAdminHall({ clock, admin: { random: () => 0.5 } });
    token = await h.login('admin');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('delivers signed ticket events in order, only those subscribed to', async () => {
    const rx = await receiver();
    const created = await h.api(token, 'POST', '/webhooks', { url: rx.url, events: ['ticket.taken', 'ticket.called'] });
    expect(created.status).toBe(200);
    const secret = created.body.secret as string;
    expect(created.body.webhook.secretHint).not.toBe(secret);
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    const clerk = (await h.terminal(await h.login('zhangwei'))).socket;
    await clerk.timeout(5000).emitWithAck('window:signIn', { requestId: rid(), windowId: 'w01' });
    const t = await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'], idNumber: '330106194901011232' });
    expect(t.ok).toBe(true);
    const c = await clerk.timeout(5000).emitWithAck('window:callNext', { requestId: rid() });
    await clerk.timeout(5000).emitWithAck('ticket:start', { requestId: rid(), ticketId: c.ticket.id });
    await h.admin.tick();
    expect(rx.got.map((g) => JSON.parse(g.body).type)).toEqual(['ticket.taken', 'ticket.called']);
    for (const g of rx.got) {
      expect(verifyWebhook(secret, String(g.headers['x-yichuang-timestamp']), g.body, String(g.headers['x-yichuang-signature']))).toBe(true);
      expect(verifyWebhook('whsec_wrong', String(g.headers['x-yichuang-timestamp']), g.body, String(g.headers['x-yichuang-signature']))).toBe(false);
    }
    const called = JSON.parse(rx.got[1]!.body);
    expect(called).toMatchObject({ type: 'ticket.called', hallId: 'xihu-hall', ticket: { id: t.ticket.id, number: 'A001' } });
    // No personal data goes out, not even masked.
    expect(rx.got.map((g) => g.body).join()).not.toMatch(/330106|applicant|idMasked/);
    await rx.close();
  });

  it('retries a failing receiver with backoff and keeps the order', async () => {
    const rx = await receiver([500, 503]);
    await h.api(token, 'POST', '/webhooks', { url: rx.url, events: ['ticket.taken'] });
    const kiosk = (await h.terminal('demo-kiosk-1-7d3f9c2a41')).socket;
    for (let i = 0; i < 2; i++) await kiosk.timeout(5000).emitWithAck('ticket:take', { requestId: rid(), serviceIds: ['svc-sscard'] });
    await h.admin.tick();
    expect(rx.got).toHaveLength(1);
    let hook = (await h.api(token, 'GET', '/webhooks')).body.webhooks[0];
    expect(hook).toMatchObject({ pending: 2, lastError: 'HTTP 500' });
    // Backoff after the first failure: 5 s with half jitter (random 0.5) = 3.75 s; nothing goes before.
    clock.advance(3_000);
    await h.admin.tick();
    expect(rx.got).toHaveLength(1);
    clock.advance(1_000);
    await h.admin.tick();
    expect(rx.got).toHaveLength(2);
    // Second failure: 10 s step → 7.5 s.
    clock.advance(7_500);
    await h.admin.tick();
    expect(rx.got.map((g) => JSON.parse(g.body).ticket.number)).toEqual(['A001', 'A001', 'A001', 'A002']);
    hook = (await h.api(token, 'GET', '/webhooks')).body.webhooks[0];
    expect(hook).toMatchObject({ pending: 0, dead: 0 });
    await rx.close();
  });

  it('refuses a URL that is not http(s), naming the field', async () => {
    const r = await h.api(token, 'POST', '/webhooks', { url: 'ftp://example.org/x', events: ['ticket.taken'] });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0].path).toBe('url');
  });
});
