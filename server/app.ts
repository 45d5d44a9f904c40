import { ERROR_CODES } from '../protocol/errors';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import { businessDateOf } from '../protocol/business-date';
import type { AdminConfig } from '../protocol/admin';
import type { Device } from '../protocol/catalog';
import { demoSecretsInUse, isLoopback } from './auth/demo-secrets';
import { ephemeralKeys, loadOrCreateKeyFile, recordKeyFingerprint, type HallKeys } from './auth/keys';
import type { HallStatusView } from '../protocol/views';
import { createCalendar, createChineseDaysSource, parseCalendarConfig, parseCalendarOverrides, scheduleCheckOf, statusProviderOf } from './calendar/index';
import type { HallCalendar } from './calendar/calendar';
import { isSeeded, readCalendarDoc, readCatalog, readDevices, seedDatabase } from './catalog/catalog-store';
import { createPrintService, type PrintService, type PrintServiceDeps } from './printing/index';
import { createNotifier, NOTIFY_MIGRATIONS, registerNotifyRoutes, type Notifier, type NotifyConfigInput, type SmsPort } from './notify/index';
import { cachedAdminConfig, readAdminConfig } from './admin/config';
import { PRIVACY_MIGRATIONS } from './privacy/migrations';
import { RetentionJob } from './privacy/retention';
import { DayScheduler } from './schedule/day-scheduler';
import { ADMIN_MIGRATIONS, createAdmin, type Admin } from './admin/index';
import type { AdminDeps } from './admin/deps';
import { registerAdminRoutes } from './http/admin-routes';
import { registerAppointmentRoutes } from './http/appointment-routes';
import { registerEventRoutes } from './http/event-routes';
import { registerStaffCardRoutes } from './http/staff-card-routes';
import { registerLoginRoutes, requireStaff, type LoginDeps } from './http/auth';
import { registerSyncRoutes } from './http/sync-routes';
import { staticFileOptions } from './http/static-files';
import { collectorMeter } from './estimates/collector-meter';
import { EstimateService } from './estimates/estimate-service';
import { registerSimulationRoutes } from './estimates/routes';
import type { SyncConfigInput } from './sync/config';
import { SYNC_MIGRATIONS } from './sync/migrations';
import { createSyncService, type SyncService } from './sync/service';
import { loadSeed } from './catalog/seed';
import { Hall, systemClock, type Clock } from './hall/hall';
import { registerErrorHandlers } from './http/errors';
import { registerCoreRoutes } from './http/routes';
import type { HallIo, StatusProvider } from './realtime/context';
import { attachRealtime } from './realtime/index';
import { CallsRecoveryAdapter } from './realtime/recovery-adapter';
import { RateLimiter } from './realtime/rate-limit';
import { openDatabase, type Db } from './store/database';
import { HallStore } from './store/hall-store';
import type { Migration } from './store/migrations';

