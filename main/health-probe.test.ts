import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthProbe } from './health-probe';

let server: Server | null = null;

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('createHealthProbe', () => {
  it('reports up when /healthz answers 200', async () => {
    const paths: string[] = [];
    const origin = await serve((req, res) => {
      paths.push(req.url ?? '');
      res.end('ok');
    });
    expect(await createHealthProbe(origin, fetch)()).toBe(true);
    expect(paths).toEqual(['/healthz']);
  });

  it('reports down on a server error, a redirect, or nobody listening', async () => {
    const origin = await serve((req, res) => {
      res.statusCode = req.headers['x-n'] === undefined ? 503 : 302;
      res.end();
    });
    expect(await createHealthProbe(origin, fetch)()).toBe(false);
    const redirecting = createHealthProbe(origin, (url, init) => fetch(url, { ...init, headers: { 'x-n': '1' } }));
    expect(await redirecting()).toBe(false);
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = null;
    expect(await createHealthProbe(origin, fetch)()).toBe(false);
  });

  it('gives up at its timeout when the server accepts but never answers', async () => {
    const origin = await serve(() => {
      /* never answers */
    });
    expect(await createHealthProbe(origin, fetch, 200)()).toBe(false);
  });
});
