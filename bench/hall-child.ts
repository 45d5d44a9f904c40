/**
 * The hall server as the benchmark runs it: its own process, a real database file, always open.
 * Prints `READY <url>`; on `process.send('usage')` answers with its peak memory.
 */
import path from 'node:path';
import pino from 'pino';
import { createHallServer } from '../server/app';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: hall-child <dataDir>');
const server = await createHallServer({
  dbFile: path.join(dataDir, 'hall.db'),
  // Run bundled from dist/bench/ with the project folder as its working directory.
  seedDir: path.resolve('seeds'),
  logger: pino({ level: 'silent' }),
  calendar: 'off',
  autoOpenDay: true,
  seedPasswordCost: 1024,
  printing: { pollMs: 0 },
  // Measures the pipeline (the limiter included) at machine speed, not the hall's per-terminal limits.
  rateLimits: { devicePerSecond: 1e6, deviceBurst: 1e6, staffPerSecond: 1e6, staffBurst: 1e6 },
});
process.on('message', (m) => {
  if (m === 'usage') process.send?.({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) });
});
process.stdout.write(`READY ${server.url}\n`);