export interface HallServerOptions {
  /** The SQLite file (':memory:' for unit tests). */
  dbFile: string;
  /** Seed directory used on first start (an empty database). */
  seedDir?: string;
  host?: string;
  port?: number;
  clock?: Clock;
  logger?: Logger;
  /** Built terminals (Vite output); absent = the server answers with a hint to build them. */
  webDir?: string;
  /**
   * The calendar (what is open now, when ticket issuing stops, who may sign in where) and the scheduler
   * that opens and closes the business day. 'hall' (default) uses the hall's calendar from the database
   * when it has one; 'off' runs always open (tests of the queue alone, or a hall without a calendar).
   */
  calendar?: 'hall' | 'off';
  /** Without a calendar: open today's business day on start if it is not open. */
  autoOpenDay?: boolean;
  /** The day scheduler's period in ms (0 = do not start it; tests call `scheduler.tick()`). */
  schedulerEveryMs?: number;
  /** The district cloud sync (`YICHUANG_CLOUD_*` in the CLI); unset = the outbox fills, nothing is sent. */
  sync?: SyncConfigInput;
  /** Admin background work period (alerts, webhooks, default ratings), ms; tests lower or raise it. */
  adminTickMs?: number;
  /** Test seams of the admin console (fetch for webhooks, jitter, working-day source, printer port). */
  adminDeps?: Partial<Pick<AdminDeps, 'fetch' | 'random' | 'holidays' | 'printers' | 'tickMs' | 'passwordCost'>>;
  /** Print-service options (tests shorten the printer timeout, switch off polling, pass a fake printer). */
  printing?: Partial<Pick<PrintServiceDeps, 'timeoutMs' | 'pollMs' | 'maxReprints' | 'createPrinter'>>;
  extraMigrations?: Migration[];
  /**
   * The key file of the personal-data keys (look-up hashes, sealed phone numbers), outside the data
   * folder; created with mode 0600 when missing. The CLI defaults it to the data folder's parent.
   */
  keyFile?: string;
  /** The keys themselves (tests); wins over `keyFile`. */
  keys?: HallKeys;
  /** Text messages to citizens (`YICHUANG_SMS_*` in the CLI); unset = no gateway, no number kept. */
  notify?: NotifyConfigInput;
  /** How often the retention job looks whether today's run is due, ms (0 = do not start it; tests call `retention.run()`). */
  retentionEveryMs?: number;
  /** Test seams of the notifier: the gateway port, fetch, the backoff jitter. */
  notifyDeps?: { port?: SmsPort; fetch?: typeof fetch; random?: () => number };
  /** scrypt cost for seeded demo passwords; tests lower it, production keeps the default. */
  seedPasswordCost?: number;
  /** Sign-in seams: the throttle (its limits) and the password check (tests count its calls). */
  login?: Pick<LoginDeps, 'throttle' | 'verifyPassword'>;
  /** Bytes queued for a socket that stopped reading before it is dropped (default 1 MB). */
  maxSocketBacklogBytes?: number;
  /**
   * Fixed command rate limits instead of the admin settings: tests and benchmarks that drive a whole
   * day through one kiosk at machine speed. A hall in service takes them from its settings.
   */
  rateLimits?: AdminConfig['rateLimits'];
  /** Serve HTTPS and WSS with this certificate and key (PEM); absent = plain HTTP (loopback demos). */
  tls?: { cert: string; key: string };
  /**
   * Where the demo secrets come from (seed folders whose staff passwords and device tokens are public);
   * a hall listening beyond loopback refuses to start while any of them still works. Default: `seedDir`.
   */
  demoSeedDirs?: string[];
}

export interface HallServer {
  app: FastifyInstance;
  /** The hall calendar, when the hall has one. */
  calendar: HallCalendar | null;
  scheduler: DayScheduler | null;
  printing: PrintService;
  sync: SyncService;
  notifier: Notifier;
  /** The daily purge of personal data past its retention period (docs/privacy.md). */
  retention: RetentionJob;
  admin: Admin;
  io: HallIo;
  hall: Hall;
  db: Db;
  url: string;
  logger: Logger;
  close(): Promise<void>;
  /** Re-read the devices after the admin console changed them. */
  reloadDevices(): void;
  /** Rebuild the calendar after the admin console changed its config or an override. */
  reloadCalendar(): void;
}

/** The hall's calendar from its config and overrides in the database; null when the hall has none. */
export function loadHallCalendar(db: Db): HallCalendar | null {
  const doc = readCalendarDoc(db);
  if (!doc) return null;
  const rows = (db.prepare('SELECT doc FROM calendar_overrides ORDER BY date').all() as { doc: string }[]).map((r) => JSON.parse(r.doc));
  const config = parseCalendarConfig(doc);
  if (!config.ok) throw new Error(`the hall's calendar configuration is invalid: ${config.error.message}`);
  const overrides = parseCalendarOverrides(rows);
  if (!overrides.ok) throw new Error(`the hall's calendar overrides are invalid: ${overrides.error.message}`);
  return createCalendar(config.value, overrides.value, createChineseDaysSource());
}

/** Terminal pages served by the hall server: path → built HTML file. */
export const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/kiosk': 'kiosk.html',
  '/clerk': 'clerk.html',
  '/display': 'display.html',
  '/eval': 'eval.html',
  '/admin': 'admin.html',
};

