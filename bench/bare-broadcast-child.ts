/**
 * The floor for call fan-out: a bare socket.io server that, when one client emits `go`, broadcasts the
 * same payload a call carries to every other client. No auth, no domain, no database.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  void socket.join('displays');
  socket.on('go', (payload: unknown, ack: (x: unknown) => void) => {
    io.to('displays').emit('call', payload);
    ack({ ok: true });
  });
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
