import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { createHallServer } from './app';
import { SeedError } from './catalog/seed';

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
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm start -- [--host 127.0.0.1] [--port 8080] [--data ./data] [--seeds ./seeds]
Environment: YICHUANG_HOST, YICHUANG_PORT, YICHUANG_DATA, YICHUANG_SEEDS, YICHUANG_WEB, LOG_LEVEL`);
    process.exit(0);
  }
  const env = process.env;
  const parsed = configSchema.safeParse({
    host: values.host ?? env.YICHUANG_HOST ?? '127.0.0.1',
    port: values.port ?? env.YICHUANG_PORT ?? '8080',
    data: values.data ?? env.YICHUANG_DATA ?? path.join(root, 'data'),
    seeds: values.seeds ?? env.YICHUANG_SEEDS ?? path.join(root, 'seeds'),
    web: values.web ?? env.YICHUANG_WEB ?? path.join(root, 'dist/renderer'),
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
      seedDir: path.resolve(config.seeds),
      host: config.host,
      port: config.port,
      webDir: path.resolve(config.web),
      logger,
      autoOpenDay: true,
    });
  } catch (err) {
    if (err instanceof SeedError) {
      console.error(`Seed error: ${err.message}`);
      process.exit(3);
    }
    throw err;
  }
  const { url, hall } = server;
  const state = hall.state;
  console.log(`
一窗 Yichuang — ${state.catalog.hall.name}
Hall server: ${url}   (data: ${path.resolve(config.data)})
Business day: ${state.businessDate ?? '-'} ${state.dayOpen ? '(open)' : '(closed)'}; ${state.queue.size} waiting

Terminals (open in a browser):
  Kiosk 取号机         ${url}/kiosk?token=demo-kiosk-1-7d3f9c2a41
  Clerk 窗口终端       ${url}/clerk          (user zhangwei / lina / wangfang ..., password demo1234)
  Hall display 综合屏  ${url}/display?token=demo-display-main-c4f8a1b372
  Window screen 窗口屏 ${url}/display?token=demo-screen-w01-07919a   (window 1)
  Evaluation 评价器    ${url}/eval?token=demo-eval-w01-04729e          (window 1)
  Admin 管理后台       ${url}/admin          (user admin, password admin1234)
`);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
