import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** What the proxy does to one request. */
export type Fault =
  | 'pass'
  /** Answers 500 without forwarding. */
  | 'error500'
  /** Drops the connection before forwarding (the receiver never sees it). */
  | 'reset'
  /** Forwards, lets the receiver store the batch, then drops the connection instead of answering. */
  | 'lose-reply'
  /** Answers 413 without forwarding. */
  | 'too-large'
  /** Forwards after a delay (the receiver stores it even if the sender gave up waiting). */
  | { delayMs: number };

/** One request the proxy saw. */
export interface ProxiedRequest {
  n: number;
  batchId: string | undefined;
  seqs: number[];
  fault: Fault;
}

/** A plan: what to do with request number `n` (from 1) carrying `seqs`. */
export type FaultPlan = (n: number, seqs: number[]) => Fault;

function seqsOf(req: IncomingMessage, body: Buffer): number[] {
  try {
    const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const json = JSON.parse(raw.toString('utf8')) as { records?: { seq: number }[] };
    return (json.records ?? []).map((r) => r.seq);
  } catch {
    return [];
  }
}

/**
 * An HTTP proxy on 127.0.0.1 between the sender and a real receiver that injects faults by plan, and
 * can go down (refuse connections) and come back on the same port.
 */
export async function startFaultProxy(upstream: string, plan: FaultPlan = () => 'pass', opts: { readBodies?: boolean } = {}) {
  // Reading every body (gunzip + JSON) is for plans and tests that look at the records; a benchmark
  // whose plan does not look at them leaves it off, so the proxy's work is not counted as the sync's.
  const readBodies = opts.readBodies ?? true;
  // node:http with one kept-alive connection, not fetch: the proxy stands for the network, and what it
  // costs is not the sync's.
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  function forward(method: string, path: string, headers: Record<string, string>, body: Buffer) {
    return new Promise<{ status: number; contentType: string | undefined; body: Buffer }>((resolve, reject) => {
      const out = request(
        { host: target.hostname, port: target.port, method, path, agent, headers: { ...headers, 'content-length': String(body.length) } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () =>
            resolve({ status: answer.statusCode ?? 502, contentType: answer.headers['content-type'], body: Buffer.concat(parts) }),
          );
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
  const seen: ProxiedRequest[] = [];
  /** Body bytes as they crossed the wire: requests from the sender (gzip as sent), answers to it. */
  const bytes = { up: 0, down: 0 };
  let currentPlan = plan;
  const server: Server = createServer((req, res) => {
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      bytes.up += body.length;
      const seqs = readBodies ? seqsOf(req, body) : [];
      const n = seen.length + 1;
      const fault = currentPlan(n, seqs);
      seen.push({ n, batchId: req.headers['x-yichuang-batch-id'] as string | undefined, seqs, fault });
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'error500' || fault === 'too-large') {
        const code = fault === 'error500' ? 500 : 413;
        const error = fault === 'error500' ? 'INTERNAL' : 'BATCH_TOO_LARGE';
        const reply = Buffer.from(JSON.stringify({ ok: false, error: { code: error, message: 'injected' } }));
        bytes.down += reply.length;
        res.writeHead(code, { 'content-type': 'application/json' });
        return void res.end(reply);
      }
      if (typeof fault === 'object') await new Promise((r) => setTimeout(r, fault.delayMs));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && !['host', 'connection', 'content-length', 'keep-alive'].includes(k)) headers[k] = v;
      }
      const r = await forward(req.method ?? 'POST', req.url ?? '/', headers, body);
      if (fault === 'lose-reply') return void req.socket.destroy();
      bytes.down += r.body.length;
      res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json' });
      res.end(r.body);
    })().catch(() => req.socket.destroy());
  });

  async function listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  async function down(): Promise<void> {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    bytes,
    setPlan(p: FaultPlan) {
      currentPlan = p;
    },
    /** Stops listening: connections are refused until `up()`. */
    down,
    /** Listens again on the same port. */
    async up() {
      await listen(port);
    },
    close: async () => {
      agent.destroy();
      if (server.listening) await down();
    },
  };
}

/** The proxy's type. */
export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;
