import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { writeAdminConfig, readAdminConfig } from '../server/admin/config';
import { verifyPassword } from '../server/auth/secrets';
import { LoginThrottle } from '../server/http/login-throttle';
import { makeSelfSigned } from '../server/tls/self-signed';
import { FakeClock, send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

let hall: TestHall | null = null;
afterEach(async () => {
  await hall?.stop();
  hall = null;
});

const post = (url: string, path: string, body: unknown, token?: string) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe('sessions end at once', () => {
  it('closes a clerk socket on logout, and its next command is refused', async () => {
    hall = await startTestHall();
    const token = await hall.login('zhangwei');
    const { socket } = await hall.terminal(token);
    expect((await send(socket, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);
    const gone = disconnected(socket);
    await post(hall.server.url, '/api/logout', {}, token);
    expect(await gone).toBe('io server disconnect');
    // A socket the terminal reopens with the old token is refused in the handshake.
    const again = connect(hall.server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    hall.clients.push(again);
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => again.once('connect_error', resolve));
    expect(err.data?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses the next command of a socket whose device token was revoked behind its back, and closes it', async () => {
    hall = await startTestHall();
    const { socket } = await hall.terminal(TOKENS.kiosk);
    expect((await send(socket, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    // Revoked in the database by another path than the console's (the console also disconnects at once).
    hall.server.db.prepare("UPDATE device_tokens SET revoked_at = 1 WHERE device_id = 'kiosk-1'").run();
    const before = hall.server.hall.state.tickets.size;
    const gone = disconnected(socket);
    const ack = await send(socket, 'ticket:take', { serviceIds: ['svc-sscard'] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(hall.server.hall.state.tickets.size).toBe(before);
    await gone;
  });

  it('sends no fresh snapshot to a display whose token was revoked', async () => {
    hall = await startTestHall();
    const { socket } = await hall.terminal(TOKENS.display);
    expect((await socket.timeout(5_000).emitWithAck('hall:resync', {})).ok).toBe(true);
    hall.server.db.prepare("UPDATE device_tokens SET revoked_at = 1 WHERE device_id = 'display-main'").run();
    const ack = await socket.timeout(5_000).emitWithAck('hall:resync', {});
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a clerk whose session expired while the socket stayed open', async () => {
    const clock = new FakeClock();
    hall = await startTestHall({ clock });
    const { socket } = await hall.terminal(await hall.login('zhangwei'));
    clock.advance(12 * 3600_000 + 1);
    const ack = await send(socket, 'window:signIn', { windowId: 'w01' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('command rate limits', () => {
  it('refuses a burst beyond a kiosk\'s bucket with RATE_LIMITED and issues nothing for those', async () => {
    // The hall's own settings (the test helper's machine-speed limits off).
    hall = await startTestHall({ rateLimits: undefined });
    const { db } = hall.server;
    writeAdminConfig(db, { ...readAdminConfig(db), rateLimits: { devicePerSecond: 0.1, deviceBurst: 4, staffPerSecond: 5, staffBurst: 20 } }, Date.now());
    const { socket } = await hall.terminal(TOKENS.kiosk);
    const before = hall.server.hall.state.tickets.size;
    const acks = await Promise.all(Array.from({ length: 12 }, () => send(socket, 'ticket:take', { serviceIds: ['svc-sscard'] })));
    const ok = acks.filter((a) => a.ok).length;
    expect(ok).toBe(4);
    expect(acks.filter((a) => !a.ok).map((a) => a.error.code)).toEqual(Array(8).fill('RATE_LIMITED'));
    expect(hall.server.hall.state.tickets.size).toBe(before + 4);
    // Per device: the second kiosk has its own bucket.
    const other = (await hall.terminal(TOKENS.kiosk2)).socket;
    expect((await send(other, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
  });

  it('has defaults that let a kiosk issue a few tickets a second and no more', async () => {
    hall = await startTestHall({ rateLimits: undefined });
    const limits = readAdminConfig(hall.server.db).rateLimits;
    const { socket } = await hall.terminal(TOKENS.kiosk);
    const acks = await Promise.all(Array.from({ length: 40 }, () => send(socket, 'ticket:take', { serviceIds: ['svc-sscard'] })));
    const ok = acks.filter((a) => a.ok).length;
    expect(ok).toBeGreaterThanOrEqual(limits.deviceBurst);
    expect(ok).toBeLessThan(limits.deviceBurst + 3);
  });
});

describe('sign-in throttling', () => {
  it('hashes at most the limit of 60 parallel wrong passwords for one user', async () => {
    let hashed = 0;
    hall = await startTestHall({
      login: {
        verifyPassword: async (password, stored) => {
          hashed += 1;
          return verifyPassword(password, stored);
        },
      },
    });
    const url = hall.server.url;
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post(url, '/api/login', { username: 'admin', password: `wrong-${i}` })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(52);
    expect(hashed).toBe(8);
    // The right password is refused too while the user's window lasts.
    expect((await post(url, '/api/login', { username: 'admin', password: 'admin1234' })).status).toBe(429);
  });

  it('limits one address spraying guesses across many usernames', async () => {
    hall = await startTestHall();
    const statuses: number[] = [];
    for (let i = 0; i < 35; i += 1) statuses.push((await post(hall.server.url, '/api/login', { username: `nobody${i}`, password: 'x' })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
  });

  it('computes a hash of the same cost for an unknown username as for a known one', async () => {
    const seen: string[] = [];
    hall = await startTestHall({
      login: {
        verifyPassword: async (password, stored) => {
          seen.push(stored.split('$').slice(0, 4).join('$'));
          return verifyPassword(password, stored);
        },
      },
    });
    const a = await post(hall.server.url, '/api/login', { username: 'no-such-user', password: 'guess' });
    const b = await post(hall.server.url, '/api/login', { username: 'zhangwei', password: 'guess' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(await a.json()).toEqual(await b.json());
    expect(seen).toEqual(['scrypt$1024$8$1', 'scrypt$1024$8$1']);
  });

  it('forgives a user\'s failures once the password is right', async () => {
    hall = await startTestHall();
    for (let i = 0; i < 7; i += 1) await post(hall.server.url, '/api/login', { username: 'lina', password: 'wrong' });
    expect((await post(hall.server.url, '/api/login', { username: 'lina', password: 'demo1234' })).status).toBe(200);
    for (let i = 0; i < 7; i += 1) expect((await post(hall.server.url, '/api/login', { username: 'lina', password: 'wrong' })).status).toBe(401);
  });

  it('keeps a bounded number of counters however many usernames are tried', () => {
    const throttle = new LoginThrottle({ perUser: 8, perAddress: 30, windowMs: 600_000, maxEntries: 1_000 });
    for (let i = 0; i < 20_000; i += 1) throttle.reserve(`user-${i}`, `10.0.${i % 250}.${i % 7}`, 1_000 + i);
    expect(throttle.size).toBeLessThanOrEqual(1_000);
  });

  it('starts a fresh window once the old one has passed', () => {
    const throttle = new LoginThrottle({ perUser: 2, perAddress: 30, windowMs: 1_000, maxEntries: 100 });
    expect([throttle.reserve('a', 'x', 0), throttle.reserve('a', 'x', 1), throttle.reserve('a', 'x', 2)]).toEqual([true, true, false]);
    expect(throttle.reserve('a', 'x', 1_001)).toBe(true);
  });
});

describe('HTTPS and WSS', () => {
  const tls = makeSelfSigned(['127.0.0.1', 'localhost']);

  it('serves the terminals and /healthz over TLS to a client that trusts the certificate, and no other', async () => {
    hall = await startTestHall({ tls });
    const url = hall.server.url;
    expect(url.startsWith('https://127.0.0.1:')).toBe(true);

    const trusted = connect(url, { auth: { token: TOKENS.kiosk }, transports: ['websocket'], reconnection: false, forceNew: true, ca: tls.cert });
    hall.clients.push(trusted);
    await new Promise<void>((resolve, reject) => {
      trusted.once('hall:snapshot', () => resolve());
      trusted.once('connect_error', reject);
    });

    const stranger = connect(url, { auth: { token: TOKENS.kiosk }, transports: ['websocket'], reconnection: false, forceNew: true });
    hall.clients.push(stranger);
    const err = await new Promise<Error>((resolve) => stranger.once('connect_error', resolve));
    expect(err).toBeInstanceOf(Error);
    expect(stranger.connected).toBe(false);

    const health = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${url}/healthz`, { ca: tls.cert }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });

    // Plain HTTP on the same port is not served.
    await expect(fetch(url.replace('https:', 'http:') + '/healthz')).rejects.toThrow();
  });
});

describe('sockets that stop reading', () => {
  it('drops a socket whose unsent backlog passes the bound, and keeps the others', async () => {
    hall = await startTestHall({ maxSocketBacklogBytes: 256_000 });
    const { socket: stalled } = await hall.terminal(TOKENS.display);
    const { socket: healthy } = await hall.terminal(TOKENS.kiosk);
    // The client stops reading: its TCP window closes and everything the server sends queues up.
    const raw = (stalled.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket;
    raw.pause();
    const server = hall.server;
    const dropped = new Promise<void>((resolve) => {
      for (const s of server.io.of('/').sockets.values()) if (s.data.identity.role === 'display') s.once('disconnect', () => resolve());
    });
    const banner = 'x'.repeat(4_000);
    let stop = false;
    void dropped.then(() => (stop = true));
    for (let i = 0; i < 20_000 && !stop; i += 1) {
      server.io.emit('hall:status', { ...statusNow(hall), banner });
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await dropped;
    expect([...server.io.of('/').sockets.values()].map((s) => s.data.identity.role)).toEqual(['kiosk']);
    expect((await send(healthy, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
  });
});

function statusNow(h: TestHall) {
  const s = h.server.hall.state;
  return {
    businessDate: s.businessDate,
    dayOpen: s.dayOpen,
    open: s.dayOpen,
    issuing: s.dayOpen,
    dayKind: 'workday' as const,
    banner: null,
    closesAt: null,
    cutoffAt: null,
    nextOpenAt: null,
    message: null,
    warnings: [],
  };
}
