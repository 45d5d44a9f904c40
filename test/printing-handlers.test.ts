import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallIo, Identity } from '../server/realtime/context';
import { registerPrintingHandlers, type PrintCommand, type PrintService } from '../server/printing';

const calls: { deviceId: string; cmd: PrintCommand }[] = [];
const fakeService: PrintService = {
  async print(deviceId, cmd) {
    calls.push({ deviceId, cmd });
    return { ok: true, result: { ok: false, code: 'PRINTER_NO_PAPER', message: '打印机缺纸', printed: 'no', status: null } };
  },
  printers: () => [],
  pollOnce: async () => undefined,
  onChange: () => () => undefined,
  stop: () => undefined,
};

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  calls.length = 0;
  await stop?.();
  stop = null;
});

/** A socket.io server on port 0 whose handshake says who the client is, with only ticket:print registered. */
async function serve(identity: Identity): Promise<Socket> {
  const http = createServer();
  const io: HallIo = new Server(http);
  io.use((socket, next) => {
    socket.data.identity = identity;
    next();
  });
  io.on('connection', (socket) => registerPrintingHandlers(socket, fakeService, { error: () => undefined }));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((r) => client.once('connect', () => r()));
  stop = async () => {
    client.disconnect();
    await new Promise<void>((r) => io.close(() => r()));
  };
  return client;
}

const kiosk: Identity = { role: 'kiosk', deviceId: 'kiosk-1', name: '1号取号机' };

describe('ticket:print', () => {
  it("acks a kiosk's print with the printer's result, for that kiosk's device", async () => {
    const client = await serve(kiosk);
    const ack = await client.timeout(5000).emitWithAck('ticket:print', { requestId: 'req-print-0001', ticketId: 't1' });
    expect(ack).toEqual({ ok: true, result: { ok: false, code: 'PRINTER_NO_PAPER', message: '打印机缺纸', printed: 'no', status: null } });
    expect(calls).toEqual([{ deviceId: 'kiosk-1', cmd: { requestId: 'req-print-0001', ticketId: 't1', reprint: false } }]);
  });

  it('refuses a malformed payload with BAD_REQUEST and prints nothing', async () => {
    const client = await serve(kiosk);
    const ack = await client.timeout(5000).emitWithAck('ticket:print', { requestId: 'x', ticketId: 't1', reprint: 'yes' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls).toEqual([]);
  });

  it('refuses a clerk with FORBIDDEN', async () => {
    const client = await serve({ role: 'clerk', staffId: 's1', name: '张伟' });
    const ack = await client.timeout(5000).emitWithAck('ticket:print', { requestId: 'req-print-0002', ticketId: 't1' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });
});
