import type { Socket } from 'socket.io-client';
import { rid } from '../../../test/helpers/hall';
import type { FakeClock } from '../../../test/helpers/hall';
import type { AdminHall } from './admin-hall';

export const TOKENS = {
  kiosk: 'demo-kiosk-1-7d3f9c2a41',
  evalW01: 'demo-eval-w01-04729e',
  evalW02: 'demo-eval-w02-09458e',
};
const MIN = 60_000;

async function ok(socket: Socket, event: string, payload: Record<string, unknown>): Promise<any> {
  const r = await socket.timeout(5000).emitWithAck(event, { requestId: rid(), ...payload });
  if (!r.ok) throw new Error(`${event} refused: ${r.error.code} ${r.error.message}`);
  return r;
}

/**
 * A morning played through the server with a fake clock starting at 09:00 (Tuesday 2026-11-24, Shanghai),
 * small enough to compute every figure by hand (the expected figures are worked out in report tests):
 *
 * | min | what |
 * | 0 | 张伟 w01, 李娜 w02, 王芳 w12 sign in; A001 社保卡 |
 * | 2, 4 | A002 身份证, A003 社保卡 |
 * | 5 | A004 户口迁移, 老年人 (goes first) |
 * | 6 | w01 calls A004 (wait 1), starts; 7 w02 calls A001 (wait 7), 8 starts |
 * | 16 | w01 completes A004 (handling 10), calls A002; 17 recalls; 17 the w01 pad rates A004 非常满意 |
 * | 18 | w01 marks A002 no-show, calls A003 (wait 14), 19 starts |
 * | 20 | w02 completes A001 (handling 12); 21 the w02 pad rates A001 不满意 |
 * | 21 | w01 transfers A003 to 发票申领 (group B, keeps its 14 minutes) |
 * | 22 | w12 calls A003 (wait 14 + 1 = 15), starts; 30 completes (handling 8) |
 * | 25 | A005 社保卡; 26 w02 calls (wait 1), starts; 31 completes (handling 5); never rated |
 * | 40 | w02 pauses; 70 (10:10) resumes; 90 (10:30) the day closes |
 */
export async function playDay(h: AdminHall, clock: FakeClock): Promise<Record<string, string>> {
  const t0 = clock.t;
  const at = (m: number) => (clock.t = t0 + m * MIN);
  const kiosk = (await h.terminal(TOKENS.kiosk)).socket;
  const w01 = (await h.terminal(await h.login('zhangwei'))).socket;
  const w02 = (await h.terminal(await h.login('lina'))).socket;
  const w12 = (await h.terminal(await h.login('wangfang'))).socket;
  const pad1 = (await h.terminal(TOKENS.evalW01)).socket;
  const pad2 = (await h.terminal(TOKENS.evalW02)).socket;
  const ids: Record<string, string> = {};
  const take = async (n: string, payload: Record<string, unknown>) => (ids[n] = (await ok(kiosk, 'ticket:take', payload)).ticket.id);

  at(0);
  await ok(w01, 'window:signIn', { windowId: 'w01' });
  await ok(w02, 'window:signIn', { windowId: 'w02' });
  await ok(w12, 'window:signIn', { windowId: 'w12' });
  await take('A001', { serviceIds: ['svc-sscard'] });
  at(2);
  await take('A002', { serviceIds: ['svc-id-card'] });
  at(4);
  await take('A003', { serviceIds: ['svc-sscard'] });
  at(5);
  await take('A004', { serviceIds: ['svc-hukou-move'], priority: 'elderly' });
  at(6);
  expect((await ok(w01, 'window:callNext', {})).ticket.number, 'A004');
  await ok(w01, 'ticket:start', { ticketId: ids.A004 });
  at(7);
  expect((await ok(w02, 'window:callNext', {})).ticket.number, 'A001');
  at(8);
  await ok(w02, 'ticket:start', { ticketId: ids.A001 });
  at(16);
  await ok(w01, 'ticket:complete', { ticketId: ids.A004, outcome: 'done', serviceIds: ['svc-hukou-move'] });
  expect((await ok(w01, 'window:callNext', {})).ticket.number, 'A002');
  at(17);
  await ok(w01, 'ticket:recall', { ticketId: ids.A002 });
  await ok(pad1, 'evaluation:submit', { ticketId: ids.A004, level: 5 });
  at(18);
  await ok(w01, 'ticket:noShow', { ticketId: ids.A002 });
  expect((await ok(w01, 'window:callNext', {})).ticket.number, 'A003');
  at(19);
  await ok(w01, 'ticket:start', { ticketId: ids.A003 });
  at(20);
  await ok(w02, 'ticket:complete', { ticketId: ids.A001, outcome: 'done', serviceIds: ['svc-sscard'] });
  at(21);
  await ok(pad2, 'evaluation:submit', { ticketId: ids.A001, level: 2, comment: '等候时间太长' });
  await ok(w01, 'ticket:transfer', { ticketId: ids.A003, serviceIds: ['svc-invoice'] });
  at(22);
  expect((await ok(w12, 'window:callNext', {})).ticket.number, 'A003');
  await ok(w12, 'ticket:start', { ticketId: ids.A003 });
  at(25);
  await take('A005', { serviceIds: ['svc-sscard'] });
  at(26);
  expect((await ok(w02, 'window:callNext', {})).ticket.number, 'A005');
  await ok(w02, 'ticket:start', { ticketId: ids.A005 });
  at(30);
  await ok(w12, 'ticket:complete', { ticketId: ids.A003, outcome: 'done', serviceIds: ['svc-invoice'] });
  at(31);
  await ok(w02, 'ticket:complete', { ticketId: ids.A005, outcome: 'done', serviceIds: ['svc-sscard'] });
  at(40);
  await ok(w02, 'window:pause', { reason: 'lunch' });
  at(70);
  await ok(w02, 'window:resume', {});
  at(90);
  const closed = h.server.hall.execute('system', { type: 'day.close', reason: '营业结束' }, null, () => ({}));
  if (!closed.ok) throw new Error(closed.error.message);
  for (const s of [kiosk, w01, w02, w12, pad1, pad2]) s.disconnect();
  return ids;
}

function expect(actual: unknown, wanted: unknown): void {
  if (actual !== wanted) throw new Error(`the played day went off script: got ${String(actual)}, wanted ${String(wanted)}`);
}
