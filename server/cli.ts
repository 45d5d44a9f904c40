import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { createHallServer, StartRefusedError } from './app';
import { writeAudit } from './admin/audit';
import { isLoopback, resetDemoSecrets } from './auth/demo-secrets';
import { defaultKeyFile } from './auth/keys';
import { openDatabase } from './store/database';
import { fingerprintOf, hallNames, keyMatchesCert, loadOrCreateSelfSigned } from './tls/self-signed';
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
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  tlsSelfSigned: z.boolean(),
  command: z.enum(['start', 'reset-secrets']),
});

/**
 * The project folder: the nearest folder above this file with a package.json. `npm start` runs this
 * file bundled (dist/server/cli.mjs), the tests and tsx run it from server/: both find the same root.
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}
const root = projectRoot(import.meta.dirname);

function readConfig() {
  const { values, positionals } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      seeds: { type: 'string' },
      web: { type: 'string' },
      'always-open': { type: 'boolean' },
      'key-file': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-self-signed': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(`Usage: npm start -- [--host 127.0.0.1] [--port 8080] [--data ./data] [--seeds ./seeds] [--key-file FILE] [--always-open]
                    [--tls-cert FILE --tls-key FILE | --tls-self-signed]
       npm run hall -- reset-secrets [--data ./data]
  --always-open      ignore the hall calendar: open now, no cut-off (training, demos outside opening hours)
  --key-file         the personal-data key, kept outside the data folder (default: yichuang-hall.key beside it);
                     created on first start; back it up apart from the database (docs/privacy.md)
  --tls-cert/-key    serve HTTPS and WSS with this certificate and private key (PEM)
  --tls-self-signed  serve HTTPS with the hall's own certificate (tls-cert.pem, tls-key.pem in the data folder,
                     made on first start); its SHA-256 fingerprint is printed for the terminals to pin
  reset-secrets      replace the demo passwords and device tokens still in use; prints the new ones once.
                     A hall listening beyond 127.0.0.1 refuses to start until this is done (docs/security.md)
Environment: YICHUANG_HOST, YICHUANG_PORT, YICHUANG_DATA, YICHUANG_SEEDS, YICHUANG_WEB, YICHUANG_ALWAYS_OPEN=1,
  YICHUANG_KEY_FILE, YICHUANG_TLS_CERT, YICHUANG_TLS_KEY, YICHUANG_TLS_SELF_SIGNED=1,
  YICHUANG_SMS_* (docs/privacy.md, "Text messages"), LOG_LEVEL`);
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
    tlsCert: values['tls-cert'] ?? (env.YICHUANG_TLS_CERT || undefined),
    tlsKey: values['tls-key'] ?? (env.YICHUANG_TLS_KEY || undefined),
    tlsSelfSigned: values['tls-self-signed'] ?? env.YICHUANG_TLS_SELF_SIGNED === '1',
    command: positionals[0] ?? 'start',
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
  if (config.command === 'reset-secrets') return resetSecrets(config);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const tls = readTls(config);
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
      ...(tls ? { tls } : {}),
      demoSeedDirs: [path.resolve(config.seeds), path.join(root, 'seeds')],
    });
  } catch (err) {
    if (err instanceof SeedError) {
      console.error(`Seed error: ${err.message}`);
      process.exit(3);
    }
    if (err instanceof StartRefusedError) {
      console.error(`Not started: ${err.message}`);
      process.exit(4);
    }
    if (err instanceof StorageStartError) {
      console.error(err.message);
      process.exit(4);
    }
    throw err;
  }
  const { url, hall } = server;
  console.log(banner(url, hall.state, server.calendar ? server.calendar.status(hall.clock.now()) : null, config, tls));
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

type Config = ReturnType<typeof readConfig>;
type Tls = { cert: string; key: string; fingerprint: string; note: string };

/**
 * The certificate to serve, if any: the files given, or the hall's self-signed one (made on first start).
 * A missing file or a key that is not the certificate's stops the start with the reason (exit 2).
 */
