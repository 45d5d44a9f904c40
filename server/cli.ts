import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { createHallServer } from './app';
import { defaultKeyFile } from './auth/keys';
import type { CalendarStatus } from './calendar/calendar';
import { SeedError } from './catalog/seed';
import { StorageStartError } from './store/write-health';
import { syncConfigFromEnv } from './sync/config';
import { notifyConfigFromEnv } from './notify/config';
import type { HallState } from './domain/types';

/**
 * `npm start`: the hall server on an embedded SQLite database, seeded on first start with the demo hall.
 * Flags override environment variables, which override the defaults.
 */
const configSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  data: z.string().min(1),
  seeds: z.string().min(1),
  web: z.string().min(1),
  alwaysOpen: z.boolean(),
  keyFile: z.string().min(1).optional(),
});

const root = path.resolve(import.meta.dirname, '..');

function readConfig() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      seeds: { type: 'string' },
      web: { type: 'string' },
      'always-open': { type: 'boolean' },
      'key-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm start -- [--host 127.0.0.1] [--port 8080] [--data ./data] [--seeds ./seeds] [--key-file FILE] [--always-open]
  --always-open  ignore the hall calendar: open now, no cut-off (training, demos outside opening hours)
  --key-file     the personal-data key, kept outside the data folder (default: yichuang-hall.key beside it);
                 created on first start; back it up apart from the database (docs/privacy.md)
Environment: YICHUANG_HOST, YICHUANG_PORT, YICHUANG_DATA, YICHUANG_SEEDS, YICHUANG_WEB, YICHUANG_ALWAYS_OPEN=1,
  YICHUANG_KEY_FILE, YICHUANG_SMS_* (docs/privacy.md, "Text messages"), LOG_LEVEL`);
    process.exit(0);
  }
  const env = process.env;
  const parsed = configSchema.safeParse({
    host: values.host ?? env.YICHUANG_HOST ?? '127.0.0.1',
    port: values.port ?? env.YICHUANG_PORT ?? '8080',
    data: values.data ?? env.YICHUANG_DATA ?? path.join(root, 'data'),
    seeds: values.seeds ?? env.YICHUANG_SEEDS ?? path.join(root, 'seeds'),
    web: values.web ?? env.YICHUANG_WEB ?? path.join(root, 'dist/renderer'),
    alwaysOpen: values['always-open'] ?? env.YICHUANG_ALWAYS_OPEN === '1',
    keyFile: values['key-file'] ?? (env.YICHUANG_KEY_FILE || undefined),
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    console.error(`Configuration error: ${i.path.join('.')}: ${i.message}`);
    process.exit(2);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  let server;
  try {
    server = await createHallServer({
      dbFile: path.join(path.resolve(config.data), 'hall.db'),
      keyFile: config.keyFile ? path.resolve(config.keyFile) : defaultKeyFile(config.data),
      seedDir: path.resolve(config.seeds),
      host: config.host,
      port: config.port,
      webDir: path.resolve(config.web),
      logger,
      calendar: config.alwaysOpen ? 'off' : 'hall',
      sync: syncConfigFromEnv(),
      notify: notifyConfigFromEnv(),
      autoOpenDay: true,
    });
  } catch (err) {
    if (err instanceof SeedError) {
      console.error(`Seed error: ${err.message}`);
      process.exit(3);
    }
    if (err instanceof StorageStartError) {
      console.error(err.message);
      process.exit(4);
    }
    throw err;
  }
  const { url, hall } = server;
  console.log(banner(url, hall.state, server.calendar ? server.calendar.status(hall.clock.now()) : null, config));
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** What the operator sees on start: where each terminal is, the demo credentials, whether the hall is open. */
function banner(url: string, state: HallState, status: CalendarStatus | null, config: ReturnType<typeof readConfig>): string {
  const demo = demoLogins(config.seeds);
  const tokenOf = (id: string) => demo.devices.find((d) => d.id === id)?.token;
  const device = (id: string, fallback: string) => (tokenOf(id) ? `?token=${tokenOf(id)}` : fallback);
  const firstOf = (kind: string, bound: boolean) => demo.devices.find((d) => d.kind === kind && !!d.windowId === bound)?.id ?? '';
  const clerks = demo.staff.filter((s) => s.role === 'clerk').slice(0, 3);
  const admin = demo.staff.find((s) => s.role === 'admin');
  const lines = [
    '',
    `一窗 Yichuang — ${state.catalog.hall.name}`,
    `Hall server  ${url}   (data: ${path.resolve(config.data)})`,
    `Business day ${state.businessDate ?? '-'} ${state.dayOpen ? 'open' : 'not open'}, ${state.queue.size} waiting`,
    status
      ? `Calendar     ${status.issuing ? '取号中' : status.message ?? '暂停取号'}${status.banner ? ` · ${status.banner}` : ''}`
      : 'Calendar     off (--always-open): open now, no cut-off',
    ...(status?.warnings ?? []).map((w) => `  ! ${w}`),
    ...(status && !status.issuing ? ['  To play a hall morning now: npm start -- --always-open'] : []),
    '',
    'Terminals (open in a browser):',
    `  Kiosk 取号机          ${url}/kiosk${device(firstOf('kiosk', false), '  (device token from the admin console)')}`,
    `  Clerk 窗口终端        ${url}/clerk   ${clerks.length ? `(${clerks.map((c) => c.username).join(' / ')}, password ${clerks[0]!.password ?? '(set by admin)'})` : ''}`,
    `  Hall display 综合屏   ${url}/display${device(firstOf('display', false), '')}`,
    `  Window screen 窗口屏  ${url}/display${device(firstOf('display', true), '')}`,
    `  Evaluation 评价器     ${url}/eval${device(firstOf('eval', true), '')}`,
    `  Admin 管理后台        ${url}/admin   ${admin ? `(${admin.username}, password ${admin.password ?? '(set at install)'})` : ''}`,
    `  Ticket status 查询    ${url}/t/<ticket id>  (the QR code on each ticket)`,
    '',
  ];
  return lines.join('\n');
}

/** The seed's demo devices and staff with their demo secrets (production seeds carry none). */
function demoLogins(seedDir: string): { devices: { id: string; kind: string; windowId?: string; token?: string }[]; staff: { username: string; role: string; password?: string }[] } {
  const read = (file: string) => {
    try {
      return JSON.parse(readFileSync(path.join(seedDir, file), 'utf8'));
    } catch {
      return [];
    }
  };
  return { devices: read('devices.json'), staff: read('staff.json') };
}

void main();
