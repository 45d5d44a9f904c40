import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signBody, SIGNATURE_HEADER } from '../http-gateway';

export interface ReceivedSms {
  id: string;
  to: string;
  text: string;
  sentAt: string;
}

/**
 * A local SMS gateway on 127.0.0.1, port 0, for tests. It checks the signature (a bad one gets 401),
 * records what it accepted, and can be told to fail (`status`) or to hang (never answer).
 */
export interface FakeGateway {
  url: string;
  received: ReceivedSms[];
  /** Requests seen, accepted or not. */
  attempts: number;
  mode: 'ok' | 'hang' | { status: number };
  close(): Promise<void>;
}

export async function startFakeGateway(secret: string): Promise<FakeGateway> {
  const hanging = new Set<import('node:http').ServerResponse>();
  const gw: FakeGateway = { url: '', received: [], attempts: 0, mode: 'ok', close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      gw.attempts++;
      const body = Buffer.concat(chunks).toString('utf8');
      if (gw.mode === 'hang') {
        hanging.add(res);
        return;
      }
      if (req.headers[SIGNATURE_HEADER] !== signBody(body, secret)) {
        res.writeHead(401).end('bad signature');
        return;
      }
      if (typeof gw.mode === 'object') {
        res.writeHead(gw.mode.status).end('failing');
        return;
      }
      gw.received.push(JSON.parse(body) as ReceivedSms);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  gw.close = async () => {
    for (const r of hanging) r.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return gw;
}