/** Always open, no cut-off: the status when no calendar is wired. */
export function alwaysOpen(hall: () => Hall): StatusProvider {
  return {
    status(): HallStatusView {
      const s = hall().state;
      return {
        businessDate: s.businessDate,
        dayOpen: s.dayOpen,
        open: s.dayOpen,
        issuing: s.dayOpen,
        dayKind: 'workday',
        banner: null,
        closesAt: null,
        cutoffAt: null,
        nextOpenAt: null,
        message: s.dayOpen ? null : ERROR_CODES.DAY_NOT_OPEN,
        warnings: [],
      };
    },
    servicesToday: () => null,
    rosterOpensAt: () => null,
  };
}

/**
 * The personal-data keys: given, or from the key file (created on first start), or, with neither, a key
 * for this process only, whose hashes and sealed numbers do not survive a restart (tests; the CLI always
 * gives a key file). A key that differs from the one the database last saw is said loudly, not refused:
 * a lost key file must not close the hall.
 */
function personalKeys(opts: HallServerOptions, db: Db, logger: Logger): HallKeys {
  let keys = opts.keys;
  if (!keys && opts.keyFile) {
    const loaded = loadOrCreateKeyFile(opts.keyFile);
    for (const w of loaded.warnings) logger.warn({ keyFile: loaded.keys.source }, w);
    if (loaded.created) logger.info({ keyFile: loaded.keys.source }, 'created the hall key file: back it up apart from the data folder (docs/privacy.md)');
    keys = loaded.keys;
  }
  if (!keys) {
    if (opts.dbFile !== ':memory:') logger.warn('no key file given: look-up hashes and queued notices will not survive a restart');
    return ephemeralKeys();
  }
  if (recordKeyFingerprint(db, keys) === 'changed') {
    logger.error(
      { keyFile: keys.source },
      'the hall key differs from the one this database was used with: earlier look-up hashes no longer match and queued text messages cannot be sent; restore the key file from its backup if it was lost',
    );
  }
  return keys;
}

/** A hall that must not start as configured; the message names the fix (the CLI prints it, exits 4). */
export class StartRefusedError extends Error {}

/**
 * Beyond loopback, the README's passwords and device tokens would open the hall to anyone on its network:
 * refuse to start while one still works, and name the command that replaces them.
 */
async function refuseDemoSecretsBeyondLoopback(opts: HallServerOptions, db: Db): Promise<void> {
  const host = opts.host ?? '127.0.0.1';
  if (isLoopback(host)) return;
  const inUse = await demoSecretsInUse(db, opts.demoSeedDirs ?? (opts.seedDir ? [opts.seedDir] : []));
  if (inUse.length === 0) return;
  const staff = inUse.filter((s) => s.kind === 'staff').map((s) => s.label);
  const devices = inUse.filter((s) => s.kind === 'device').map((s) => s.label);
  const what = [
    staff.length ? `demo passwords of ${staff.length} staff (${staff.slice(0, 5).join(', ')}${staff.length > 5 ? ', …' : ''})` : '',
    devices.length ? `demo tokens of ${devices.length} devices` : '',
  ].filter(Boolean);
  throw new StartRefusedError(
    `refusing to listen on ${host}: the ${what.join(' and ')} are still in use, and anyone on the hall network can read them in the README. ` +
      'Run `npm run hall -- reset-secrets` (with the same --data) to replace them, or listen on 127.0.0.1 for a demo.',
  );
}

/**
 * The composition root: database, store, hall, HTTP routes, socket.io, in that order; no module-level state.
 * Resolves once the server listens.
 */