function readTls(config: Config): Tls | null {
  const fail = (message: string): never => {
    console.error(`Configuration error: ${message}`);
    process.exit(2);
  };
  if (config.tlsCert || config.tlsKey) {
    if (!config.tlsCert || !config.tlsKey) return fail('--tls-cert and --tls-key go together');
    if (config.tlsSelfSigned) return fail('--tls-self-signed or --tls-cert/--tls-key, not both');
    const read = (file: string) => {
      try {
        return readFileSync(path.resolve(file), 'utf8');
      } catch (err) {
        return fail(`cannot read ${path.resolve(file)}: ${(err as Error).message}`);
      }
    };
    return checkedTls(read(config.tlsCert), read(config.tlsKey), `certificate ${path.resolve(config.tlsCert)}`, fail);
  }
  if (!config.tlsSelfSigned) return null;
  const made = loadOrCreateSelfSigned(path.resolve(config.data), hallNames(config.host));
  return checkedTls(made.cert, made.key, `${made.created ? 'made a self-signed certificate' : 'self-signed certificate'} ${made.certFile}`, fail);
}

function checkedTls(cert: string, key: string, note: string, fail: (m: string) => never): Tls {
  try {
    if (!keyMatchesCert(cert, key)) return fail('the TLS key does not belong to the certificate');
    return { cert, key, fingerprint: fingerprintOf(cert), note };
  } catch (err) {
    return fail(`the TLS certificate or key is not valid PEM: ${(err as Error).message}`);
  }
}

/**
 * `npm run hall -- reset-secrets`: every demo password and device token still in use is replaced; the new
 * ones are printed once (only their hashes are stored). Run with the server stopped.
 */
async function resetSecrets(config: Config): Promise<void> {
  const dbFile = path.join(path.resolve(config.data), 'hall.db');
  if (!existsSync(dbFile)) {
    console.error(`No hall database at ${dbFile}: start the hall once (npm start) or give --data.`);
    process.exit(2);
  }
  const db = openDatabase(dbFile);
  const now = Date.now();
  const actor = { id: 'system', name: 'reset-secrets' };
  const replaced = await resetDemoSecrets(db, [path.resolve(config.seeds), path.join(root, 'seeds')], now, (s) =>
    writeAudit(db, actor, now, {
      action: s.kind === 'staff' ? 'staff.passwordReset' : 'device.tokenIssue',
      targetKind: s.kind,
      targetId: s.id,
      summary: s.kind === 'staff' ? `演示密码已替换（${s.label}）` : `演示令牌已作废并重新签发（${s.label}）`,
      before: null,
      after: null,
    }),
  );
  db.close();
  if (replaced.length === 0) {
    console.log('No demo password or device token is in use: nothing to replace.');
    return;
  }
  console.log('Replaced the demo secrets. Write these down now: they are shown only this once.\n');
  for (const r of replaced.filter((x) => x.kind === 'staff')) console.log(`  staff   ${r.label.padEnd(14)} password ${r.secret}`);
  for (const r of replaced.filter((x) => x.kind === 'device')) console.log(`  device  ${r.id.padEnd(14)} token    ${r.secret}   (${r.label})`);
  console.log('\nGive each staff member their new password; put each device token in that terminal\'s shell config (deviceToken).');
}

/** What the operator sees on start: where each terminal is, the demo credentials, whether the hall is open. */
function banner(url: string, state: HallState, status: CalendarStatus | null, config: Config, tls: Tls | null): string {
  // Beyond loopback the demo secrets have been replaced (the start refuses otherwise): none to show.
  const demo = isLoopback(config.host) ? demoLogins(config.seeds) : { devices: [], staff: [] };
  const tokenOf = (id: string) => demo.devices.find((d) => d.id === id)?.token;
  const device = (id: string, fallback: string) => (tokenOf(id) ? `?token=${tokenOf(id)}` : fallback);
  const firstOf = (kind: string, bound: boolean) => demo.devices.find((d) => d.kind === kind && !!d.windowId === bound)?.id ?? '';
  const clerks = demo.staff.filter((s) => s.role === 'clerk').slice(0, 3);
  const admin = demo.staff.find((s) => s.role === 'admin');
  const lines = [
    '',
    `一窗 Yichuang — ${state.catalog.hall.name}`,
    `Hall server  ${url}   (data: ${path.resolve(config.data)})`,
    ...(tls ? [`TLS          ${tls.note}`, `             SHA-256 ${tls.fingerprint}  (the terminals' certFingerprint)`] : []),
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
