/**
 * A network thermal printer of our own, for tests and for trying the kiosk by hand. It listens on
 * 127.0.0.1, takes raw ESC/POS (or Star Line Mode), answers status requests the way a real printer
 * does, prints into pages it can save (decoded JSON and the raw bytes), and can be told to run out
 * of paper, go offline, open its cover, be slow, stall or hang.
 *
 * Like a real printer it keeps one receive buffer: real-time requests (`DLE EOT`, `ESC ACK SOH`) are
 * answered on arrival, everything else waits its turn and is printed only while the printer can
 * print. Data already received is printed even if the sender has hung up.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import type { PrinterType } from '../../protocol/print';
import { PageBuilder, type PrintedPage } from './page-builder';
import { isRealtime, tokenize, type Token } from './tokenizer';

/** How the emulated printer behaves; every field can be changed while it runs. */
export interface EmulatorState {
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  /**
   * `online`: normal. `offline`: answers status with the offline bit and prints nothing.
   * `stall`: answers real-time status as online but prints nothing (and so never confirms) until
   * set back to online. `hang`: takes connections and bytes, answers nothing, prints nothing.
   */
  mode: 'online' | 'offline' | 'stall' | 'hang';
  /** Delay before every answer and before printing each received chunk. */
  delayMs: number;
  /** Lines left on the roll; at 0 the paper runs out mid-ticket. null = endless. */
  linesLeft: number | null;
}

/** Options for `startPrinterEmulator`. */
export interface EmulatorOptions extends Partial<EmulatorState> {
  type?: PrinterType;
  /** Port to listen on (0 = any free port). Default 9100. */
  port?: number;
  /** Where to save each page as page-NNNN.json and page-NNNN.bin; nothing is saved without it. */
  outDir?: string;
  /** Called for each printed page (after it is saved). */
  onPage?: (page: PrintedPage) => void;
}

/** A running emulator. */
export interface PrinterEmulator {
  readonly port: number;
  /** `tcp://127.0.0.1:PORT`, ready for PrinterConfig.uri. */
  readonly uri: string;
  readonly state: Readonly<EmulatorState>;
  /** Pages printed so far, in order. */
  readonly pages: readonly PrintedPage[];
  /** How many cut commands have arrived (printed or still waiting in the buffer). */
  readonly cutsReceived: number;
  /** How many connections have been opened. */
  readonly connections: number;
  /** Changes the state; waiting data is printed as soon as the printer can print again. */
  set(patch: Partial<EmulatorState>): void;
  /**
   * Resolves once every client has hung up, so every byte sent has arrived (a test asserts on what
   * the printer received only after this), or rejects after `timeoutMs`.
   */
  idle(timeoutMs?: number): Promise<void>;
  /** Resolves when at least `n` pages have printed, or rejects after `timeoutMs`. */
  waitForPages(n: number, timeoutMs?: number): Promise<readonly PrintedPage[]>;
  close(): Promise<void>;
}

interface Pending {
  tok: Token;
  socket: net.Socket;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts an emulated printer on 127.0.0.1. */
export async function startPrinterEmulator(options: EmulatorOptions = {}): Promise<PrinterEmulator> {
  const type = options.type ?? 'epson';
  const state: EmulatorState = {
    paper: options.paper ?? 'ok',
    coverOpen: options.coverOpen ?? false,
    mode: options.mode ?? 'online',
    delayMs: options.delayMs ?? 0,
    linesLeft: options.linesLeft ?? null,
  };
  const pages: PrintedPage[] = [];
  const queue: Pending[] = [];
  const sockets = new Set<net.Socket>();
  const builder = new PageBuilder();
  let pageRaw: Buffer[] = [];
  let cutsReceived = 0;
  let connections = 0;
  let etbCount = 0;
  let draining = false;
  const pageWaiters = new Set<() => void>();
  const idleWaiters = new Set<() => void>();

  const canPrint = () => state.mode === 'online' && state.paper !== 'out' && !state.coverOpen;
  const offline = () => state.mode === 'offline' || state.paper === 'out' || state.coverOpen;

  function dleEot(n: number): number {
    const paperOut = state.paper === 'out';
    if (n === 1) return 0x16 | (offline() ? 0x08 : 0);
    if (n === 2) return 0x12 | (state.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
    if (n === 4) return 0x12 | (state.paper !== 'ok' ? 0x0c : 0) | (paperOut ? 0x60 : 0);
    return 0x12;
  }

  function asb(): Buffer {
    // 9-byte automatic status: header 0x23, version, then status bytes 2..8.
    const s2 = (offline() ? 0x08 : 0) | (state.coverOpen ? 0x20 : 0);
    const s5 = state.paper === 'out' ? 0x0c : state.paper === 'near-end' ? 0x04 : 0;
    return Buffer.from([0x23, 0x00, s2, 0, 0, s5, 0, (etbCount & 0x1f) << 1, 0]);
  }

  function answer(socket: net.Socket, bytes: Buffer): void {
    const send = () => {
      if (!socket.destroyed) socket.write(bytes);
    };
    if (state.delayMs > 0) setTimeout(send, state.delayMs);
    else send();
  }

  async function savePage(page: PrintedPage, raw: Buffer): Promise<void> {
    if (!options.outDir) return;
    const name = `page-${String(page.index).padStart(4, '0')}`;
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, `${name}.json`), JSON.stringify(page, null, 2));
    await writeFile(join(options.outDir, `${name}.bin`), raw);
  }

