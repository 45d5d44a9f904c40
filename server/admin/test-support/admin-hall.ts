import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { Snapshot } from '../../../protocol/views';
import { createHallServer, type HallServer, type HallServerOptions } from '../../app';
import type { Clock } from '../../hall/hall';
import type { HallIo } from '../../realtime/context';
import type { Admin } from '../index';
import type { AdminDeps } from '../deps';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * A hall server (the real `createHallServer`, admin console included) on a loopback port with a real
 * database file, and helpers to call the admin API and connect terminals.
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
  const server = await createHallServer({
    dbFile: path.join(dir, 'hall.db'),
    seedDir: path.join(ROOT, 'seeds'),
    logger: pino({ level: 'silent' }),
    calendar: 'off',
    autoOpenDay: true,
    seedPasswordCost: 1024,
    printing: { pollMs: 0 },
    adminTickMs: 3_600_000,
    // A whole day through one kiosk at machine speed: the rate-limit tests use the hall's own settings.
    rateLimits: { devicePerSecond: 1e6, deviceBurst: 1e6, staffPerSecond: 1e6, staffBurst: 1e6 },
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...opts.hallOptions,
    ...(opts.admin ? { adminDeps: opts.admin } : {}),
  });
  const { admin, io, url } = server;
  const clients: Socket[] = [];
  return {
    server,
    admin,
    io,
    url,
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
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
