import { afterEach, describe, expect, it } from 'vitest';
import { createSyncService } from '../server/sync/service';
import { TEST_HALL_KEY } from '../server/sync/test-support/fixtures';
import { startReceiver, type TestReceiver } from '../server/sync/test-support/receiver';
import { send, startTestHall, TOKENS, type TestHall } from './helpers/hall';

let hall: TestHall | undefined;
let receiver: TestReceiver | undefined;
afterEach(async () => {
  await hall?.stop();
  await receiver?.close();
  hall = undefined;
  receiver = undefined;
});

// The contract between the hall's store (which writes the outbox) and the district receiver: what the
// hall really writes on completion and evaluation is taken whole, with nothing kept aside.
describe('case records from a real hall server to the district receiver', () => {
  it('ships the cases a clerk completed and the evaluation that came after, and the receiver takes them all', async () => {
    hall = await startTestHall();
    const hallId = hall.server.hall.state.catalog.hall.id;
    receiver = await startReceiver({ hallIds: [hallId] });
    const { socket: kiosk } = await hall.terminal(TOKENS.kiosk);
    const { socket: pad } = await hall.terminal(TOKENS.evalW01);
    const clerk = (await hall.terminal(await hall.login('zhangwei'))).socket;
    await send(clerk, 'window:signIn', { windowId: 'w01' });

    expect((await send(kiosk, 'ticket:take', { bundleId: 'bdl-retire' })).ok).toBe(true);
    expect((await send(kiosk, 'ticket:take', { serviceIds: ['svc-sscard'] })).ok).toBe(true);
    const served: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await send(clerk, 'window:callNext', {});
      if (!c.ok || !c.ticket) throw new Error('nothing to call');
      const serviceIds = c.ticket.bundleId ? ['svc-retire', 'svc-fund-withdraw', 'svc-elderly-card'] : c.ticket.serviceIds;
      const done = await send(clerk, 'ticket:complete', { ticketId: c.ticket.id, outcome: 'done', serviceIds });
      expect(done.ok).toBe(true);
      served.push(c.ticket.id);
    }

    const sync = createSyncService({
      db: hall.server.db,
      config: { url: receiver.url, hallId, key: TEST_HALL_KEY },
    });
    const first = await sync.flushNow();
    expect(first).toMatchObject({ accepted: 2, rejected: 0, error: null });

    // The rating comes after the case went up: an update to the case.
    const r = await send(pad, 'evaluation:submit', { ticketId: served[1]!, level: 4 });
    expect(r.ok).toBe(true);
    const second = await sync.flushNow();
    expect(second).toMatchObject({ accepted: 1, rejected: 0, error: null });
    expect(sync.status()).toMatchObject({ backlog: 0, deadLetters: 0 });

    const rows = await receiver.db.query<{ ticket_id: string; evaluation_level: number | null }>(
      'SELECT ticket_id, evaluation_level FROM cases ORDER BY seq',
    );
    expect(rows.rows).toEqual([
      { ticket_id: served[0], evaluation_level: null },
      { ticket_id: served[1], evaluation_level: 4 },
    ]);
    await sync.stop();
  });
});
