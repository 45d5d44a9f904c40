import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type { Snapshot } from '../../../protocol/views';
import { alwaysOpen, createHallServer, type HallServer, type HallServerOptions } from '../../app';
import { readDevices } from '../../catalog/catalog-store';
import type { Clock } from '../../hall/hall';
import { registerCoreRoutes } from '../../http/routes';
import { registerAdminRoutes } from '../../http/admin-routes';
import type { HallIo } from '../../realtime/context';
import { attachRealtime } from '../../realtime/index';
import { createAdmin, type Admin, ADMIN_MIGRATIONS } from '../index';
import type { AdminDeps } from '../deps';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * A hall server with the admin console wired in, for tests, until the lead wires it into createHallServer.
 * The hall itself comes from `createHallServer` (so the real store, calendar and print service); in front
 * of it a second Fastify and socket.io on their own loopback port carry the core routes, the admin routes,
 * the built pages and the terminals' sockets. Tests talk only to `url`.
 */
export interface AdminHall {
  server: HallServer;
  admin: Admin;
  io: HallIo;
  url: string;
  dir: string;
  terminal(token: string): Promise<{ socket: Socket; snapshot: Snapshot }>;
  login(username: string, password?: string): Promise<string>;
  /** Calls `/api/admin/...` with a token; answers the status and the parsed body. */
  api<T = any>(token: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startAdminHall(
  opts: { clock?: Clock; webDir?: string; hallOptions?: Partial<HallServerOptions>; admin?: Partial<AdminDeps> } = {},
): Promise<AdminHall> {
  const dir = mkdtempSync(path.join(tmpdir(), 'yichuang-admin-'));
  const logger = pino({ level: 'silent' });
  const server = await createHallServer({
    dbFile: path.join(dir, 'hall.db'),
    seedDir: path.join(ROOT, 'seeds'),
    logger,
    calendar: 'off',
    autoOpenDay: true,
    seedPasswordCost: 1024,
    printing: { pollMs: 0 },
    extraMigrations: ADMIN_MIGRATIONS,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...opts.hallOptions,
  });
  const { hall, db } = server;
  let devices = readDevices(db);
  const app = Fastify({ logger: false, bodyLimit: 1_000_000 });
  registerCoreRoutes(app, { hall, db });
  const io: HallIo = new Server(app.server, { serveClient: false, cors: { origin: false } });
  const salt = (db.prepare("SELECT value FROM meta WHERE key = 'personal_salt'").get() as { value: string } | undefined)?.value ?? 'test-salt';
  let url = '';
  const realtime = attachRealtime(io, {
    hall,
    db,
    devices: () => devices,
    status: alwaysOpen(() => hall),
    publicBaseUrl: () => url,
    personalSalt: salt,
    logger,
  });
  const admin = createAdmin({
    hall,
    db,
    io,
    logger,
    reloadDevices: () => {
      server.reloadDevices();
      devices = readDevices(db);
    },
    calendar: () => server.calendar,
    onCalendarChanged: () => server.reloadCalendar(),
    printing: server.printing,
    passwordCost: 1024,
    tickMs: 3_600_000,
    ...opts.admin,
  });
  registerAdminRoutes(app, admin);
  if (opts.webDir && existsSync(path.join(opts.webDir, 'admin.html'))) {
    void app.register(fastifyStatic, { root: opts.webDir, prefix: '/', index: false, wildcard: true });
    app.get('/admin', async (_req, reply) => reply.type('text/html; charset=utf-8').sendFile('admin.html'));
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  admin.start();
  const clients: Socket[] = [];
  return {
    server,
    admin,
    io,
    get url() {
      return url;
    },
    dir,
    async terminal(token) {
      const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(socket);
      const snapshot = await new Promise<Snapshot>((resolve, reject) => {
        socket.once('hall:snapshot', resolve);
        socket.once('connect_error', reject);
      });
      return { socket, snapshot };
    },
    async login(username, password) {
      const res = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: password ?? (username === 'admin' ? 'admin1234' : 'demo1234') }),
      });
      const body = (await res.json()) as { ok: boolean; token: string };
      if (!body.ok) throw new Error(`login failed for ${username}`);
      return body.token;
    },
    async api(token, method, route, body) {
      const isBuffer = Buffer.isBuffer(body);
      const res = await fetch(`${url}/api/admin${route}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': isBuffer ? 'application/octet-stream' : 'application/json' }),
        },
        body: body === undefined ? undefined : isBuffer ? (body as Buffer) : JSON.stringify(body),
      });
      const type = res.headers.get('content-type') ?? '';
      const parsed = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
      return { status: res.status, body: parsed as never };
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await admin.stop();
      realtime.stop();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close().catch(() => undefined);
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
