/**
 * `npm run printer-emulator -- [--port 9100] [--type epson|star] [--out DIR] [--paper ok|near-end|out]
 *   [--mode online|offline|stall|hang] [--cover-open] [--delay MS] [--lines N]`
 *
 * Runs the emulated printer by hand. While it runs, type commands on stdin to change it:
 * `paper out`, `paper ok`, `cover open`, `cover closed`, `mode stall`, `delay 800`, `lines 10`,
 * `status`, `quit`. Each printed page is shown as text and saved under --out.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPrinterEmulator, type EmulatorState } from './emulator';
import { pageText, type PrintedPage } from './page-builder';

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(9100),
  type: z.enum(['epson', 'star']).default('epson'),
  out: z.string().default('test-artifacts/printing/emulator'),
  paper: z.enum(['ok', 'near-end', 'out']).default('ok'),
  mode: z.enum(['online', 'offline', 'stall', 'hang']).default('online'),
  'cover-open': z.boolean().default(false),
  delay: z.coerce.number().int().min(0).max(60_000).default(0),
  lines: z.coerce.number().int().min(1).optional(),
});

const commandSchema = z.union([
  z.tuple([z.literal('paper'), z.enum(['ok', 'near-end', 'out'])]),
  z.tuple([z.literal('cover'), z.enum(['open', 'closed'])]),
  z.tuple([z.literal('mode'), z.enum(['online', 'offline', 'stall', 'hang'])]),
  z.tuple([z.literal('delay'), z.coerce.number().int().min(0).max(60_000)]),
  z.tuple([z.literal('lines'), z.union([z.literal('endless'), z.coerce.number().int().min(1)])]),
  z.tuple([z.literal('status')]),
  z.tuple([z.literal('quit')]),
]);

function show(page: PrintedPage): void {
  const qr = page.items.flatMap((i) => (i.kind === 'qr' ? [`[QR ${i.payload}]`] : []));
  process.stdout.write(`\n--- page ${page.index} (${page.cut ?? 'torn off: paper out'}) ---\n${pageText(page).join('\n')}\n${qr.join('\n')}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      type: { type: 'string' },
      out: { type: 'string' },
      paper: { type: 'string' },
      mode: { type: 'string' },
      'cover-open': { type: 'boolean' },
      delay: { type: 'string' },
      lines: { type: 'string' },
    },
  });
  const args = argsSchema.parse(values);
  const emu = await startPrinterEmulator({
    port: args.port,
    type: args.type,
    outDir: args.out,
    paper: args.paper,
    mode: args.mode,
    coverOpen: args['cover-open'],
    delayMs: args.delay,
    linesLeft: args.lines ?? null,
    onPage: show,
  });
  process.stdout.write(`printer emulator (${args.type}) listening on ${emu.uri}; pages saved under ${args.out}\n`);
  process.stdout.write('commands: paper ok|near-end|out, cover open|closed, mode online|offline|stall|hang, delay MS, lines N|endless, status, quit\n');

  const rl = createInterface({ input: process.stdin });
  const stop = async () => {
    rl.close();
    await emu.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  rl.on('line', (line) => {
    const parsed = commandSchema.safeParse(line.trim().split(/\s+/));
    if (!parsed.success) {
      process.stdout.write(`? ${line.trim()}\n`);
      return;
    }
    const cmd = parsed.data;
    const patch: Partial<EmulatorState> = {};
    if (cmd[0] === 'quit') return void stop();
    if (cmd[0] === 'paper') patch.paper = cmd[1];
    if (cmd[0] === 'cover') patch.coverOpen = cmd[1] === 'open';
    if (cmd[0] === 'mode') patch.mode = cmd[1];
    if (cmd[0] === 'delay') patch.delayMs = cmd[1];
    if (cmd[0] === 'lines') patch.linesLeft = cmd[1] === 'endless' ? null : cmd[1];
    emu.set(patch);
    process.stdout.write(`${JSON.stringify({ ...emu.state, pages: emu.pages.length, cutsReceived: emu.cutsReceived })}\n`);
  });
  // Without a terminal (e.g. started by a script) stdin may end at once; keep serving until a signal.
  rl.on('close', () => undefined);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
