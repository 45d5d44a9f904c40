import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { CommandName, CommandPayload } from '../../protocol/commands';
import type { Ack, Snapshot } from '../../protocol/views';
import { createHallServer, type HallServer, type HallServerOptions } from '../../server/app';
import type { Clock } from '../../server/hall/hall';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SEEDS = path.join(ROOT, 'seeds');

/** Demo device tokens from seeds/devices.json. */
export const TOKENS = {
  kiosk: 'demo-kiosk-1-7d3f9c2a41',
  kiosk2: 'demo-kiosk-2-b81e6f0c93',
  display: 'demo-display-main-c4f8a1b372',
  screenW01: 'demo-screen-w01-07919a',
  evalW01: 'demo-eval-w01-04729e',
  evalW02: 'demo-eval-w02-09458e',
};

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(public t = Date.parse('2026-11-24T01:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestHall {
  server: HallServer;
  dir: string;
  clients: Socket[];
  /** A connected terminal; waits for its first snapshot. */
  terminal(token: string): Promise<{ socket: Socket; snapshot: Snapshot }>;
  login(username: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

/** A real hall server on a free loopback port with a real database file in a temporary directory. */
export async function startTestHall(opts: Partial<HallServerOptions> & { dir?: string } = {}): Promise<TestHall> {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'yichuang-test-'));
  const server = await createHallServer({
    dbFile: path.join(dir, 'hall.db'),
    seedDir: SEEDS,
    logger: pino({ level: 'silent' }),
    // The queue alone, always open; calendar tests pass calendar: 'hall' and a fake clock.
    calendar: 'off',
    autoOpenDay: true,
    seedPasswordCost: 1024,
    printing: { pollMs: 0 },
    // A whole day through one kiosk at machine speed: the rate-limit tests use the hall's own settings.
    rateLimits: { devicePerSecond: 1e6, deviceBurst: 1e6, staffPerSecond: 1e6, staffBurst: 1e6 },
    ...opts,
  });
  const clients: Socket[] = [];
  return {
    server,
    dir,
    clients,
    async terminal(token: string) {
      const socket = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(socket);
      const snapshot = await new Promise<Snapshot>((resolve, reject) => {
        socket.once('hall:snapshot', resolve);
        socket.once('connect_error', (err) => reject(err));
      });
      return { socket, snapshot };
    },
    async login(username: string, password = 'demo1234') {
      const res = await fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await res.json()) as { ok: boolean; token: string };
      if (!body.ok) throw new Error(`login failed for ${username}`);
      return body.token;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await server.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A fresh requestId. */
export function rid(): string {
  return `req-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** Emits a command and waits for its ack. */
export function send<C extends CommandName>(socket: Socket, name: C, payload: Omit<CommandPayload<C>, 'requestId'> & { requestId?: string }): Promise<Ack<any>> {
  return socket.timeout(10_000).emitWithAck(name, { requestId: rid(), ...payload });
}

/** Everything a socket receives of one event, in order. */
export function collect<T>(socket: Socket, event: string): T[] {
  const out: T[] = [];
  socket.on(event, (x: T) => out.push(x));
  return out;
}

/** Waits until a condition holds (pushes arrive after acks), failing after `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}
