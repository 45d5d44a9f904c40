import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { send, startTestHall, TOKENS, until, type TestHall } from '../../test/helpers/hall';

describe('connection-state recovery', () => {
  let hall: TestHall | undefined;
  let display: Socket | undefined;
  afterEach(async () => {
    display?.disconnect();
    await hall?.stop();
  });

  it('replays the calls a display missed in a short drop, and no feed event, when it comes back', async () => {
    hall = await startTestHall();
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    expect((await send(clerk, 'window:signIn', { windowId: 'w01' })).ok).toBe(true);

    // A display that reconnects by itself, as the terminals do; every push in arrival order.
    const d = connect(hall.server.url, { auth: { token: TOKENS.display }, transports: ['websocket'], forceNew: true, reconnectionDelay: 50 });
    display = d;
    const received: string[] = [];
    d.onAny((event: string) => received.push(event));
    await until(() => received.includes('hall:snapshot'));
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const first = await send(clerk, 'window:callNext', {});
    expect(first.ok).toBe(true);
    await until(() => received.includes('call'));
    if (!first.ok) return;
    const done = await send(clerk, 'ticket:complete', { ticketId: first.ticket.id, outcome: 'done', serviceIds: ['svc-sscard'] });
    expect(done.ok).toBe(true);

    // The network drops: the server keeps the display's session for the recovery window.
    d.io.engine.close();
    await until(() => !d.connected);
    received.length = 0;
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const missed = await send(clerk, 'window:callNext', {});
    expect(missed.ok).toBe(true);

    await until(() => received.includes('hall:snapshot'));
    expect(d.recovered).toBe(true);
    // Before the snapshot only the missed call: the feed events of the drop are in the snapshot.
    expect(received.slice(0, received.indexOf('hall:snapshot'))).toEqual(['call']);
  });
});
