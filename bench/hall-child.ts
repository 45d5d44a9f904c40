/**
 * The hall server as the benchmark runs it: its own process, a real database file, always open.
 * Prints `READY <url>`; on `process.send('usage')` answers with its peak memory, on `'cpu'` with the CPU
 * time it has used.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
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
// A CPU profile of one part of the run (`BENCH_CPU_PROFILE=<dir>`): the process ends by SIGKILL, so
// --cpu-prof would never write; the inspector's profiler is started and stopped around the part instead.
let profiler: Session | null = null;
process.on('message', (m) => {
  if (m === 'usage') {
    // Beside the peak: the heap V8 holds (used and committed) and what lives outside it (buffers), now.
    const mem = process.memoryUsage();
    const mb = (b: number) => Math.round(b / 2 ** 20);
    process.send?.({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), heapUsedMb: mb(mem.heapUsed), heapTotalMb: mb(mem.heapTotal), externalMb: mb(mem.external), rssNowMb: mb(mem.rss) });
  }
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMs: (user + system) / 1000 });
  }
  if (typeof m === 'object' && m !== null && 'profile' in m) void profile(String(m.profile));
});
async function profile(to: string): Promise<void> {
  if (!profiler) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(to, JSON.stringify(profile));
    profiler.disconnect();
    profiler = null;
  }
  process.send?.('profiled');
}
process.stdout.write(`READY ${server.url}\n`);