export async function createHallServer(opts: HallServerOptions): Promise<HallServer> {
  const logger = opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const clock = opts.clock ?? systemClock;
  const db = openDatabase(opts.dbFile, [...SYNC_MIGRATIONS, ...ADMIN_MIGRATIONS, ...PRIVACY_MIGRATIONS, ...NOTIFY_MIGRATIONS, ...(opts.extraMigrations ?? [])]);
  if (!isSeeded(db)) {
    if (!opts.seedDir) throw new Error('the hall database is empty and no seed directory was given');
    await seedDatabase(db, loadSeed(opts.seedDir), clock.now(), opts.seedPasswordCost);
    logger.info({ seedDir: opts.seedDir }, 'seeded the hall database');
  }
  try {
    await refuseDemoSecretsBeyondLoopback(opts, db);
  } catch (err) {
    db.close();
    throw err;
  }
  const keys = personalKeys(opts, db, logger);
  const catalog = readCatalog(db);
  let devices: Map<string, Device> = readDevices(db);
  const store = new HallStore(db);
  // Before any command (the scheduler opens the day below): a call and its text message commit together.
  const notifier = createNotifier({ db, keys, config: opts.notify ?? {}, settings: () => readAdminConfig(db).notify, callbackDays: () => readAdminConfig(db).retention.callbackDays, logger, ...opts.notifyDeps });
  store.participate((state, events, now) => notifier.store.onCommit(state, events, now));
  let calendar = opts.calendar === 'off' ? null : loadHallCalendar(db);
  const hall = new Hall(store, catalog, clock, calendar ? scheduleCheckOf(calendar) : undefined);
  for (const w of calendar?.warnings(clock.now()) ?? []) logger.warn({ calendar: w }, 'calendar warning');

  // The sync keeps real time whatever the hall's clock: its signatures are checked against the receiver's.
  const sync = createSyncService({ db, config: opts.sync ?? {}, logger });
  hall.onCommitted((committed) => {
    if (committed.some((c) => c.event.type === 'TicketCompleted' || c.event.type === 'EvaluationSubmitted')) sync.notify();
    if (committed.some((c) => c.event.type === 'TicketCalled' || c.event.type === 'TicketRecalled' || c.event.type === 'TicketCancelled')) notifier.nudge();
  });

  // forceCloseConnections: a browser's keep-alive connection must not hold a restart for minutes.
  const tls = opts.tls;
  const app = Fastify({
    logger: false,
    bodyLimit: 1_000_000,
    forceCloseConnections: true,
    // The same fastify and socket.io on an HTTPS server: every route and the sockets are then TLS only.
    ...(tls ? { serverFactory: (handler: Parameters<typeof createHttpsServer>[1]) => createHttpsServer({ cert: tls.cert, key: tls.key }, handler) } : {}),
  });
  registerErrorHandlers(app, { logger, writes: store.writes, now: () => clock.now() });
  // Wait estimates from the hall simulator: a coalesced batch of runs after changes (docs/simulation.md).
  const collector = collectorMeter();
  const estimates = new EstimateService({ hall, db, calendar: () => calendar, logger, collectorMs: collector.ms });
  // The status page asks the calendar (read at request time, after `status` below is built).
  registerCoreRoutes(app, { hall, db, estimates, rosterOpens: (ids) => status.rosterOpensAt(clock.now(), ids), textReminder: (id) => notifier.store.reminds(id) });
  registerSimulationRoutes(app, { estimates, preHandler: requireStaff({ db, hall }, ['admin']) });
  registerStaffCardRoutes(app, { hall, db });
  // The realtime layer is attached below; a logout happens only once the server listens.
  registerLoginRoutes(app, { hall, db, ...opts.login, onSessionEnded: (tokenHash) => realtime.endSession(tokenHash) });
  registerSyncRoutes(app, { sync, preHandler: requireStaff({ db, hall }, ['admin']) });
  registerNotifyRoutes(app, { notifier, preHandler: requireStaff({ db, hall }, ['admin']) });
  registerAppointmentRoutes(app, { hall, preHandler: requireStaff({ db, hall }, ['admin']) });
  registerEventRoutes(app, { db, hall, preHandler: requireStaff({ db, hall }, ['admin']) });
  registerPages(app, opts.webDir);

  const io: HallIo = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: 100_000,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // Recovery replays the missed calls only; the snapshot on reconnect covers the rest (recovery-adapter.ts).
    adapter: CallsRecoveryAdapter,
    cors: { origin: false },
  });
  let url = '';
  const printing = createPrintService({ hall, devices: () => devices, publicBaseUrl: () => url, logger, estimates, ...opts.printing });
  // Terminals read the status through `provider`, which reloadCalendar replaces: an admin's edit is seen at once.
  const providerFor = (c: HallCalendar | null): StatusProvider => (c ? statusProviderOf(c, () => hall.state) : alwaysOpen(() => hall));
  let provider = providerFor(calendar);
  const status: StatusProvider = {
    status: (now) => provider.status(now),
    servicesToday: (now) => provider.servicesToday(now),
    rosterOpensAt: (now, windowIds) => provider.rosterOpensAt(now, windowIds),
  };
  // Read on every command: cached for a second rather than parsed each time.
  const settingsNow = cachedAdminConfig(db);
  const fixedLimits = opts.rateLimits;
  const realtime = attachRealtime(io, {
    hall,
    db,
    devices: () => devices,
    status,
    publicBaseUrl: () => url,
    keys,
    logger,
    printing,
    notifier,
    estimates,
    limiter: new RateLimiter(),
    rateLimits: () => fixedLimits ?? settingsNow().rateLimits,
  }, { maxBacklogBytes: opts.maxSocketBacklogBytes });

  const reloadCalendar = () => {
    if (opts.calendar === 'off') return;
    calendar = loadHallCalendar(db);
    hall.setSchedule(calendar ? scheduleCheckOf(calendar) : undefined);
    provider = providerFor(calendar);
    // A roster or hours change alters what kiosks offer and who may sign in: tell open terminals now.
    realtime.refreshTerminals();
  };
  const admin = createAdmin({
    hall,
    db,
    io,
    logger,
    reloadDevices: () => {
      devices = readDevices(db);
      realtime.refreshTerminals();
    },
    calendar: () => calendar,
    onCalendarChanged: reloadCalendar,
    printing,
    callbacks: notifier.store.callbacks,
    passwordCost: opts.seedPasswordCost,
    tickMs: opts.adminTickMs,
    ...opts.adminDeps,
  });
  registerAdminRoutes(app, admin);
  const retention = new RetentionJob(db, clock, logger);

  const scheduler = calendar ? new DayScheduler(hall, () => calendar!, logger) : null;
  if (scheduler) {
    if (opts.schedulerEveryMs === 0) scheduler.tick();
    else scheduler.start(opts.schedulerEveryMs);
  } else if (opts.autoOpenDay) {
    const today = businessDateOf(clock.now());
    if (!hall.state.dayOpen || hall.state.businessDate !== today) {
      const r = hall.execute('system', { type: 'day.open', businessDate: today }, null, () => ({}));
      if (!r.ok) logger.warn({ error: r.error }, 'could not open the business day');
    }
  }

  await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
  sync.start();
  notifier.start();
  admin.start();
  if (opts.retentionEveryMs !== 0) retention.start(opts.retentionEveryMs);
  estimates.start();
  const addr = app.server.address() as AddressInfo;
  url = `${tls ? 'https' : 'http'}://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;

  let closed = false;
  return {
    app,
    io,
    hall,
    get calendar() {
      return calendar;
    },
    scheduler,
    printing,
    sync,
    notifier,
    retention,
    admin,
    db,
    url,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      scheduler?.stop();
      retention.stop();
      estimates.stop();
      collector.stop();
      printing.stop();
      realtime.stop();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close().catch(() => undefined);
      await admin.stop();
      await sync.stop();
      await notifier.stop();
      db.close();
    },
    reloadDevices() {
      devices = readDevices(db);
    },
    reloadCalendar,
  };
}

/**
 * The terminals' Content-Security-Policy: everything from the hall server itself, sockets to it, QR codes
 * and voice clips as data/blob URLs; no plug-ins, no framing, no foreign origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function registerPages(app: FastifyInstance, webDir: string | undefined): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });
  if (!webDir || !existsSync(path.join(webDir, 'index.html'))) {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Yichuang hall server is running. The terminals are not built: run `npm run build:web`.'),
    );
    return;
  }
  // Static files under one wildcard; the page routes below are exact and win over it.
  void app.register(fastifyStatic, staticFileOptions(webDir));
  for (const [route, file] of Object.entries(PAGES)) {
    app.get(route, async (_req, reply) => reply.type('text/html; charset=utf-8').sendFile(file));
  }
  app.get('/t/:id', async (_req, reply) => reply.type('text/html; charset=utf-8').sendFile('ticket.html'));
}