  async function pagePrinted(page: PrintedPage): Promise<void> {
    const raw = Buffer.concat(pageRaw);
    pageRaw = [];
    pages.push(page);
    await savePage(page, raw).catch(() => undefined);
    options.onPage?.(page);
    for (const w of pageWaiters) w();
  }

  /** Prints waiting tokens while the printer can; stops (keeping the rest) when it cannot. */
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      if (state.delayMs > 0) await sleep(state.delayMs);
      while (queue.length > 0 && canPrint()) {
        const { tok, socket } = queue.shift()!;
        pageRaw.push(tok.raw);
        if (tok.t === 'status' && tok.query === 'gs-r') {
          answer(socket, Buffer.from([state.paper === 'near-end' ? 0x03 : 0x00]));
          continue;
        }
        if (tok.t === 'status' && tok.query === 'etb') {
          etbCount++;
          answer(socket, asb());
          continue;
        }
        const page = builder.apply(tok);
        if (page) await pagePrinted(page);
        if (tok.t === 'lf' && state.linesLeft !== null && --state.linesLeft <= 0) {
          state.paper = 'out';
          const torn = builder.tearOff();
          if (torn) await pagePrinted(torn);
        }
      }
    } finally {
      draining = false;
    }
    // State may have changed while we were printing.
    if (queue.length > 0 && canPrint()) void drain();
  }

  function onConnection(socket: net.Socket): void {
    connections++;
    sockets.add(socket);
    let pending = Buffer.alloc(0);
    socket.on('close', () => {
      sockets.delete(socket);
      for (const w of idleWaiters) w();
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const { tokens, consumed } = tokenize(pending, type);
      pending = pending.subarray(consumed);
      for (const tok of tokens) {
        if (tok.t === 'cut') cutsReceived++;
        if (isRealtime(tok)) {
          // A hanging printer takes bytes into its buffer and answers nothing.
          if (state.mode === 'hang') continue;
          if (tok.t === 'status' && tok.query === 'asb') answer(socket, asb());
          else if (tok.t === 'status') answer(socket, Buffer.from([dleEot(tok.n)]));
        } else {
          queue.push({ tok, socket });
        }
      }
      void drain();
    });
  }

  const server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9100, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    uri: `tcp://127.0.0.1:${port}`,
    state,
    pages,
    get cutsReceived() {
      return cutsReceived;
    },
    get connections() {
      return connections;
    },
    set(patch) {
      Object.assign(state, patch);
      void drain();
    },
    idle(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sockets.size > 0) return;
          clearTimeout(timer);
          idleWaiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(check);
          reject(new Error(`${sockets.size} client(s) still connected after ${timeoutMs} ms`));
        }, timeoutMs);
        idleWaiters.add(check);
        check();
      });
    },
    waitForPages(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pages.length < n) return;
          clearTimeout(timer);
          pageWaiters.delete(check);
          resolve(pages);
        };
        const timer = setTimeout(() => {
          pageWaiters.delete(check);
          reject(new Error(`only ${pages.length} of ${n} pages printed within ${timeoutMs} ms`));
        }, timeoutMs);
        pageWaiters.add(check);
        check();
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
